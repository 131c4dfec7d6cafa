"""Starting the desktop app: the QApplication, translations, and the first project."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

APP_NAME = "Transcoda"


def make_application(argv: Sequence[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(list(argv if argv is not None else sys.argv))
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    install_translations(app)
    return app


def install_translations(app: QApplication) -> None:
    """Qt's own strings in the user's language, and Transcoda's where a .qm file exists."""
    locale = QLocale.system()
    translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in (
        ("qtbase", translations),
        ("transcoda", str(Path(__file__).parent / "translations")),
    ):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)


def run(argv: Sequence[str]) -> int:
    from app.gui.main_window import MainWindow

    app = make_application(argv)
    window = MainWindow()
    window.show()
    arguments = [a for a in argv[1:] if not a.startswith("-")]
    if arguments:
        window.open_project(Path(arguments[0]))
    else:
        recent = window.preferences.recent_projects()
        if recent:
            window.open_project(Path(recent[0]))
        else:
            QTimer.singleShot(0, window.files.offer_start)
    return app.exec()
