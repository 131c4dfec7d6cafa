"""Small icons drawn in code: code colour swatches and transcript status marks."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

SIZE = 14


def _canvas() -> tuple[QPixmap, QPainter]:
    pixmap = QPixmap(SIZE * 2, SIZE * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pixmap, painter


@lru_cache(maxsize=256)
def color_icon(color: str) -> QIcon:
    pixmap, painter = _canvas()
    painter.setPen(QPen(QColor(color).darker(130), 1))
    painter.setBrush(QColor(color))
    painter.drawRoundedRect(QRectF(2, 2, SIZE - 4, SIZE - 4), 3, 3)
    painter.end()
    return QIcon(pixmap)


STATUS_COLORS = {
    "none": "#B8B8B2",
    "transcribing": "#E0A030",
    "draft": "#5B8DD6",
    "checked": "#3E9B5B",
}


@lru_cache(maxsize=8)
def status_icon(status: str) -> QIcon:
    pixmap, painter = _canvas()
    color = QColor(STATUS_COLORS.get(status, "#B8B8B2"))
    rect = QRectF(2.5, 2.5, SIZE - 5, SIZE - 5)
    if status == "none":
        painter.setPen(QPen(color, 1.4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(rect)
    elif status == "transcribing":
        painter.setPen(QPen(color, 1.4))
        painter.drawEllipse(rect)
        path = QPainterPath(rect.center())
        path.arcTo(rect, 90, 180)
        painter.fillPath(path, color)
    elif status == "checked":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawEllipse(rect)
        painter.setPen(QPen(QColor("white"), 1.6))
        painter.drawPolyline([QPointF(4.8, 7.2), QPointF(6.4, 8.9), QPointF(9.4, 5.2)])
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawEllipse(rect)
    painter.end()
    return QIcon(pixmap)
