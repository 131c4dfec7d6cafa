"""The coding stripes beside the text: one coloured bracket per coding, labelled with its code.

Overlapping codings get separate lanes, so every code on a passage stays visible even where the
highlight colours blend. Hovering shows code, coder and memo; clicking selects the passage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

if TYPE_CHECKING:
    from app.gui.document_view import DocumentView, ShownCoding

LANE = 9  # horizontal distance between lanes
BAR = 4  # stripe width
LABEL_WIDTH = 96  # room for code names left of the stripes
GUTTER = 16  # between the stripes and the text: the mark of the segment being played


class CodingMargin(QWidget):
    codingClicked = Signal(int)

    def __init__(self, view: DocumentView) -> None:
        super().__init__(view)
        self.view = view
        self.setMouseTracking(True)
        self.setObjectName("codingMargin")
        self._hits: list[tuple[QRect, ShownCoding]] = []

    def sizeHint(self) -> QSize:
        return QSize(self.wanted_width(), 0)

    def wanted_width(self) -> int:
        lanes = self.view.lane_count
        if lanes == 0:
            return GUTTER + 4
        return LABEL_WIDTH + lanes * LANE + GUTTER

    # -- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor("#F7F7F5"))
        painter.setPen(QColor("#E2E2DE"))
        painter.drawLine(self.width() - 1, 0, self.width() - 1, self.height())
        self._hits = []
        view = self.view
        self._paint_playing(painter)
        if not view.shown:
            return
        metrics = QFontMetrics(self.font())
        labels: list[QRect] = []
        height = self.height()
        selected = view.selected_coding
        for coding, lane in view.visible_codings():
            top, bottom = view.span_y(coding.start16, coding.end16)
            if bottom < 0 or top > height:
                continue
            x = self.width() - GUTTER - (lane + 1) * LANE
            color = QColor(coding.color)
            width = BAR + 2 if coding.id == selected else BAR
            painter.fillRect(QRect(x, top + 1, width, max(3, bottom - top - 2)), color)
            pen = QPen(color.darker(115))
            pen.setWidth(1)
            painter.setPen(pen)
            painter.drawLine(x, top + 1, x + LANE - 2, top + 1)
            painter.drawLine(x, bottom - 2, x + LANE - 2, bottom - 2)
            hit = QRect(x - 2, top, LANE, max(6, bottom - top))
            self._hits.append((hit, coding))
            # The label sits left of the stripe at its top, moved down when another is there.
            label_right = self.width() - GUTTER - view.lane_count * LANE - 4
            label = QRect(2, top, max(10, label_right - 2), metrics.height())
            while any(label.intersects(other) for other in labels):
                label.translate(0, metrics.height())
            if label.top() < bottom or label.top() < top + metrics.height():
                labels.append(label)
                text = metrics.elidedText(coding.name, Qt.TextElideMode.ElideRight, label.width())
                painter.setPen(color.darker(170))
                painter.drawText(
                    label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, text
                )
                self._hits.append((label, coding))
        painter.end()

    def _paint_playing(self, painter: QPainter) -> None:
        """A small play mark beside the first line of the segment being played."""
        span = self.view.segment_span
        if span is None:
            return
        top, _bottom = self.view.span_y(span[0], span[0] + 1)
        if top < -20 or top > self.height():
            return
        x = self.width() - GUTTER + 5
        y = top + self.fontMetrics().height() // 2
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#4A6A8A"))
        painter.drawPolygon([QPoint(x, y - 5), QPoint(x, y + 5), QPoint(x + 7, y)])
        painter.restore()

    # -- interaction -----------------------------------------------------------------------

    def coding_at(self, point: QPoint) -> ShownCoding | None:
        for rect, coding in reversed(self._hits):
            if rect.contains(point):
                return coding
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        coding = self.coding_at(event.position().toPoint())
        if coding is not None and event.button() == Qt.MouseButton.LeftButton:
            self.codingClicked.emit(coding.id)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        coding = self.coding_at(event.position().toPoint())
        cursor = Qt.CursorShape.PointingHandCursor if coding else Qt.CursorShape.ArrowCursor
        self.setCursor(cursor)
        super().mouseMoveEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            point = event.pos()  # type: ignore[attr-defined]
            coding = self.coding_at(point)
            if coding is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.view.tooltip_for([coding]), self)  # type: ignore[attr-defined]
            return True
        return super().event(event)
