"""Code frequencies per document, case, group or coder, as a bar chart that saves as PNG or
SVG, with the figures in a table beside it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QEvent, QRect, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.gui.analysis.base import AnalysisView, code_combo, dimension_combo
from app.gui.analysis.table_model import TableModel, export_button
from coding.analysis import Frequencies, frequencies
from coding.analysis.result_tables import frequencies_table
from coding.analysis.tables import Table
from coding.errors import InvalidInput
from coding.project import Project

CHART_SIZE = QSize(900, 500)


class FrequenciesView(AnalysisView):
    title = "Code frequencies"

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(project, parent)
        self.result: Frequencies | None = None
        self.by = dimension_combo(project, self)
        self.by.setCurrentIndex(max(self.by.findData("@document"), 0))
        self.code = code_combo(project, self, everything=self.tr("All codes"))
        self.aggregate = QCheckBox(self.tr("With subcodes"), self)
        self.aggregate.setChecked(True)
        save = QPushButton(self.tr("Save chart…"), self)
        save.clicked.connect(self.ask_save_chart)
        controls = QHBoxLayout()
        for label, widget in ((self.tr("Per:"), self.by), (self.tr("Code:"), self.code)):
            controls.addWidget(QLabel(label, self))
            controls.addWidget(widget)
        controls.addWidget(self.aggregate)
        controls.addStretch(1)
        controls.addWidget(save)
        controls.addWidget(export_button(self, self.current_table))
        # The view's own chart: owned by C++ alone, so Python never deletes it a second time.
        self.chart_view = QChartView(self)
        self.chart: QChart = self.chart_view.chart()
        self.chart.legend().hide()
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.model = TableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.chart_view)
        split.addWidget(self.table)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(split)
        self.by.currentIndexChanged.connect(self.refresh)
        self.code.currentIndexChanged.connect(self.refresh)
        self.aggregate.toggled.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        def work() -> None:
            code_id = self.code.currentData() or None
            self.result = frequencies(
                self.project,
                by=[self.by.currentData()],
                code_ids=None if code_id is None else [code_id],
                aggregate=self.aggregate.isChecked(),
            )
            self.model.set_table(frequencies_table(self.result))
            self._draw(self.result)

        self.guarded("Code frequencies", work)

    def _draw(self, result: Frequencies) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
            axis.deleteLater()  # removing hands the axis back instead of deleting it
        bars = QBarSet(self.code.currentText().strip())
        values = result.series()
        bars.append([float(value) for value in values])
        series = QBarSeries()
        series.append(bars)
        self.chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append(result.labels)
        self.chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        counts = QValueAxis()
        counts.setRange(0, max([1, *values]))
        counts.setLabelFormat("%d")
        counts.setTitleText(self.tr("Coded segments"))
        self.chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(counts)
        self.chart.setTitle(self.tr("Coded segments per {0}").format(self.by.currentText()))

    def current_table(self) -> Table | None:
        return None if self.result is None else frequencies_table(self.result)

    def ask_save_chart(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save chart"), "", self.tr("PNG image (*.png);;SVG drawing (*.svg)")
        )
        if name:
            self.guarded("Save chart", lambda: self.save_chart(Path(name)))

    def save_chart(self, path: Path) -> None:
        """The chart as PNG or SVG at a fixed size, whatever the window's size (or whether it
        is shown at all: the chart is laid out for the file, then for the window again)."""
        suffix = path.suffix.lower()
        if suffix not in (".png", ".svg"):
            raise InvalidInput(f"save the chart as .png or .svg, not '{path.name}'")
        area = QRectF(0, 0, CHART_SIZE.width(), CHART_SIZE.height())
        if suffix == ".png":
            image = QImage(CHART_SIZE, QImage.Format.Format_ARGB32)
            image.fill(Qt.GlobalColor.white)
            self._render(QPainter(image), area)
            if not image.save(str(path)):
                raise InvalidInput(f"cannot write {path}")
            return
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(CHART_SIZE)
        generator.setViewBox(QRect(0, 0, CHART_SIZE.width(), CHART_SIZE.height()))
        generator.setTitle(self.chart.title())
        self._render(QPainter(generator), area)

    def _render(self, painter: QPainter, area: QRectF) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._lay_out(area.size())
        try:
            scene = self.chart.scene()
            scene.render(painter, area, area)
        finally:
            painter.end()
            self._lay_out(QSizeF(self.chart_view.viewport().size()))

    def _lay_out(self, size: QSizeF) -> None:
        self.chart.resize(size)
        QApplication.sendEvent(self.chart, QEvent(QEvent.Type.LayoutRequest))
