"""What the app remembers between sessions (QSettings): recent projects, layout, keys."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow

MAX_RECENT = 8
DEFAULT_REWIND_MS = 2000
DEFAULT_SKIP_MS = 5000


class Preferences:
    def __init__(self, settings: QSettings | None = None) -> None:
        self.settings = settings if settings is not None else QSettings()

    # -- recent projects -------------------------------------------------------------------

    def recent_projects(self) -> list[str]:
        value = self.settings.value("recent/projects", [])
        if isinstance(value, str):
            value = [value] if value else []
        paths = value if isinstance(value, list) else []
        return [str(path) for path in paths if Path(str(path)).is_file()]

    def add_recent(self, path: Path | str) -> None:
        text = str(Path(path).resolve())
        paths = [p for p in self.recent_projects() if p != text]
        self.settings.setValue("recent/projects", [text, *paths][:MAX_RECENT])

    def clear_recent(self) -> None:
        self.settings.setValue("recent/projects", [])

    # -- window ----------------------------------------------------------------------------

    def save_window(self, window: QMainWindow) -> None:
        self.settings.setValue("window/geometry", window.saveGeometry())
        self.settings.setValue("window/state", window.saveState())

    def restore_window(self, window: QMainWindow) -> bool:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        restored = False
        if isinstance(geometry, QByteArray | bytes) and geometry:
            restored = window.restoreGeometry(geometry)
        if isinstance(state, QByteArray | bytes) and state:
            window.restoreState(state)
        return restored

    # -- quick-code keys (per project) -----------------------------------------------------

    @staticmethod
    def _project_key(project_path: Path | str) -> str:
        digest = hashlib.sha1(str(Path(project_path).resolve()).encode()).hexdigest()[:16]
        return f"quickcodes/{digest}"

    def quick_codes(self, project_path: Path | str) -> dict[int, int] | None:
        """Key (1-9) -> code id, or None when this project never had keys assigned."""
        raw = self.settings.value(self._project_key(project_path))
        if not raw:
            return None
        try:
            return {int(key): int(code) for key, code in json.loads(str(raw)).items()}
        except (ValueError, AttributeError):
            return None

    def set_quick_codes(self, project_path: Path | str, keys: dict[int, int]) -> None:
        self.settings.setValue(
            self._project_key(project_path), json.dumps({str(k): v for k, v in keys.items()})
        )

    # -- transcription keys ----------------------------------------------------------------

    def _int(self, key: str, default: int) -> int:
        try:
            return int(str(self.settings.value(key, default)))
        except (TypeError, ValueError):
            return default

    @property
    def rewind_ms(self) -> int:
        return self._int("transcript/rewind_ms", DEFAULT_REWIND_MS)

    @rewind_ms.setter
    def rewind_ms(self, value: int) -> None:
        self.settings.setValue("transcript/rewind_ms", int(value))

    @property
    def skip_ms(self) -> int:
        return self._int("transcript/skip_ms", DEFAULT_SKIP_MS)

    # -- misc ------------------------------------------------------------------------------

    @property
    def coder(self) -> str:
        return str(self.settings.value("coding/coder", "") or "")

    @coder.setter
    def coder(self, name: str) -> None:
        self.settings.setValue("coding/coder", name.strip())

    @property
    def grouping(self) -> str:
        return str(self.settings.value("documents/grouping", "case") or "case")

    @grouping.setter
    def grouping(self, value: str) -> None:
        self.settings.setValue("documents/grouping", value)
