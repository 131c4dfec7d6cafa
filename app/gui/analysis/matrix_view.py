"""The code matrix: codes down, groups across, heatmap cells; a click lists the passages."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from app.gui.analysis.base import (
    ALL,
    AnalysisView,
    coder_combo,
    dimension_combo,
    table_over_passages,
)
from app.gui.analysis.table_model import export_button
from coding.analysis import CodeMatrix, code_matrix, coded_passages
from coding.analysis.result_tables import matrix_table
from coding.analysis.tables import Table
from coding.project import Project

VALUES = (
    ("segments", "Coded segments"),
    ("cases", "Cases with the code"),
    ("documents", "Documents with the code"),
    ("share", "Share of the group's cases"),
)


class MatrixView(AnalysisView):
    title = "Code matrix"

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(project, parent)
        self.matrix: CodeMatrix | None = None
        self.first = dimension_combo(project, self)
        self.second = dimension_combo(project, self, optional=True)
        self.value = QComboBox(self)
        for key, label in VALUES:
            self.value.addItem(self.tr(label), key)
        self.coder = coder_combo(project, self)
        self.aggregate = QCheckBox(self.tr("Count subcodes in their parents"), self)
        controls = QHBoxLayout()
        for label, widget in (
            (self.tr("Columns:"), self.first),
            ("×", self.second),
            (self.tr("Cells:"), self.value),
            (self.tr("Coder:"), self.coder),
        ):
            controls.addWidget(QLabel(label, self))
            controls.addWidget(widget)
        controls.addWidget(self.aggregate)
        controls.addStretch(1)
        controls.addWidget(export_button(self, self.current_table))
        self.model, self.table, self.passages = table_over_passages(self, controls)
        self.table.clicked.connect(self.show_cell)
        for combo in (self.first, self.second, self.value, self.coder):
            combo.currentIndexChanged.connect(self.refresh)
        self.aggregate.toggled.connect(self.refresh)
        self.refresh()

    def dimensions(self) -> list[str]:
        chosen = [self.first.currentData(), self.second.currentData()]
        return [name for name in chosen if name and name != ALL]

    def refresh(self) -> None:
        def work() -> None:
            coder = self.coder.currentData()
            self.matrix = code_matrix(
                self.project,
                by=self.dimensions(),
                value=self.value.currentData(),
                coders=[coder] if coder else [],
                aggregate=self.aggregate.isChecked(),
            )
            self.model.set_table(matrix_table(self.matrix))
            self.passages.show_passages([])

        self.guarded("Code matrix", work)

    def current_table(self) -> Table | None:
        return None if self.matrix is None else matrix_table(self.matrix)

    def show_cell(self, index: QModelIndex) -> None:
        if self.matrix is None or index.column() == 0:
            return
        row = self.matrix.rows[index.row()]
        cell = self.matrix.cell(row.code_id, index.column() - 1)
        self.passages.show_passages(
            [
                (p.document_id, p.document, p.speaker, p.time_ms, p.text, p.start, p.end)
                for p in coded_passages(self.project, cell.coding_ids)
            ]
        )
