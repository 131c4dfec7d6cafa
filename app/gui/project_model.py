"""The open project as seen by the window: one QObject that every view subscribes to.

All changes go through ``run``: it calls a keyword-only service from coding/, shows a
TranscodaError as a message (never a traceback) and broadcasts the returned ``Changes`` so each
view refreshes only what its flags say. Undo and redo are the domain's own history.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from coding import history
from coding.changes import Changes
from coding.errors import TranscodaError
from coding.history import HistoryState
from coding.importers.errors import ImportFormatError
from coding.project import Project


class ProjectModel(QObject):
    opened = Signal()
    aboutToClose = Signal()  # the project is still open: background work on it must stop
    closed = Signal()
    changed = Signal(object)  # Changes
    historyChanged = Signal(object)  # HistoryState
    failed = Signal(str)
    message = Signal(str)
    # Emitted before any command so that editors commit typing that is not saved yet.
    aboutToRun = Signal()
    currentDocumentChanged = Signal(object)  # document id or None
    currentCodeChanged = Signal(object)  # code id or None
    revealRequested = Signal(int, int, int)  # document id, start, end (code points)
    visibleCodersChanged = Signal(object)  # list of coder names, or None for everyone

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.coder: str | None = None
        self.current_document: int | None = None
        self.current_code: int | None = None
        self.visible_coders: list[str] | None = None  # Analyse › Coders: whose codings show
        self._running = False
        self.revealing = False  # set while jumping to a passage (lists keep their focus)

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        return None if self.project is None else self.project.path

    def create(self, path: Path | str, *, title: str = "") -> bool:
        try:
            project = Project.create(path, title=title)
        except TranscodaError as error:
            self.failed.emit(str(error))
            return False
        self._install(project)
        return True

    def adopt(self, project: Project) -> None:
        """Show a project opened elsewhere (File › Open asks for passwords, the demo builder)."""
        self._install(project)

    def _install(self, project: Project) -> None:
        self.close()
        self.project = project
        self.current_document = None
        self.current_code = None
        self.visible_coders = None
        self.opened.emit()
        self.historyChanged.emit(self.history())

    def close(self) -> None:
        if self.project is None:
            return
        self.aboutToRun.emit()
        self.aboutToClose.emit()
        project, self.project = self.project, None
        self.current_document = None
        self.current_code = None
        project.close()
        self.closed.emit()
        self.historyChanged.emit(HistoryState(undo=None, redo=None))

    # -- commands --------------------------------------------------------------------------

    def run(self, service: Callable[..., Any], /, **kwargs: Any) -> Any:
        """Call ``service(project, **kwargs)``; None when it failed (the error is shown).

        Services return ``Changes``, or a tuple that starts with them (imports also say what
        they imported); either way the views hear about the changes.
        """
        if self.project is None:
            return None
        if not self._running:
            self._running = True
            try:
                self.aboutToRun.emit()
            finally:
                self._running = False
        try:
            result = service(self.project, **kwargs)
        except (TranscodaError, ImportFormatError) as error:
            self.failed.emit(str(error))
            return None
        changes = result[0] if isinstance(result, tuple) else result
        self.publish(changes)
        return result

    def publish(self, changes: Changes) -> None:
        """Tell every view what changed (also used when a background job finishes)."""
        if changes.any:
            self.changed.emit(changes)
        self.historyChanged.emit(self.history())

    def undo(self) -> Changes | None:
        return self._move(history.undo, self.tr("Undone: {0}"))

    def redo(self) -> Changes | None:
        return self._move(history.redo, self.tr("Redone: {0}"))

    def _move(self, step: Callable[[Project], Changes], note: str) -> Changes | None:
        changes: Changes | None = self.run(step)
        if changes is not None:
            self.message.emit(note.format(changes.description))
        return changes

    def history(self) -> HistoryState:
        if self.project is None:
            return HistoryState(undo=None, redo=None)
        return history.state(self.project)

    # -- what the user is looking at -------------------------------------------------------

    def set_current_document(self, document_id: int | None) -> None:
        if document_id != self.current_document:
            self.current_document = document_id
            self.currentDocumentChanged.emit(document_id)

    def set_current_code(self, code_id: int | None) -> None:
        if code_id != self.current_code:
            self.current_code = code_id
            self.currentCodeChanged.emit(code_id)

    def set_visible_coders(self, names: list[str] | None) -> None:
        """Show only these coders' codings (None: everyone's); the team's coder filter."""
        names = None if names is None else list(names)
        if names != self.visible_coders:
            self.visible_coders = names
            self.visibleCodersChanged.emit(names)

    def shows_coder(self, coder: str | None) -> bool:
        return self.visible_coders is None or coder is None or coder in self.visible_coders

    def reveal(self, document_id: int, start: int, end: int) -> None:
        """Open a document and select a passage (coded segments list, search results)."""
        self.revealing = True
        try:
            self.set_current_document(document_id)
            self.revealRequested.emit(document_id, start, end)
        finally:
            self.revealing = False
