"""The KWIC table: left context right-aligned against the hit, the hit in bold, then the right
context. Reads the lazy hit list row by row, so a search with 60,000 hits shows at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

from coding.analysis import SearchHit
from models.transcript_layout import format_stamp

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Document", "Speaker", "Time", "Left", "Hit", "Right")
LEFT, HIT = 3, 4


class KwicModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hits: Sequence[SearchHit] = ()
        self.bold = QFont()
        self.bold.setBold(True)

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            hit = self.hits[index.row()]
            values = (
                hit.document,
                hit.speaker or "",
                "" if hit.time_ms is None else format_stamp(hit.time_ms),
                hit.left,
                hit.hit,
                hit.right,
            )
            return values[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == LEFT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column == HIT:
            return self.bold
        return None
