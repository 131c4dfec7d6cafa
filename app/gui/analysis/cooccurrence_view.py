"""Code co-occurrence as a heatmap; a click lists where the two codes meet."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from app.gui.analysis.base import AnalysisView, coder_combo, table_over_passages
from app.gui.analysis.table_model import export_button
from coding.analysis import CooccurrenceTable, cooccurrence, cooccurrence_passages
from coding.analysis.result_tables import cooccurrence_table
from coding.analysis.tables import Table
from coding.project import Project

MODES = (
    ("overlap", "Overlapping segments"),
    ("near", "Segments near each other"),
    ("turn", "Same speaker turn"),
)
MEASURES = (("count", "Count"), ("jaccard", "Jaccard"), ("c", "c-coefficient"))


class CooccurrenceView(AnalysisView):
    title = "Code co-occurrence"

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(project, parent)
        self.result: CooccurrenceTable | None = None
        self.mode = QComboBox(self)
        for key, label in MODES:
            self.mode.addItem(self.tr(label), key)
        self.distance = QSpinBox(self)
        self.distance.setRange(0, 100_000)
        self.distance.setValue(50)
        self.distance.setSuffix(self.tr(" characters"))
        self.measure = QComboBox(self)
        for key, label in MEASURES:
            self.measure.addItem(self.tr(label), key)
        self.coder = coder_combo(project, self)
        controls = QHBoxLayout()
        for label, widget in (
            (self.tr("Together:"), self.mode),
            (self.tr("within"), self.distance),
            (self.tr("Cells:"), self.measure),
            (self.tr("Coder:"), self.coder),
        ):
            controls.addWidget(QLabel(label, self))
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(export_button(self, self.current_table))
        self.model, self.table, self.passages = table_over_passages(self, controls)
        self.table.clicked.connect(self.show_cell)
        self.mode.currentIndexChanged.connect(self.refresh)
        self.distance.valueChanged.connect(self.refresh)
        self.measure.currentIndexChanged.connect(self.show_table)
        self.coder.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def _options(self) -> dict[str, object]:
        coder = self.coder.currentData()
        return {
            "mode": self.mode.currentData(),
            "distance": self.distance.value(),
            "coders": [coder] if coder else [],
        }

    def refresh(self) -> None:
        self.distance.setEnabled(self.mode.currentData() == "near")

        def work() -> None:
            self.result = cooccurrence(self.project, **self._options())  # type: ignore[arg-type]
            self.show_table()

        self.guarded("Code co-occurrence", work)

    def show_table(self) -> None:
        table = self.current_table()
        if table is not None:
            self.model.set_table(table)
        self.passages.show_passages([])

    def current_table(self) -> Table | None:
        if self.result is None:
            return None
        return cooccurrence_table(self.result, self.measure.currentData())

    def show_cell(self, index: QModelIndex) -> None:
        if self.result is None or index.column() == 0:
            return
        a = self.result.codes[index.row()].id
        b = self.result.codes[index.column() - 1].id
        if a == b:
            return
        found = cooccurrence_passages(self.project, a, b, **self._options())  # type: ignore[arg-type]
        self.passages.show_passages(
            [(p.document_id, p.document, None, None, p.text, p.start, p.end) for p in found]
        )
