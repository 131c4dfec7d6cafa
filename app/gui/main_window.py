"""The workbench window: docks around the document, menus, toolbar and status bar.

Thin on purpose: each part is a view that takes the shared ``ProjectModel`` and subscribes to
it; menus and file commands live in their own modules.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QVBoxLayout, QWidget

from app.gui.actions import WindowActions
from app.gui.analysis_panels import AnalysisPanels
from app.gui.backups import BackupCommands, BackupTimer
from app.gui.banner import Banner
from app.gui.codebook_panel import CodebookPanel
from app.gui.deferred import Deferred
from app.gui.document_pane import DocumentPane
from app.gui.file_commands import FileCommands
from app.gui.job_bar import JobBar
from app.gui.jobs import JobRunner
from app.gui.preferences import Preferences
from app.gui.project_model import ProjectModel
from app.gui.project_tree import ProjectTree
from app.gui.quick_codes import QuickCodes
from app.gui.segments_list import SegmentsList
from app.gui.transcribe import Transcriber
from coding import queries

if TYPE_CHECKING:
    from app.gui.team.watcher import ChangeWatcher

STATUS_MS = 6000


class MainWindow(QMainWindow):
    def __init__(self, preferences: Preferences | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.preferences = preferences or Preferences()
        self.model = ProjectModel(self)
        self.model.coder = self.preferences.coder or None
        self.runner = JobRunner(self)
        self.watcher: ChangeWatcher | None = None
        self.quick = QuickCodes(self.model, self.preferences)

        self.pane = DocumentPane(self.model, self.preferences, self.quick, self)
        self.banner = Banner(self)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.pane, 1)
        self.setCentralWidget(central)

        self.documents = ProjectTree(self.model, self.preferences, self)
        self.codebook = CodebookPanel(self.model, self.quick, self)
        self.segments = SegmentsList(self.model, self)
        self.documents_dock = self._dock(
            "documentsDock",
            self.tr("Documents"),
            self.documents,
            Qt.DockWidgetArea.LeftDockWidgetArea,
        )
        self.codebook_dock = self._dock(
            "codebookDock",
            self.tr("Codebook"),
            self.codebook,
            Qt.DockWidgetArea.RightDockWidgetArea,
        )
        self.segments_dock = self._dock(
            "segmentsDock",
            self.tr("Coded segments"),
            self.segments,
            Qt.DockWidgetArea.BottomDockWidgetArea,
        )

        self.status_label = QLabel(self)
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(JobBar(self.runner, self))
        self.title_later = Deferred(self._update_title, self)
        self.files = FileCommands(self)
        self.transcriber = Transcriber(self)
        self.backups = BackupCommands(self)
        self.backup_timer = BackupTimer(self.model, parent=self)
        self.panels = AnalysisPanels(self)
        self.actions_ = WindowActions(self)

        self.model.failed.connect(self.banner.show_error)
        self.model.message.connect(lambda text: self.statusBar().showMessage(text, STATUS_MS))
        self.model.opened.connect(self._opened)
        self.model.aboutToClose.connect(self._closing)
        self.model.closed.connect(self._update_title)
        self.model.changed.connect(self._changed)
        self.codebook.applyRequested.connect(self._apply_from_codebook)
        self.documents.transcribeRequested.connect(lambda doc: self.transcriber.transcribe(doc))
        self.pane.commands.code_nodes = lambda: self.codebook.codes.nodes
        self.pane.commands.status.connect(
            lambda text: self.statusBar().showMessage(text, STATUS_MS)
        )

        self.resize(1400, 880)
        self.resizeDocks(
            [self.documents_dock, self.codebook_dock], [250, 300], Qt.Orientation.Horizontal
        )
        self.resizeDocks([self.segments_dock], [190], Qt.Orientation.Vertical)
        self.preferences.restore_window(self)
        self._update_title()

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        return dock

    # -- project ---------------------------------------------------------------------------

    def open_project(self, path: Path | str) -> bool:
        return self.files.open_path(Path(path))

    def _opened(self) -> None:
        assert self.model.project is not None
        self.preferences.add_recent(self.model.project.path)
        if self.model.project.shared:
            from app.gui.team.watcher import watch

            # Other coders' changes to a shared project refresh the views like one's own.
            self.watcher = watch(self.model)
        self._update_title()
        documents = queries.list_documents(self.model.project)
        if documents:
            self.model.set_current_document(documents[0].id)

    def _closing(self) -> None:
        """Jobs on the project stop before it closes (a transcription keeps what it has)."""
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher.deleteLater()
            self.watcher = None
        if self.runner.busy:
            self.transcriber.cancel()
            self.runner.cancel_all()
            self.runner.wait(10000)

    def _changed(self, changes: object) -> None:
        self.title_later()

    def _update_title(self) -> None:
        project = self.model.project
        if project is None:
            self.setWindowTitle("Transcoda")
            self.status_label.setText(self.tr("No project open. File › Open or File › New."))
            return
        info = queries.project_info(project)
        read_only = self.tr(" (read-only)") if project.read_only else ""
        self.setWindowTitle(f"{info.title}{read_only} — Transcoda")
        self.status_label.setText(
            self.tr("{0} documents · {1} codes · {2} codings").format(
                info.documents, info.codes, info.codings
            )
        )

    def _apply_from_codebook(self, code_id: int) -> None:
        if self.pane.commands.apply(code_id):
            self.pane.view.setFocus()

    # -- closing ---------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.pane.editing.commit()
        self.codebook.details.commit()
        if self.runner.busy:
            self.runner.cancel_all()
            self.runner.wait(10000)
        self.preferences.save_window(self)
        self.pane.media.player.stop()
        self.model.close()
        super().closeEvent(event)
