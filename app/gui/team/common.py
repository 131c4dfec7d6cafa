"""Small pieces the team views share."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

AGREE = QColor("#DFF0D8")
DIFFER = QColor("#F8D7DA")
# The role that keeps (document id, start, end) on a row that leads to a passage.
PASSAGE_ROLE = Qt.ItemDataRole.UserRole + 1


def number(value: float | None, *, percent: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:.1%}" if percent else f"{value:.3f}"


def item(text: str, *, passage: tuple[int, int, int] | None = None) -> QTableWidgetItem:
    cell = QTableWidgetItem(text)
    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if passage is not None:
        cell.setData(PASSAGE_ROLE, passage)
        cell.setToolTip(text)
    return cell


def table(headers: list[str], parent: object = None) -> QTableWidget:
    widget = QTableWidget(0, len(headers))
    widget.setHorizontalHeaderLabels(headers)
    widget.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.verticalHeader().setVisible(False)
    widget.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    widget.setWordWrap(True)
    return widget


def passage_of(widget: QTableWidget, row: int) -> tuple[int, int, int] | None:
    cell = widget.item(row, 0)
    value = None if cell is None else cell.data(PASSAGE_ROLE)
    return (int(value[0]), int(value[1]), int(value[2])) if value else None
