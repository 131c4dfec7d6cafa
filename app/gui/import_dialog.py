"""Importing documents: choose files, then their case, language, kind and text encoding."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QListWidget,
    QWidget,
)

from coding import queries
from coding.documents import KINDS
from coding.project import Project

LANGUAGES = (
    ("", "—"),
    ("ru", "Russian"),
    ("az", "Azerbaijani"),
    ("de", "German"),
    ("ka", "Georgian"),
    ("kk", "Kazakh"),
    ("en", "English"),
    ("uk", "Ukrainian"),
)
ENCODINGS = ("", "utf-8", "cp1251", "koi8-r", "utf-16", "cp1252", "iso-8859-1")
FILE_FILTER = (
    "Documents, transcripts and recordings (*.txt *.md *.docx *.srt *.vtt *.html *.wav *.mp3 "
    "*.m4a *.ogg *.opus *.flac *.mp4);;All files (*)"
)


def audio_probe() -> Any:
    """Duration and checksum of a recording, read by the transcription layer's decoder."""
    from coding.imports import AudioFacts

    def facts(path: Path) -> AudioFacts:
        from transcription.audio import probe

        info = probe(path)
        return AudioFacts(duration_ms=info.duration_ms, sha256=info.sha256)

    return facts


def run_import(reporter: Any, project: Project, **options: Any) -> Any:
    from coding.imports import import_files

    return import_files(project, reporter=reporter, **options)


class ImportDialog(QDialog):
    def __init__(
        self,
        project: Project,
        parent: QWidget | None = None,
        *,
        paths: Sequence[Path] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import documents"))
        self.files = QListWidget(self)
        self.files.setMinimumHeight(90)
        for path in paths or ():
            self.files.addItem(str(path))
        self.case = QComboBox(self)
        self.case.setEditable(True)
        self.case.addItem("")
        for case in queries.cases(project):
            self.case.addItem(case.name)
        self.case.setToolTip(self.tr("Type a new name to create a case"))
        self.language = QComboBox(self)
        for code, name in LANGUAGES:
            self.language.addItem(self.tr(name), code)
        self.kind = QComboBox(self)
        for kind in KINDS:
            self.kind.addItem(kind.replace("_", " ").capitalize(), kind)
        self.encoding = QComboBox(self)
        for encoding in ENCODINGS:
            self.encoding.addItem(encoding or self.tr("Detect automatically"), encoding)
        self.encoding.setToolTip(
            self.tr("Russian text files often come as cp1251; choose it if the text looks wrong")
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Import"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        add = buttons.addButton(self.tr("Add files…"), QDialogButtonBox.ButtonRole.ActionRole)
        add.clicked.connect(self.choose_files)
        form = QFormLayout(self)
        form.addRow(self.tr("Files"), self.files)
        form.addRow(self.tr("Case"), self.case)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Text encoding"), self.encoding)
        form.addRow(buttons)
        self.resize(520, 360)

    def choose_files(self) -> bool:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import documents"), str(Path.home()), self.tr(FILE_FILTER)
        )
        for path in paths:
            self.files.addItem(path)
        return bool(paths)

    def options(self) -> dict[str, Any]:
        return {
            "paths": [Path(self.files.item(row).text()) for row in range(self.files.count())],
            "case": self.case.currentText().strip() or None,
            "language": str(self.language.currentData() or ""),
            "kind": str(self.kind.currentData()),
            "encoding": str(self.encoding.currentData() or "") or None,
        }
