"""The Analyse menu's windows: analysis views as docks, teamwork and pseudonymisation dialogs.

Analysis views (``app.gui.analysis``) open as dock widgets tabbed beside the coded segments,
so the document stays in the centre: a passage chosen in a view (a KWIC line, a matrix cell's
passage) opens there and, when the document has a recording, plays from its turn. The views
refresh when the project's Changes say their figures moved (a hidden one when it is shown
again). Everything opened on a project closes with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QDockWidget, QWidget

from app.gui.deferred import Deferred
from coding.changes import Changes

if TYPE_CHECKING:
    from app.gui.analysis.base import AnalysisView
    from app.gui.main_window import MainWindow

# Flags that move analysis figures; attributes and coders also change the views' choices.
FIGURES = ("codes", "codings", "documents", "transcript", "cases", "attributes", "coders")
CHOICES = ("attributes", "coders")
DOCK_HEIGHT = 380


class AnalysisDock(QDockWidget):
    def __init__(self, kind: str, view: AnalysisView, window: MainWindow) -> None:
        super().__init__(view.windowTitle(), window)
        self.kind = kind
        self.setObjectName(f"analysis-{kind}")
        self.stale = False
        self.showing = True  # its tab is the current one (tabbed docks stay "visible")
        self.later = Deferred(self.refresh, self)
        self.setWidget(view)
        self.visibilityChanged.connect(self._shown)

    @property
    def view(self) -> AnalysisView:
        return self.widget()  # type: ignore[return-value]

    def refresh(self) -> None:
        self.stale = False
        self.view.refresh()

    def changed(self) -> None:
        if self.isVisible() and self.showing:
            self.later()
        else:
            self.stale = True

    def _shown(self, visible: bool) -> None:
        self.showing = visible
        if visible and self.stale:
            self.later()


class AnalysisPanels(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.model = window.model
        self.docks: dict[str, AnalysisDock] = {}
        self.dialogs: list[QDialog] = []
        self.model.changed.connect(self._changed)
        self.model.aboutToClose.connect(self.close_all)

    # -- analysis views --------------------------------------------------------------------

    def open(self, kind: str) -> AnalysisView | None:
        """Show the analysis ``kind`` (see app.gui.analysis.KINDS) in its dock."""
        project = self.model.project
        if project is None:
            return None
        dock = self.docks.get(kind)
        if dock is None:
            dock = AnalysisDock(kind, self._view(kind), self.window)
            self.docks[kind] = dock
            w = self.window
            w.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            w.tabifyDockWidget(w.segments_dock, dock)
        dock.show()
        dock.raise_()
        if dock.height() < DOCK_HEIGHT:
            self.window.resizeDocks([dock], [DOCK_HEIGHT], Qt.Orientation.Vertical)
        dock.view.setFocus()
        return dock.view

    def _view(self, kind: str) -> AnalysisView:
        from app.gui.analysis import create_view

        assert self.model.project is not None
        view = create_view(self.model.project, kind)
        view.passageActivated.connect(self.show_passage)
        view.changesMade.connect(self.model.publish)  # auto-coding from a search
        return view

    def _changed(self, changes: Changes) -> None:
        if not any(getattr(changes, flag) for flag in FIGURES):
            return
        rebuild = any(getattr(changes, flag) for flag in CHOICES)
        for kind, dock in self.docks.items():
            if rebuild and self.model.project is not None:
                old = dock.view
                dock.setWidget(self._view(kind))  # new choices (attributes, coders)
                old.deleteLater()
            else:
                dock.changed()

    def show_passage(self, document_id: int, start: int, end: int) -> None:
        """Open the passage in the document pane and play it when there is a recording."""
        pane = self.window.pane
        self.model.reveal(document_id, start, end)
        if pane.document_id != document_id or not pane.media.loaded:
            return
        segment = pane.segment_at_char(start)
        if segment is None:
            return
        pane.media.seek(segment.start_ms)
        pane.media.play()

    def autocode(self) -> QDialog | None:
        from app.gui.analysis.autocode_dialog import AutocodeDialog

        if self.model.project is None:
            return None
        dialog = AutocodeDialog(self.model.project, self.window)
        dialog.coder.setText(self.model.coder or dialog.coder.text())
        dialog.applied.connect(self.model.publish)
        return self._keep(dialog)

    # -- teamwork and privacy --------------------------------------------------------------

    def team(self, kind: str) -> QDialog | None:
        """Intercoder agreement ("agreement"), two coders side by side ("compare"), or the
        coders whose codings show ("coders")."""
        from app.gui.team import open_team_view

        if self.model.project is None:
            return None
        existing = self._existing(f"team-{kind}")
        if existing is not None:
            return existing
        dialog = open_team_view(self.window, self.model, kind)
        if kind == "coders":
            view: Any = dialog.view  # type: ignore[attr-defined]
            if self.model.visible_coders is not None:
                view.set_visible(self.model.visible_coders)
        return self._keep(dialog, shown=True)

    def pseudonymise(self) -> QDialog | None:
        from app.gui.privacy.review_dialog import ReviewDialog

        if self.model.project is None:
            return None
        existing = self._existing("pseudonymise")
        if existing is not None:
            return existing
        dialog = ReviewDialog(self.model, self.window.runner, self.window)
        dialog.setObjectName("pseudonymise")
        return self._keep(dialog)

    def _existing(self, name: str) -> QDialog | None:
        for dialog in self.dialogs:
            if dialog.objectName() == name:
                dialog.show()
                dialog.raise_()
                dialog.activateWindow()
                return dialog
        return None

    def _keep(self, dialog: QDialog, *, shown: bool = False) -> QDialog:
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        if not shown:
            dialog.show()
        return dialog

    def _forget(self, dialog: QDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
        dialog.deleteLater()

    # -- closing ---------------------------------------------------------------------------

    def close_all(self) -> None:
        """Views and dialogs hold the project: they go before it closes."""
        for dialog in list(self.dialogs):
            dialog.reject()
        for dock in self.docks.values():
            self.window.removeDockWidget(dock)
            dock.view.close()
            dock.deleteLater()
        self.docks = {}

    def widgets(self) -> list[QWidget]:
        return [dock.view for dock in self.docks.values()] + list(self.dialogs)
