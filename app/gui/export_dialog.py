"""Exports: coded segments with their filters, the codebook or one transcript to Word; the
project as REFI-QDA (.qdpx), the codebook as .qdc, a transcript as SRT, WebVTT or f4 text.

Every kind offers "Replace names by their pseudonyms" (app.gui.outbound_choice), ticked by
default when the project says always to pseudonymise exports or knows names; the job writes
through the Outbound it makes on the worker thread (coding.privacy.outbound).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.icons import color_icon
from app.gui.outbound_choice import PseudonymiseBox, outbound_in_job
from app.gui.project_model import ProjectModel
from coding import queries
from coding.project import Project

# kind -> (window title, default file name, file dialog filter)
KINDS = {
    "segments": ("Export coded segments to Word", "coded segments.docx", "Word (*.docx)"),
    "codebook": ("Export the codebook to Word", "codebook.docx", "Word (*.docx)"),
    "transcript": ("Export a transcript to Word", "transcript.docx", "Word (*.docx)"),
    "qdpx": ("Export the project to REFI-QDA", "project.qdpx", "REFI-QDA project (*.qdpx)"),
    "qdc": ("Export the codebook to REFI-QDA", "codebook.qdc", "REFI-QDA codebook (*.qdc)"),
    "subtitles": (
        "Export a transcript as subtitles or f4 text",
        "transcript.srt",
        "SubRip (*.srt);;WebVTT (*.vtt);;f4 text (*.txt)",
    ),
}
SUBTITLE_FORMATS = (("SubRip (.srt)", "srt"), ("WebVTT (.vtt)", "vtt"), ("f4 text (.txt)", "f4"))


def _segments(
    reporter: Any,
    project: Project,
    path: Path,
    flt: Any,
    attributes: list[str] | None,
    pseudonymise: bool,
) -> int:
    from coding.reports import export_segments

    out = outbound_in_job(project, pseudonymise)
    return export_segments(project, path, flt, attributes=attributes, reporter=reporter, out=out)


def _codebook(reporter: Any, project: Project, path: Path, pseudonymise: bool) -> int:
    from coding.reports import export_codebook

    out = outbound_in_job(project, pseudonymise)
    return export_codebook(project, path, reporter=reporter, out=out)


def _transcript(
    reporter: Any, project: Project, path: Path, document_id: int, pseudonymise: bool
) -> int:
    from coding.reports import export_transcript

    out = outbound_in_job(project, pseudonymise)
    return export_transcript(project, path, document_id=document_id, reporter=reporter, out=out)


def _qdpx(
    reporter: Any,
    project: Project,
    path: Path,
    pseudonymise: bool,
    timestamps: bool,
    recordings: bool,
) -> int:
    from coding.refi import export_qdpx

    out = outbound_in_job(
        project, pseudonymise, timestamps=timestamps, recordings=recordings or not pseudonymise
    )
    return export_qdpx(project, path, reporter=reporter, out=out).sources


def _qdc(_reporter: Any, project: Project, path: Path, pseudonymise: bool) -> int:
    from coding.refi import export_qdc

    return export_qdc(project, path, out=outbound_in_job(project, pseudonymise))


def _subtitles(
    _reporter: Any, project: Project, path: Path, document_id: int, fmt: Any, pseudonymise: bool
) -> int:
    from coding.refi import export_transcript_file

    out = outbound_in_job(project, pseudonymise)
    return export_transcript_file(project, path, document_id=document_id, fmt=fmt, out=out)


def checklist(
    items: Sequence[tuple[str, Any]], parent: QWidget, icons: Sequence[Any] = ()
) -> QListWidget:
    widget = QListWidget(parent)
    for number, (label, value) in enumerate(items):
        item = QListWidgetItem(label)
        if number < len(icons) and icons[number] is not None:
            item.setIcon(icons[number])
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        widget.addItem(item)
    widget.setMinimumHeight(110)
    widget.setIconSize(QSize(14, 14))
    return widget


def checked(widget: QListWidget) -> list[Any]:
    return [
        widget.item(row).data(Qt.ItemDataRole.UserRole)
        for row in range(widget.count())
        if widget.item(row).checkState() == Qt.CheckState.Checked
    ]


class ExportDialog(QDialog):
    def __init__(self, model: ProjectModel, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert model.project is not None
        self.model = model
        self.project = model.project
        self.kind = kind
        self.setWindowTitle(self.tr(KINDS[kind][0]))
        layout = QVBoxLayout(self)
        if kind == "segments":
            layout.addWidget(self._segment_filters())
        elif kind in ("transcript", "subtitles"):
            form = QFormLayout()
            self.document = QComboBox(self)
            for document in queries.list_documents(self.project):
                self.document.addItem(document.title, document.id)
            self.document.setCurrentIndex(max(0, self.document.findData(model.current_document)))
            form.addRow(self.tr("Document"), self.document)
            if kind == "subtitles":
                self.format = QComboBox(self)
                for label, fmt in SUBTITLE_FORMATS:
                    self.format.addItem(label, fmt)
                self.format.currentIndexChanged.connect(self._format_changed)
                form.addRow(self.tr("Format"), self.format)
            layout.addLayout(form)
        self.pseudonymise = PseudonymiseBox(self.project, self)
        layout.addWidget(self.pseudonymise)
        if kind == "qdpx":
            self.timestamps = QCheckBox(
                self.tr("Keep when documents, codings and memos were made and changed"), self
            )
            self.recordings = QCheckBox(self.tr("Include recordings when names are replaced"), self)
            self.recordings.setToolTip(self.tr("A voice identifies a person as surely as a name."))
            layout.addWidget(self.timestamps)
            layout.addWidget(self.recordings)
        row = QHBoxLayout()
        self.output = QLineEdit(str(self._default_path()), self)
        self.output.setAccessibleName(self.tr("Output file"))
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        row.addWidget(QLabel(self.tr("Save as"), self))
        row.addWidget(self.output, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _default_path(self) -> Path:
        return self.project.path.parent / KINDS[self.kind][1]

    def _suffix(self) -> str:
        if self.kind == "subtitles":
            from coding.refi.transcript_formats import suffix_for

            return suffix_for(self.format.currentData())
        return Path(KINDS[self.kind][1]).suffix

    def _format_changed(self) -> None:
        current = Path(self.output.text().strip() or KINDS[self.kind][1])
        self.output.setText(str(current.with_suffix(self._suffix())))

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.windowTitle(), self.output.text(), self.tr(KINDS[self.kind][2])
        )
        if name:
            suffix = self._suffix()
            self.output.setText(name if name.lower().endswith(suffix) else name + suffix)

    def path(self) -> Path:
        return Path(self.output.text().strip())

    # -- coded segment filters -------------------------------------------------------------

    def _segment_filters(self) -> QWidget:
        box = QGroupBox(self.tr("Which segments (nothing ticked means all)"), self)
        grid = QGridLayout(box)
        codes = queries.codebook(self.project)
        self.codes = checklist(
            [("    " * c.depth + c.name, c.id) for c in codes],
            box,
            [color_icon(c.color) for c in codes],
        )
        self.subcodes = QCheckBox(self.tr("with subcodes"), box)
        self.subcodes.setChecked(True)
        self.documents = checklist(
            [(d.title, d.id) for d in queries.list_documents(self.project)], box
        )
        self.cases = checklist([(c.name, c.id) for c in queries.cases(self.project)], box)
        self.coders = checklist([(name, name) for name in queries.coders(self.project)], box)
        attributes = queries.attributes(self.project, target="case")
        values: dict[str, set[str]] = {}
        for case in queries.cases(self.project):
            for name, value in case.values.items():
                values.setdefault(name, set()).add(value)
        self.conditions = checklist(
            [
                (f"{a.name} = {v}", (a.name, v))
                for a in attributes
                for v in sorted(values.get(a.name, ()))
            ],
            box,
        )
        self.shown = checklist([(a.name, a.name) for a in attributes], box)
        for row in range(self.shown.count()):
            self.shown.item(row).setCheckState(Qt.CheckState.Checked)
        cells: list[tuple[str, QWidget]] = [
            (self.tr("Codes"), self.codes),
            (self.tr("Documents"), self.documents),
            (self.tr("Cases"), self.cases),
            (
                self.tr("Case attributes (values of one attribute: any; of several: all)"),
                self.conditions,
            ),
            (self.tr("Coders"), self.coders),
            (self.tr("Attributes shown with each quote"), self.shown),
        ]
        for number, (label, widget) in enumerate(cells):
            row, column = divmod(number, 3)
            grid.addWidget(QLabel(label, box), row * 2, column)
            grid.addWidget(widget, row * 2 + 1, column)
        grid.addWidget(self.subcodes, 4, 0)
        if self.model.current_code is not None:
            for row in range(self.codes.count()):
                if self.codes.item(row).data(Qt.ItemDataRole.UserRole) == self.model.current_code:
                    self.codes.item(row).setCheckState(Qt.CheckState.Checked)
        self.resize(900, 560)
        return box

    def segment_filter(self) -> Any:
        from coding.reports import SegmentFilter

        return SegmentFilter(
            codes=checked(self.codes),
            include_subcodes=self.subcodes.isChecked(),
            documents=checked(self.documents),
            cases=checked(self.cases),
            where=checked(self.conditions),
            coders=checked(self.coders),
        )

    def job(self) -> tuple[str, Callable[..., Any], tuple[Any, ...]]:
        path = self.path()
        hide = self.pseudonymise.isChecked()
        if self.kind == "segments":
            return (
                self.tr("Exporting coded segments"),
                _segments,
                (self.project, path, self.segment_filter(), checked(self.shown), hide),
            )
        if self.kind == "codebook":
            return (self.tr("Exporting the codebook"), _codebook, (self.project, path, hide))
        if self.kind == "qdpx":
            options = (self.timestamps.isChecked(), self.recordings.isChecked())
            return (self.tr("Exporting the project"), _qdpx, (self.project, path, hide, *options))
        if self.kind == "qdc":
            return (self.tr("Exporting the codebook"), _qdc, (self.project, path, hide))
        document_id = int(self.document.currentData())
        if self.kind == "subtitles":
            fmt = self.format.currentData()
            args = (self.project, path, document_id, fmt, hide)
            return (self.tr("Exporting the transcript"), _subtitles, args)
        return (
            self.tr("Exporting the transcript"),
            _transcript,
            (self.project, path, document_id, hide),
        )
