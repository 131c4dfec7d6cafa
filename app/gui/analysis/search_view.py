"""Search all documents (lemmas, exact words, regex) with KWIC results. The search runs on a
worker thread, since its first run may index the project's words; double-clicking a line
opens the passage; hits can be auto-coded."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.gui.analysis.autocode_dialog import AutocodeDialog
from app.gui.analysis.base import AnalysisView
from app.gui.analysis.kwic_model import KwicModel
from app.gui.analysis.table_model import export_button
from app.gui.jobs import Job, JobRunner
from coding.analysis import SearchResult, search
from coding.analysis.result_tables import kwic_table
from coding.analysis.tables import Table
from coding.project import Project
from models.progress import Reporter

MODES = (("lemma", "All word forms"), ("exact", "Exact words"), ("regex", "Regular expression"))
UNITS = (("turn", "speaker turn"), ("sentence", "sentence"), ("document", "document"))


class SearchView(AnalysisView):
    title = "Search"

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(project, parent)
        self.result: SearchResult | None = None
        self.error: str | None = None
        self.runner = JobRunner(self, threads=1)
        self.job: Job | None = None
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(self.tr('страх AND (полиция OR "house search")'))
        self.mode = QComboBox(self)
        for key, label in MODES:
            self.mode.addItem(self.tr(label), key)
        self.within = QComboBox(self)
        for key, label in UNITS:
            self.within.addItem(self.tr(label), key)
        self.go = QPushButton(self.tr("Search"), self)
        self.go.clicked.connect(self.refresh)
        self.query.returnPressed.connect(self.refresh)
        self.autocode = QPushButton(self.tr("Auto-code…"), self)
        self.autocode.clicked.connect(self.open_autocode)
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.mode)
        top.addWidget(QLabel(self.tr("AND/NOT within"), self))
        top.addWidget(self.within)
        top.addWidget(self.go)
        self.progress = QProgressBar(self)
        self.progress.hide()
        self.summary = QLabel(self)
        status = QHBoxLayout()
        status.addWidget(self.summary, 1)
        status.addWidget(self.progress)
        status.addWidget(self.autocode)
        status.addWidget(export_button(self, self.current_table))
        self.model = KwicModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(lambda index: self.open_hit(index.row()))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(status)
        layout.addWidget(self.table)

    @property
    def busy(self) -> bool:
        return self.job is not None and not self.job.done

    def refresh(self) -> None:
        text = self.query.text().strip()
        if not text or self.busy:
            return
        mode, within = self.mode.currentData(), self.within.currentData()
        self.error = None
        self.go.setEnabled(False)
        self.summary.setText(self.tr("Searching…"))

        def work(reporter: Reporter) -> SearchResult:
            return search(self.project, text, mode=mode, within=within, reporter=reporter)

        self.job = self.runner.start(self.tr("Search"), work)
        self.job.progressed.connect(self._progressed)
        self.job.succeeded.connect(self._found)
        self.job.failed.connect(self._failed)
        self.job.finished.connect(self._finished)

    def _progressed(self, done: float, total: float, message: str) -> None:
        self.progress.show()
        self.progress.setRange(0, int(total))
        self.progress.setValue(int(done))
        self.summary.setText(message)

    def _found(self, result: Any) -> None:
        self.result = result
        self.model.set_hits(result.hits)
        self.summary.setText(
            self.tr("{0} hits in {1} documents").format(len(result.hits), result.documents)
        )
        self.table.resizeColumnsToContents()

    def _failed(self, message: str) -> None:
        self.error = message
        self.summary.setText(message)

    def _finished(self) -> None:
        self.progress.hide()
        self.go.setEnabled(True)

    def current_table(self) -> Table | None:
        return None if self.result is None else kwic_table(self.result)

    def open_hit(self, row: int) -> None:
        if self.result is not None and 0 <= row < len(self.result.hits):
            hit = self.result.hits[row]
            self.open_passage(hit.document_id, hit.start, hit.end)

    def open_autocode(self) -> AutocodeDialog:
        dialog = AutocodeDialog(
            self.project,
            self,
            query=self.query.text(),
            mode=self.mode.currentData(),
            within=self.within.currentData(),
        )
        dialog.applied.connect(self.changesMade)
        dialog.show()
        return dialog

    def closeEvent(self, event: Any) -> None:
        self.runner.cancel_all()
        self.runner.wait(5000)
        super().closeEvent(event)
