"""A read-only Qt model over an analysis Table, coloured as a heatmap, and the shared export
and passage-list pieces of the analysis views."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from coding.analysis.tables import Table, export_table, heat, highest
from coding.errors import TranscodaError
from models.transcript_layout import format_stamp

Index = QModelIndex | QPersistentModelIndex
EXPORT_FILTERS = "Excel workbook (*.xlsx);;CSV (*.csv);;Word table (*.docx)"


class TableModel(QAbstractTableModel):
    """Rows straight from a Table; figures right-aligned and shaded by size when asked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = Table("", (), ())
        self.top = 0.0

    def set_table(self, table: Table) -> None:
        self.beginResetModel()
        self.table = table
        self.top = highest(table)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.header)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.table.header[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.table.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(value, index.column() in self.table.share_columns)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, (int, float)):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        heat_from = self.table.heat_from
        heated = heat_from is not None and index.column() >= heat_from
        if role == Qt.ItemDataRole.BackgroundRole and heated:
            color = heat(value, self.top)
            return QColor(color) if color else None
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, str) and len(value) > 40:
            return value
        return None


def display(value: object, share: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.0%}" if share else f"{value:.2f}"
    return str(value)


def export_button(parent: QWidget, current: Callable[[], Table | None]) -> QPushButton:
    """A button that saves ``current()`` as XLSX, CSV or a Word table, its names replaced
    as the project says (app.gui.outbound_choice); ``parent.project`` is the project."""
    button = QPushButton(parent.tr("Export…"), parent)

    def save() -> None:
        from app.gui.outbound_choice import choose_outbound

        table = current()
        if table is None:
            return
        name, _ = QFileDialog.getSaveFileName(parent, parent.tr("Export table"), "", EXPORT_FILTERS)
        if not name:
            return
        project = getattr(parent, "project", None)
        out = choose_outbound(parent, project) if project is not None else None
        if out is None:
            return
        try:
            export_table(table, name, out=out)
        except TranscodaError as error:
            QMessageBox.warning(parent, parent.tr("Export"), str(error))

    button.clicked.connect(save)
    return button


class PassageList(QTableWidget):
    """The passages behind a figure: document, speaker, time, text. Activating a row reports
    (document id, start, end) to ``on_activated``."""

    HEADERS = ("Document", "Speaker", "Time", "Passage")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setHorizontalHeaderLabels([self.tr(text) for text in self.HEADERS])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().hide()
        self.spans: list[tuple[int, int, int]] = []
        self.on_activated: Callable[[int, int, int], None] | None = None
        self.cellDoubleClicked.connect(self._activated)

    def show_passages(
        self, rows: Sequence[tuple[int, str, str | None, int | None, str, int, int]]
    ) -> None:
        """``rows``: (document id, title, speaker, time ms, text, start, end)."""
        self.setRowCount(len(rows))
        self.spans = []
        for at, (document_id, title, speaker, time_ms, text, start, end) in enumerate(rows):
            stamp = "" if time_ms is None else format_stamp(time_ms)
            for column, value in enumerate((title, speaker or "", stamp, " ".join(text.split()))):
                self.setItem(at, column, QTableWidgetItem(value))
            self.spans.append((document_id, start, end))

    def _activated(self, row: int, _column: int) -> None:
        if self.on_activated is not None and 0 <= row < len(self.spans):
            self.on_activated(*self.spans[row])
