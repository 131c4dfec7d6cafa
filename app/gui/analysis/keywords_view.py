"""Keywords by group: the lemmas each group uses most, stop words removed."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTableView, QVBoxLayout, QWidget

from app.gui.analysis.base import AnalysisView, dimension_combo
from app.gui.analysis.table_model import TableModel, export_button
from coding.analysis import GroupKeywords, keywords
from coding.analysis.result_tables import keywords_table
from coding.analysis.tables import Table
from coding.project import Project


class KeywordsView(AnalysisView):
    title = "Keywords by group"

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(project, parent)
        self.result: list[GroupKeywords] | None = None
        self.by = dimension_combo(project, self)
        self.order = QComboBox(self)
        self.order.addItem(self.tr("Most typical of the group (keyness)"), "keyness")
        self.order.addItem(self.tr("Most frequent"), "count")
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Groups:"), self))
        controls.addWidget(self.by)
        controls.addWidget(QLabel(self.tr("Order:"), self))
        controls.addWidget(self.order)
        controls.addStretch(1)
        controls.addWidget(export_button(self, self.current_table))
        self.model = TableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.table)
        self.by.currentIndexChanged.connect(self.refresh)
        self.order.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        def work() -> None:
            self.result = keywords(
                self.project, by=[self.by.currentData()], order=self.order.currentData()
            )
            self.model.set_table(keywords_table(self.result))

        self.guarded("Keywords", work)

    def current_table(self) -> Table | None:
        return None if self.result is None else keywords_table(self.result)
