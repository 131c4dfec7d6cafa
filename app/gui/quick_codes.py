"""Quick-code keys 1..9: which code each digit applies, remembered per project."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.gui.preferences import Preferences
from app.gui.project_model import ProjectModel
from coding import queries

KEYS = range(1, 10)


class QuickCodes(QObject):
    changed = Signal()

    def __init__(self, model: ProjectModel, preferences: Preferences) -> None:
        super().__init__(model)
        self.model = model
        self.preferences = preferences
        self.keys: dict[int, int] = {}
        model.opened.connect(self.load)
        model.closed.connect(self._clear)
        model.changed.connect(self._changed)

    def load(self) -> None:
        if self.model.project is None:
            return self._clear()
        saved = self.preferences.quick_codes(self.model.project.path)
        codes = queries.codebook(self.model.project)
        existing = {code.id for code in codes}
        if saved is None:
            # Until the user assigns keys, 1..9 apply the first nine codes of the codebook.
            leaves = [code for code in codes if not any(c.parent_id == code.id for c in codes)]
            saved = {key: code.id for key, code in zip(KEYS, leaves, strict=False)}
            if saved:  # remembered, so that new codes never shift what a key applies
                self.preferences.set_quick_codes(self.model.project.path, saved)
        self.keys = {key: code for key, code in saved.items() if code in existing}
        self.changed.emit()
        return None

    def _clear(self) -> None:
        self.keys = {}
        self.changed.emit()

    def _changed(self, changes: object) -> None:
        if getattr(changes, "codes", False):
            self.load()  # drops keys of deleted codes; gives defaults to a first codebook

    def code_for(self, key: int) -> int | None:
        return self.keys.get(key)

    def key_for(self, code_id: int) -> int | None:
        for key, code in self.keys.items():
            if code == code_id:
                return key
        return None

    def assign(self, key: int, code_id: int | None) -> None:
        if self.model.project is None:
            return
        keys = {k: c for k, c in self.keys.items() if c != code_id and k != key}
        if code_id is not None:
            keys[key] = code_id
        self.keys = keys
        self.preferences.set_quick_codes(self.model.project.path, keys)
        self.changed.emit()
