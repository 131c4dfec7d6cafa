"""File menu commands: projects, the demo, imports and exports (long ones run as jobs)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox

from app.gui.jobs import Job
from coding.changes import Changes
from coding.errors import TranscodaError
from coding.project import Project

if TYPE_CHECKING:
    from app.gui.main_window import MainWindow

PROJECT_FILTER = "Transcoda projects (*.tcproj)"


def demo_path() -> Path:
    # The same file as `scripts/start.sh` and `transcoda demo` use: one demo, one data folder.
    from app.cli.paths import demo_project_path

    return demo_project_path()


def _create_demo(reporter: Any, path: Path) -> Any:
    from coding.demo import create_demo

    reporter.progress(0, 1, "building the demo project")
    project = create_demo(path)
    reporter.progress(1, 1, "done")
    return project


class FileCommands(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.model = window.model
        self.cases_dialog: Any = None

    # -- projects --------------------------------------------------------------------------

    def new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            self.tr("New project"),
            str(Path.home() / "Interviews.tcproj"),
            self.tr(PROJECT_FILTER),
        )
        if path:
            target = Path(path) if path.endswith(".tcproj") else Path(path + ".tcproj")
            if self.model.create(target):
                self.model.message.emit(self.tr("Created {0}").format(target.name))

    def open_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Open project"), str(Path.home()), self.tr(PROJECT_FILTER)
        )
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path) -> bool:
        """Open a project: asks for the password of an encrypted one, and offers read-only
        access when another window or command has it open for writing."""
        from coding.crypto.database import is_plain_sqlite
        from coding.project_lock import ProjectLocked

        password: str | None = None
        if path.is_file() and not is_plain_sqlite(path):
            password, ok = QInputDialog.getText(
                self.window,
                self.tr("Encrypted project"),
                self.tr("Password for {0}:").format(path.name),
                QLineEdit.EchoMode.Password,
            )
            if not ok:
                return False
        try:
            project = Project.open(path, password=password)
        except ProjectLocked as error:
            answer = QMessageBox.question(
                self.window,
                self.tr("Project in use"),
                self.tr("{0}\n\nOpen it read-only?").format(error),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
            try:
                project = Project.open(path, read_only=True, password=password)
            except TranscodaError as again:
                self.model.failed.emit(str(again))
                return False
        except TranscodaError as error:
            self.model.failed.emit(str(error))
            return False
        self.model.adopt(project)
        return True

    def open_path_str(self, path: str) -> None:
        self.open_path(Path(path))

    def open_demo(self) -> Job | None:
        """Open the demo project, building it in the user's data folder the first time."""
        path = demo_path()
        if path.is_file():
            self.open_path(path)
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
        job = self.window.runner.start(self.tr("Building the demo project"), _create_demo, path)
        job.succeeded.connect(self.model.adopt)
        job.failed.connect(self.model.failed)
        return job

    def offer_start(self) -> None:
        """With no project and no recent one, offer the demo (a new user's first step)."""
        box = QMessageBox(self.window)
        box.setWindowTitle(self.tr("Welcome to Transcoda"))
        box.setText(self.tr("<b>Welcome to Transcoda.</b>"))
        box.setInformativeText(
            self.tr(
                "The demo project holds fictional interviews with recordings, a codebook and "
                "codings to explore. Open it, or start a project of your own."
            )
        )
        demo = box.addButton(self.tr("Open the demo project"), QMessageBox.ButtonRole.AcceptRole)
        new = box.addButton(self.tr("New project…"), QMessageBox.ButtonRole.ActionRole)
        existing = box.addButton(self.tr("Open project…"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(self.tr("Later"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(demo)
        box.exec()
        clicked = box.clickedButton()
        if clicked is demo:
            self.open_demo()
        elif clicked is new:
            self.new_project()
        elif clicked is existing:
            self.open_project()

    # -- imports ---------------------------------------------------------------------------

    def import_documents(self, paths: list[Path] | None = None) -> Job | None:
        from app.gui.import_dialog import ImportDialog, audio_probe, run_import

        if self.model.project is None:
            return None
        dialog = ImportDialog(self.model.project, self.window, paths=paths)
        if paths is None and not dialog.choose_files():
            return None
        if dialog.exec() != ImportDialog.DialogCode.Accepted:
            return None
        options = dialog.options()
        job = self.window.runner.start(
            self.tr("Importing {0} files").format(len(options["paths"])),
            run_import,
            self.model.project,
            probe_audio=audio_probe(),
            **options,
        )
        job.succeeded.connect(self._imported)
        job.failed.connect(self.model.failed)
        return job

    def _imported(self, result: tuple[Changes, list[Any]]) -> None:
        changes, imported = result
        self.model.publish(changes)
        if imported:
            self.model.set_current_document(imported[0].id)
            self.model.message.emit(self.tr("Imported {0} documents").format(len(imported)))
        # What the import corrected and kept (a cue with an impossible time, a link followed)
        # is shown in the banner, naming the file and the line.
        warnings = [w for item in imported for w in getattr(item, "warnings", ())]
        if warnings:
            shown = "\n".join(warnings[:8])
            more = len(warnings) - 8
            if more > 0:
                shown += "\n" + self.tr("… and {0} more").format(more)
            self.window.banner.show_error(self.tr("Imported with warnings:") + "\n" + shown)

    def import_cases(self) -> None:
        from app.gui.cases_import import import_cases_from_file

        if self.model.project is not None:
            import_cases_from_file(self.window, self.model)

    def edit_cases(self) -> None:
        from app.gui.cases_editor import CasesDialog

        if self.model.project is None:
            return
        if self.cases_dialog is None:
            self.cases_dialog = CasesDialog(self.model, self.window)
        self.cases_dialog.show()
        self.cases_dialog.raise_()
        self.cases_dialog.activateWindow()

    # -- exports ---------------------------------------------------------------------------

    def export(self, kind: str) -> Job | None:
        from app.gui.export_dialog import ExportDialog

        if self.model.project is None:
            return None
        dialog = ExportDialog(self.model, kind, self.window)
        if dialog.exec() != ExportDialog.DialogCode.Accepted:
            return None
        title, fn, args = dialog.job()
        job = self.window.runner.start(title, fn, *args)
        job.succeeded.connect(
            lambda count: self.model.message.emit(
                self.tr("Exported {0} to {1}").format(count, dialog.path().name)
            )
        )
        job.failed.connect(self.model.failed)
        return job
