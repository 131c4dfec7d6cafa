"""Two coders' codings of one document side by side; double-click opens the passage."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.gui.team.common import AGREE, DIFFER, item, passage_of, table
from coding import queries
from coding.errors import TranscodaError
from coding.project import Project
from coding.team.comparison import Comparison, compare_coders


class ComparisonView(QWidget):
    def __init__(
        self, project: Project, *, reveal: Any = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.reveal = reveal
        self.comparison: Comparison | None = None
        self.document = QComboBox(self)
        self.document.setAccessibleName(self.tr("Document"))
        for summary in queries.list_documents(project):
            self.document.addItem(summary.title, summary.id)
        coders = queries.coders(project)
        self.first = QComboBox(self)
        self.second = QComboBox(self)
        for combo, default in ((self.first, 0), (self.second, 1)):
            combo.addItems(coders)
            combo.setCurrentIndex(min(default, len(coders) - 1))
        self.rows = table(["Passage", "", ""])
        self.summary = QLabel(self)

        header = QHBoxLayout()
        header.addWidget(QLabel(self.tr("Document:"), self))
        header.addWidget(self.document, 1)
        header.addWidget(self.first)
        header.addWidget(QLabel(self.tr("and"), self))
        header.addWidget(self.second)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.rows, 1)
        layout.addWidget(self.summary)
        for combo in (self.document, self.first, self.second):
            combo.currentIndexChanged.connect(self.refresh)
        self.rows.cellDoubleClicked.connect(self._open)
        self.refresh()

    def refresh(self) -> None:
        document_id = self.document.currentData()
        first, second = self.first.currentText(), self.second.currentText()
        self.rows.setHorizontalHeaderLabels([self.tr("Passage"), first, second])
        if document_id is None or not first or not second:
            self.rows.setRowCount(0)
            return
        try:
            self.comparison = compare_coders(
                self.project, document_id=int(document_id), first=first, second=second
            )
        except TranscodaError as error:
            self.comparison = None
            self.rows.setRowCount(0)
            self.summary.setText(str(error))
            return
        spans = self.comparison.spans
        self.rows.setRowCount(len(spans))
        for row, span in enumerate(spans):
            cells = [
                item(" ".join(span.text.split()), passage=(int(document_id), span.start, span.end)),
                item(", ".join(span.first) or "—"),
                item(", ".join(span.second) or "—"),
            ]
            for column, cell in enumerate(cells):
                cell.setBackground(AGREE if span.agree else DIFFER)
                self.rows.setItem(row, column, cell)
        self.rows.resizeRowsToContents()
        self.summary.setText(
            self.tr("{agree} of {total} passages coded alike").format(
                agree=self.comparison.agreeing, total=len(spans)
            )
        )

    def _open(self, row: int, _column: int) -> None:
        passage = passage_of(self.rows, row)
        if passage is not None and self.reveal is not None:
            self.reveal(*passage)
