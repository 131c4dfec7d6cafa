"""Starting the desktop app: the QApplication, translations, and the first project."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from models import offline_env

# Before Qt and everything the window loads; main.py does it too, for ``python -m`` users
# and tests that start the app from here.
offline_env.disable()

from PySide6.QtCore import (  # noqa: E402
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QTimer,
    QTranslator,
)
from PySide6.QtWidgets import QApplication  # noqa: E402

APP_NAME = "Transcoda"
# Folder names: QSettings writes ~/.config/transcoda/transcoda.conf, beside the coder name in
# ~/.config/transcoda, so that Transcoda's files under HOME sit in one folder per kind.
FOLDER_NAME = "transcoda"


def make_application(argv: Sequence[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(list(argv if argv is not None else sys.argv))
    QCoreApplication.setOrganizationName(FOLDER_NAME)
    QCoreApplication.setApplicationName(FOLDER_NAME)
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
