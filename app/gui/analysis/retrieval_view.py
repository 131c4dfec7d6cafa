"""Retrieval: coded segments by a code expression and context filters, exported to Word."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.analysis.base import AnalysisView, coder_combo
from app.gui.analysis.table_model import PassageList
from coding.analysis import Retrieval, RetrievalQuery, export_retrieval, retrieve
from coding.project import Project
from coding.reports import parse_condition


class RetrievalView(AnalysisView):
    title = "Retrieve coded segments"

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(project, parent)
        self.result: Retrieval | None = None
        self.expression = QLineEdit(self)
        self.expression.setPlaceholderText(self.tr("Fear AND Police NOT Hope"))
        self.scope = QComboBox(self)
        self.scope.addItem(self.tr("in the same segment (overlapping)"), "segment")
        self.scope.addItem(self.tr("in the same document"), "document")
        self.subcodes = QCheckBox(self.tr("Include subcodes"), self)
        self.subcodes.setChecked(True)
        self.where = QLineEdit(self)
        self.where.setPlaceholderText(self.tr("origin=Russia; host=Georgia"))
        self.coder = coder_combo(project, self)
        self.speaker = QLineEdit(self)
        form = QFormLayout()
        form.addRow(self.tr("Codes:"), self.expression)
        form.addRow(self.tr("Together:"), self.scope)
        form.addRow("", self.subcodes)
        form.addRow(self.tr("Cases where:"), self.where)
        form.addRow(self.tr("Coder:"), self.coder)
        form.addRow(self.tr("Speaker:"), self.speaker)
        run = QPushButton(self.tr("Retrieve"), self)
        run.clicked.connect(self.refresh)
        self.expression.returnPressed.connect(self.refresh)
        export = QPushButton(self.tr("Export to Word…"), self)
        export.clicked.connect(self.ask_export)
        self.summary = QLabel(self)
        buttons = QHBoxLayout()
        buttons.addWidget(run)
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(export)
        self.passages = PassageList(self)
        self.passages.on_activated = self.open_passage
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.passages)

    def query(self) -> RetrievalQuery:
        conditions = [part for part in self.where.text().split(";") if part.strip()]
        coder = self.coder.currentData()
        speaker = self.speaker.text().strip()
        return RetrievalQuery(
            codes=self.expression.text(),
            scope=self.scope.currentData(),
            include_subcodes=self.subcodes.isChecked(),
            where=[parse_condition(part) for part in conditions],
            coders=[coder] if coder else [],
            speakers=[speaker] if speaker else [],
        )

    def refresh(self) -> None:
        def work() -> None:
            self.result = retrieve(self.project, self.query())
            segments = self.result.segments
            self.summary.setText(
                self.tr("{0} segments: {1}").format(len(segments), self.result.description)
            )
            self.passages.show_passages(
                [
                    (s.document_id, s.document_title, s.speaker, s.start_ms, s.text, s.start, s.end)
                    for s in segments
                ]
            )

        self.guarded("Retrieve", work)

    def ask_export(self) -> None:
        if self.result is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export to Word"), "", self.tr("Word document (*.docx)")
        )
        if name and self.result is not None:
            from app.gui.outbound_choice import choose_outbound

            result = self.result
            out = choose_outbound(self, self.project)
            if out is None:
                return
            self.guarded("Export", lambda: export_retrieval(self.project, name, result, out=out))
