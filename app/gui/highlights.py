"""The coloured layers under the text: coding highlights, the playing segment, turn styling.

Coding highlights and the playing segment are painted as rectangles behind the text, only for
the lines in view: the text is drawn once, however many codings overlap, so opening a long
interview and applying a code stay fast. Timestamps and speaker names change the text's own
look (grey, bold), which needs Qt's ``ExtraSelection``; those are built for a window of text
around the viewport only, and rebuilt when scrolling leaves it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QColor, QFont, QPainter, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from app.gui import coding_layout
from app.gui.text_positions import PositionMap

MARGIN = 3000  # characters of turn styling built beyond each edge of the viewport
SEGMENT_COLOR = QColor("#E6E6E1")  # neutral, unlike any code colour
STAMP, SPEAKER = range(2)
Run = tuple[int, int, str]  # start16, end16, colour
# A turn starts a line: "[hh:mm:ss]", then maybe "Name:" (see models.transcript_layout).
TURN = re.compile(r"^(\[\d{2}:\d{2}:\d{2}\])[ \t]*(?:([^\n:]{1,40}):)?", re.MULTILINE)


@lru_cache(maxsize=4096)
def blended(colors: tuple[str, ...]) -> QColor:
    return QColor(coding_layout.blend(colors))


class Highlights:
    def __init__(self, view: QPlainTextEdit) -> None:
        self.view = view
        self.spans: list[Run] = []  # codings sorted by start
        self._starts: list[int] = []
        self._longest = 0
        self.text = ""
        self.positions = PositionMap("")
        self.segment: tuple[int, int] | None = None
        self.window: tuple[int, int] | None = None
        self._formats = self._turn_formats()
        view.verticalScrollBar().valueChanged.connect(lambda _value: self.refresh())

    # -- content ---------------------------------------------------------------------------

    def set_text(self, text: str, positions: PositionMap) -> None:
        """New text (loaded or edited): turn styling is found again near the viewport."""
        self.text = text
        self.positions = positions
        self.refresh(force=True)

    def set_codings(self, spans: Sequence[Run], *, repaint: bool = True) -> None:
        """Coding spans (UTF-16, colour), overlapping freely; painted as blended runs."""
        self.spans = sorted(spans)
        self._starts = [span[0] for span in self.spans]
        self._longest = max((end - start for start, end, _color in self.spans), default=0)
        if repaint:
            self.view.viewport().update()

    def set_segment(self, span: tuple[int, int] | None) -> None:
        if span != self.segment:
            self.segment = span
            self.view.viewport().update()

    def runs(self, low: int, high: int) -> list[tuple[int, int, QColor]]:
        """Blended runs of the codings that meet ``[low, high)``; others cannot change them."""
        first = bisect_left(self._starts, low - self._longest)
        last = bisect_left(self._starts, high)
        near = [span for span in self.spans[first:last] if span[1] > low]
        colors = [color for _start, _end, color in near]
        return [
            (run.start, run.end, blended(tuple(colors[i] for i in run.layers)))
            for run in coding_layout.runs([(start, end) for start, end, _color in near])
        ]

    # -- painting behind the text ----------------------------------------------------------

    def paint(self, painter: QPainter, area: QRect) -> None:
        view = self.view
        block = view.firstVisibleBlock()
        offset = view.contentOffset()
        if not block.isValid():
            return
        first = block.position()
        last_block = view.cursorForPosition(area.bottomRight()).block()
        last = last_block.position() + last_block.length()
        layers: list[tuple[int, int, QColor]] = []
        if self.segment is not None and self.segment[1] > first and self.segment[0] < last:
            layers.append((*self.segment, SEGMENT_COLOR))
        layers.extend(self.runs(first, last))
        if not layers:
            return
        bottom = area.bottom()
        while block.isValid():
            geometry = view.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                break
            start = block.position()
            end = start + block.length()
            layout = block.layout()
            for low, high, color in layers:
                if high <= start or low >= end:
                    continue
                for number in range(layout.lineCount()):
                    line = layout.lineAt(number)
                    line_start = start + line.textStart()
                    line_end = line_start + line.textLength()
                    left, right = max(low, line_start), min(high, line_end)
                    if right <= left:
                        continue
                    x1 = _x(line.cursorToX(left - start))
                    x2 = _x(line.cursorToX(right - start))
                    painter.fillRect(
                        QRectF(
                            geometry.left() + x1, geometry.top() + line.y(), x2 - x1, line.height()
                        ),
                        color,
                    )
            block = block.next()

    # -- turn styling (Qt's extra selections, near the viewport) ---------------------------

    def visible_range(self) -> tuple[int, int]:
        first = self.view.firstVisibleBlock().position()
        last = self.view.cursorForPosition(self.view.viewport().rect().bottomRight()).position()
        return first, max(first, last)

    def refresh(self, *, force: bool = False) -> None:
        low, high = self.visible_range()
        if (
            not force
            and self.window is not None
            and self.window[0] <= low
            and high <= self.window[1]
        ):
            return
        window = (max(0, low - MARGIN), high + MARGIN)
        self.window = window
        limit = max(0, self.view.document().characterCount() - 1)
        selections = []
        for start, end, kind in self.turns_between(*window):
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.view.document())
            cursor.setPosition(min(start, limit))
            cursor.setPosition(min(end, limit), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = self._formats[kind]
            selections.append(selection)
        self.view.setExtraSelections(selections)

    def turns_between(self, low16: int, high16: int) -> list[tuple[int, int, int]]:
        """Timestamps and speaker names in ``[low16, high16)``, as UTF-16 spans and kinds."""
        positions = self.positions
        low = positions.to_code_point(low16)
        # Back to the start of the line, so that a turn cut by the window is found whole.
        low = self.text.rfind("\n", 0, low) + 1
        high = positions.to_code_point(high16)
        turns = []
        for match in TURN.finditer(self.text, low, high):
            for group, kind in ((1, STAMP), (2, SPEAKER)):
                if match.group(group) is not None:
                    turns.append(
                        (
                            positions.to_utf16(match.start(group)),
                            positions.to_utf16(match.end(group)),
                            kind,
                        )
                    )
        return turns

    @staticmethod
    def _turn_formats() -> dict[int, QTextCharFormat]:
        stamp = QTextCharFormat()
        stamp.setForeground(QColor("#8A8A85"))
        speaker = QTextCharFormat()
        speaker.setFontWeight(QFont.Weight.DemiBold)
        speaker.setForeground(QColor("#2F4F6F"))
        return {STAMP: stamp, SPEAKER: speaker}


def _x(result: object) -> float:
    """``QTextLine.cursorToX`` answers ``(x, position)`` in PySide6."""
    return float(result[0]) if isinstance(result, tuple) else float(result)  # type: ignore[arg-type]
