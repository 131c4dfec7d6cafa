"""Backups while a project is open: one every 15 minutes off the GUI thread, and restoring one.

``coding.backups`` makes a consistent copy with SQLite's backup API even while the project is
being written. Restoring puts a backup in place of the project file, which must not be open:
the window closes the project, restores, and opens it again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.jobs import Job, JobRunner
from app.gui.project_model import ProjectModel
from coding import backups
from coding.errors import TranscodaError
from coding.project import Project

if TYPE_CHECKING:
    from app.gui.main_window import MainWindow

INTERVAL_MS = 15 * 60 * 1000


def backup_job(reporter: Any, project: Project, due_after: timedelta) -> Any:
    return backups.backup_if_due(project, interval=due_after)


class BackupTimer(QObject):
    """Asks for a backup every ``interval_ms`` while a writable project file is open."""

    made = Signal(object)  # coding.backups.BackupInfo

    def __init__(
        self,
        model: ProjectModel,
        *,
        interval_ms: int = INTERVAL_MS,
        due_after: timedelta = backups.DEFAULT_INTERVAL,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.due_after = due_after
        # Its own runner: a backup is quiet, it does not take the status bar's job strip.
        self.runner = JobRunner(self, threads=1)
        self.job: Job | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        model.opened.connect(self._opened)
        model.closed.connect(self.timer.stop)
        model.aboutToClose.connect(self.wait)

    def _opened(self) -> None:
        project = self.model.project
        if project is not None and not project.read_only and not project.shared:
            self.timer.start()

    def tick(self) -> Job | None:
        project = self.model.project
        if project is None or project.read_only or project.shared or self.job is not None:
            return None
        job = self.runner.start(self.tr("Backing up"), backup_job, project, self.due_after)
        self.job = job
        job.succeeded.connect(self._made)
        job.failed.connect(
            lambda message: self.model.failed.emit(
                self.tr("The automatic backup failed: {0}").format(message)
            )
        )
        job.finished.connect(self._finished)
        return job

    def _made(self, info: Any) -> None:
        if info is not None:
            self.made.emit(info)
            self.model.message.emit(self.tr("Backed up the project ({0})").format(info.name))

    def _finished(self) -> None:
        self.job = None

    def wait(self) -> None:
        """A backup that is running finishes before its project closes (it takes a moment)."""
        self.runner.wait(30_000)


def _size(size_bytes: int) -> str:
    return f"{size_bytes / 1024:.0f} KB" if size_bytes < 1 << 20 else f"{size_bytes / 2**20:.1f} MB"


class RestoreDialog(QDialog):
    """The backups of a project, newest first; the chosen one is restored."""

    def __init__(self, infos: list[backups.BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle(self.tr("Restore a backup"))
        self.infos = infos
        reasons = {
            "auto": self.tr("automatic"),
            "manual": self.tr("made by hand"),
            "before-restore": self.tr("before a restore"),
        }
        note = QLabel(
            self.tr(
                "The project is closed, replaced by the backup you choose and opened again. "
                "The project as it is now is kept as a backup first, so this can be undone."
            ),
            self,
        )
        note.setWordWrap(True)
        self.table = QTableWidget(len(infos), 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Made"), self.tr("Why"), self.tr("Size")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for row, info in enumerate(infos):
            made = QTableWidgetItem(info.created.astimezone().strftime("%Y-%m-%d %H:%M:%S"))
            made.setData(Qt.ItemDataRole.UserRole, info.name)
            made.setToolTip(info.name)
            self.table.setItem(row, 0, made)
            self.table.setItem(row, 1, QTableWidgetItem(reasons.get(info.reason, info.reason)))
            self.table.setItem(row, 2, QTableWidgetItem(_size(info.size_bytes)))
        if infos:
            self.table.selectRow(0)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Restore"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.table.doubleClicked.connect(lambda _index: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(560, 380)

    def chosen(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        cell = self.table.item(rows[0].row(), 0)
        return None if cell is None else str(cell.data(Qt.ItemDataRole.UserRole))


class BackupCommands(QObject):
    """File › Back up now and File › Restore backup…"""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.model = window.model
        self.confirm = self._confirm  # replaced by tests
        self.choose = self._choose  # replaced by tests: (infos) -> backup name or None

    def back_up_now(self) -> None:
        project = self.model.project
        if project is None:
            return
        try:
            info = backups.make_backup(project, reason="manual")
        except TranscodaError as error:
            self.model.failed.emit(str(error))
            return
        self.model.message.emit(self.tr("Backed up the project ({0})").format(info.name))

    def restore(self) -> bool:
        project = self.model.project
        if project is None:
            return False
        if project.shared:
            self.model.failed.emit(
                self.tr("A shared project is backed up and restored by its server's administrator.")
            )
            return False
        infos = backups.list_backups(project.path)
        if not infos:
            self.model.message.emit(self.tr("This project has no backups yet."))
            return False
        name = self.choose(infos)
        if name is None:
            return False
        chosen = next(info for info in infos if info.name == name)
        when = chosen.created.astimezone().strftime("%Y-%m-%d %H:%M")
        if not self.confirm(
            self.tr(
                "Put the backup from {0} in place of the project? Everything done since then "
                "is replaced; the project as it is now is kept as a backup first."
            ).format(when)
        ):
            return False
        if self.window.runner.busy:
            self.model.failed.emit(
                self.tr("Wait for the running job to finish (or cancel it) before restoring.")
            )
            return False
        path, password = project.path, project.password
        self.model.close()
        restored = True
        try:
            backups.restore_backup(path, name, password=password)
        except TranscodaError as error:
            restored = False
            self.model.failed.emit(str(error))
        try:
            reopened = Project.open(path, password=password, backup=False)
        except TranscodaError as error:
            self.model.failed.emit(str(error))
            return False
        self.model.adopt(reopened)
        if restored:
            self.model.message.emit(self.tr("Restored the backup from {0}").format(when))
        return restored

    def _choose(self, infos: list[backups.BackupInfo]) -> str | None:
        dialog = RestoreDialog(infos, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()

    def _confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self.window, self.tr("Restore backup"), question)
        return answer == QMessageBox.StandardButton.Yes
