"""Word exports: coded segments with their filters, the codebook, or one transcript."""

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
from app.gui.project_model import ProjectModel
from coding import queries
from coding.project import Project


def _segments(
    reporter: Any, project: Project, path: Path, flt: Any, attributes: list[str] | None
) -> int:
    from coding.reports import export_segments

    return export_segments(project, path, flt, attributes=attributes, reporter=reporter)


def _codebook(reporter: Any, project: Project, path: Path) -> int:
    from coding.reports import export_codebook

    return export_codebook(project, path, reporter=reporter)


def _transcript(reporter: Any, project: Project, path: Path, document_id: int) -> int:
    from coding.reports import export_transcript

    return export_transcript(project, path, document_id=document_id, reporter=reporter)


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
        titles = {
            "segments": self.tr("Export coded segments to Word"),
            "codebook": self.tr("Export the codebook to Word"),
            "transcript": self.tr("Export a transcript to Word"),
        }
        self.setWindowTitle(titles[kind])
        layout = QVBoxLayout(self)
        if kind == "segments":
            layout.addWidget(self._segment_filters())
        elif kind == "transcript":
            form = QFormLayout()
            self.document = QComboBox(self)
            for document in queries.list_documents(self.project):
                self.document.addItem(document.title, document.id)
            self.document.setCurrentIndex(max(0, self.document.findData(model.current_document)))
            form.addRow(self.tr("Document"), self.document)
            layout.addLayout(form)
        row = QHBoxLayout()
        self.output = QLineEdit(str(self._default_path()), self)
        self.output.setAccessibleName(self.tr("Word file"))
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
        names = {
            "segments": "coded segments.docx",
            "codebook": "codebook.docx",
            "transcript": "transcript.docx",
        }
        return self.project.path.parent / names[self.kind]

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.windowTitle(), self.output.text(), self.tr("Word documents (*.docx)")
        )
        if name:
            self.output.setText(name if name.lower().endswith(".docx") else name + ".docx")

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
        if self.kind == "segments":
            return (
                self.tr("Exporting coded segments"),
                _segments,
                (self.project, path, self.segment_filter(), checked(self.shown)),
            )
        if self.kind == "codebook":
            return (self.tr("Exporting the codebook"), _codebook, (self.project, path))
        return (
            self.tr("Exporting the transcript"),
            _transcript,
            (self.project, path, int(self.document.currentData())),
        )
