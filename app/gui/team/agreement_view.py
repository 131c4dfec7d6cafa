"""The agreement table: figures per code and per document, and the passages coders differ on.

The figures are computed on a worker thread (sentence units load spaCy, a large project has
many characters), so the window stays responsive. Double-clicking a disagreement opens the
passage in the document pane.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.gui.jobs import JobRunner
from app.gui.team.common import item, number, passage_of, table
from coding import queries
from coding.project import Project
from coding.team.agreement import AgreementReport, Figures, measure_agreement

UNITS = (
    ("char", "Characters"),
    ("turn", "Speaker turns"),
    ("paragraph", "Paragraphs"),
    ("sentence", "Sentences"),
)
FIGURE_HEADERS = ["Units", "Agreement", "Kappa", "Alpha"]


class AgreementView(QWidget):
    computed = Signal(object)  # AgreementReport
    failed = Signal(str)

    def __init__(
        self,
        project: Project,
        *,
        reveal: Any = None,
        runner: JobRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.reveal = reveal
        self.runner = runner or JobRunner(self)
        self.report: AgreementReport | None = None

        self.coders = QListWidget(self)
        self.coders.setAccessibleName(self.tr("Coders to compare"))
        self.coders.setMaximumHeight(110)
        for index, name in enumerate(queries.coders(project)):
            entry = QListWidgetItem(name, self.coders)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if index < 2 else Qt.CheckState.Unchecked)
        self.unit = QComboBox(self)
        for key, label in UNITS:
            self.unit.addItem(self.tr(label), key)
        self.min_share = QDoubleSpinBox(self)
        self.min_share.setRange(0.05, 1.0)
        self.min_share.setSingleStep(0.05)
        self.min_share.setValue(0.5)
        self.min_share.setToolTip(self.tr("Share of a unit a coding must cover to count"))
        self.compute_button = QPushButton(self.tr("Compute"), self)
        self.word_button = QPushButton(self.tr("Word…"), self)
        self.excel_button = QPushButton(self.tr("Excel…"), self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)

        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Coders:"), self))
        controls.addWidget(self.coders, 1)
        options = QVBoxLayout()
        options.addWidget(QLabel(self.tr("Unit:"), self))
        options.addWidget(self.unit)
        options.addWidget(QLabel(self.tr("Minimum share:"), self))
        options.addWidget(self.min_share)
        controls.addLayout(options)
        buttons = QVBoxLayout()
        for button in (self.compute_button, self.word_button, self.excel_button):
            buttons.addWidget(button)
        controls.addLayout(buttons)

        self.codes_table = table(["Code", *FIGURE_HEADERS])
        self.documents_table = table(["Document", *FIGURE_HEADERS])
        self.disagreements_table = table(["Text", "Document", "Code", "Coded by", "Not by"])
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.codes_table, self.tr("Codes"))
        self.tabs.addTab(self.documents_table, self.tr("Documents"))
        self.tabs.addTab(self.disagreements_table, self.tr("Disagreements"))

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)

        self.unit.currentIndexChanged.connect(self._unit_changed)
        self.compute_button.clicked.connect(self.compute)
        self.word_button.clicked.connect(lambda: self._export("docx"))
        self.excel_button.clicked.connect(lambda: self._export("xlsx"))
        self.disagreements_table.cellDoubleClicked.connect(self._open_passage)
        self._unit_changed()
        self._exports_enabled(False)

    # -- computing -------------------------------------------------------------------------

    def chosen_coders(self) -> list[str]:
        return [
            self.coders.item(i).text()
            for i in range(self.coders.count())
            if self.coders.item(i).checkState() == Qt.CheckState.Checked
        ]

    def compute(self) -> None:
        coders = self.chosen_coders()
        if len(coders) < 2:
            self.status.setText(self.tr("Tick at least two coders."))
            return
        self.compute_button.setEnabled(False)
        self.status.setText(self.tr("Computing…"))
        job = self.runner.start(
            self.tr("Intercoder agreement"),
            _measure,
            self.project,
            coders,
            str(self.unit.currentData()),
            float(self.min_share.value()),
        )
        job.succeeded.connect(self.show_report)
        job.failed.connect(self._failed)
        job.finished.connect(lambda: self.compute_button.setEnabled(True))

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.failed.emit(message)

    def show_report(self, report: AgreementReport) -> None:
        self.report = report
        rows: list[tuple[str, Figures]] = [(self.tr("All codes (overall)"), report.overall)]
        rows += [(c.code, c.figures) for c in report.codes]
        self._fill(self.codes_table, rows)
        self._fill(self.documents_table, [(d.document, d.figures) for d in report.documents])
        self.disagreements_table.setRowCount(len(report.disagreements))
        for row, d in enumerate(report.disagreements):
            passage = (d.document_id, d.start, d.end)
            text = " ".join(d.text.split())
            self.disagreements_table.setItem(row, 0, item(text, passage=passage))
            self.disagreements_table.setItem(row, 1, item(d.document))
            self.disagreements_table.setItem(row, 2, item(d.code))
            self.disagreements_table.setItem(row, 3, item(", ".join(d.coded_by)))
            self.disagreements_table.setItem(row, 4, item(", ".join(d.not_coded_by)))
        note = f"{report.kappa}. " + self.tr("A dash marks a figure that is undefined.")
        if report.skipped_documents:
            note += (
                " "
                + self.tr("Not compared (one coder only): ")
                + ", ".join(report.skipped_documents)
            )
        self.status.setText(note)
        self._exports_enabled(True)
        self.computed.emit(report)

    def _fill(self, widget: QTableWidget, rows: list[tuple[str, Figures]]) -> None:
        widget.setRowCount(len(rows))
        for row, (label, figures) in enumerate(rows):
            units = f"{figures.units:,.0f}"
            values = [
                label,
                units,
                number(figures.percent_agreement, percent=True),
                number(figures.cohen_kappa),
                number(figures.krippendorff_alpha),
            ]
            for column, value in enumerate(values):
                cell = item(value)
                if column:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                widget.setItem(row, column, cell)

    # -- actions ---------------------------------------------------------------------------

    def _unit_changed(self) -> None:
        self.min_share.setEnabled(self.unit.currentData() != "char")

    def _exports_enabled(self, enabled: bool) -> None:
        self.word_button.setEnabled(enabled)
        self.excel_button.setEnabled(enabled)

    def _open_passage(self, row: int, _column: int) -> None:
        passage = passage_of(self.disagreements_table, row)
        if passage is not None and self.reveal is not None:
            self.reveal(*passage)

    def _export(self, kind: str) -> None:
        if self.report is None:
            return
        caption = self.tr("Export agreement")
        pattern = "Word (*.docx)" if kind == "docx" else "Excel (*.xlsx)"
        path, _ = QFileDialog.getSaveFileName(self, caption, f"agreement.{kind}", pattern)
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        from app.gui.outbound_choice import choose_outbound
        from coding.errors import TranscodaError
        from coding.team.agreement_export import export_docx, export_xlsx

        assert self.report is not None
        out = choose_outbound(self, self.project)
        if out is None:
            return
        try:
            if path.lower().endswith(".xlsx"):
                written = export_xlsx(self.report, path, out=out)
            else:
                written = export_docx(self.report, path, out=out)
        except TranscodaError as error:
            self.status.setText(str(error))
            return
        self.status.setText(self.tr("Wrote ") + str(written))


def _measure(
    _reporter: object, project: Project, coders: list[str], unit: str, min_share: float
) -> AgreementReport:
    return measure_agreement(project, coders=coders, unit=unit, min_share=min_share)
