"""The document in the centre: text with coding highlights, stripes, tooltips and drops.

Positions inside the view are Qt's UTF-16 units; everything the view reports or accepts from
outside is in code points (``app.gui.text_positions`` converts at this boundary).
"""

from __future__ import annotations

import html
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from PySide6.QtCore import QEvent, QMimeData, QRect, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextCursor,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from app.gui import coding_layout
from app.gui.coding_margin import CodingMargin
from app.gui.highlights import Highlights
from app.gui.text_positions import PositionMap

CODE_MIME = "application/x-transcoda-code"


def code_mime(code_id: int) -> QMimeData:
    data = QMimeData()
    data.setData(CODE_MIME, str(code_id).encode())
    return data


def code_from_mime(data: QMimeData) -> int | None:
    if not data.hasFormat(CODE_MIME):
        return None
    try:
        return int(bytes(data.data(CODE_MIME).data()).decode())
    except ValueError:
        return None


class ShownCoding(NamedTuple):
    """A coding as the view draws it (a tuple: cheap to copy while typing moves it)."""

    id: int
    code_id: int
    name: str
    color: str
    coder: str
    memo: str
    start: int  # code points
    end: int
    start16: int = 0  # UTF-16 units, as the view draws them
    end16: int = 0


class DocumentView(QPlainTextEdit):
    """Read-only for coding; editable in transcript mode (the pane turns edits into splices)."""

    codeDropped = Signal(int)  # code id dropped on the current selection
    quickCodeKey = Signal(int)  # 1..9 pressed while coding
    codingClicked = Signal(int)
    clickedAt = Signal(int)  # a plain click, in code points (seeks the player)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentView")
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setAcceptDrops(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.set_editable(False)
        font = QFont(self.font())
        font.setPointSizeF(max(11.0, font.pointSizeF() + 1))
        self.setFont(font)
        self.document().setDocumentMargin(14)
        self.text = ""
        self.positions = PositionMap("")
        self.shown: list[ShownCoding] = []
        self.lane_of: list[int] = []
        self.lane_count = 0
        self.selected_coding: int | None = None
        self.segment_span: tuple[int, int] | None = None  # UTF-16
        self._starts16: list[int] = []
        self._longest16 = 0
        self.highlights = Highlights(self)
        self.margin = CodingMargin(self)
        self.margin.codingClicked.connect(self.select_coding)
        self.updateRequest.connect(self._scrolled)
        self._press_position = -1

    def set_editable(self, editable: bool) -> None:
        self.setReadOnly(not editable)
        if editable:
            self.setTextInteractionFlags(Qt.TextInteractionFlag.TextEditorInteraction)
        else:
            self.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )

    # -- content ---------------------------------------------------------------------------

    def set_text(self, text: str) -> None:
        """Replace the text, keeping the scroll position when the document stays the same."""
        scroll = self.verticalScrollBar().value()
        same_doc = bool(self.text)
        self.text = text
        self.positions = PositionMap(text)
        self.blockSignals(True)
        self.document().blockSignals(True)
        try:
            self.setPlainText(text)
        finally:
            self.document().blockSignals(False)
            self.blockSignals(False)
        self.document().setDocumentMargin(14)
        if same_doc:
            self.verticalScrollBar().setValue(scroll)
        self.highlights.set_text(text, self.positions)

    def text_changed_locally(self, text: str) -> None:
        """The editor changed its own text (transcript mode): refresh the position map."""
        self.text = text
        self.positions = PositionMap(text)
        self.highlights.set_text(text, self.positions)

    def add_coding(self, coding: ShownCoding) -> None:
        """One new coding (the one just applied): the others keep their converted positions."""
        coding = self._converted(coding)
        key = (coding.start, -coding.end, coding.id)
        index = bisect_left([(c.start, -c.end, c.id) for c in self.shown], key)
        self.shown.insert(index, coding)
        self._codings_changed(dirty=(coding.start16, coding.end16))

    def set_codings(self, codings: Sequence[ShownCoding], *, converted: bool = False) -> None:
        """Show these codings; ``converted``: their UTF-16 spans are already right (editing)."""
        ordered = sorted(codings, key=lambda c: (c.start, -c.end, c.id))
        self.shown = ordered if converted else [self._converted(coding) for coding in ordered]
        self._codings_changed()

    def _converted(self, coding: ShownCoding) -> ShownCoding:
        """The coding with its UTF-16 span for the current text (reused when already right)."""
        if self.positions.identity:
            start16, end16 = coding.start, coding.end
        else:
            start16, end16 = self.positions.span_to_utf16(coding.start, coding.end)
        if (coding.start16, coding.end16) == (start16, end16):
            return coding
        return coding._replace(start16=start16, end16=end16)

    def _codings_changed(self, dirty: tuple[int, int] | None = None) -> None:
        """Recompute lanes and highlights; ``dirty``: only this span's lines need repainting."""
        self._starts16 = [coding.start16 for coding in self.shown]
        self._longest16 = max((c.end16 - c.start16 for c in self.shown), default=0)
        spans = [(coding.start16, coding.end16) for coding in self.shown]
        self.lane_of, self.lane_count = coding_layout.lanes(spans)
        if self.selected_coding not in {coding.id for coding in self.shown}:
            self.selected_coding = None
        self._update_margin_width()
        self.highlights.set_codings(
            [(c.start16, c.end16, c.color) for c in self.shown], repaint=False
        )
        if dirty is None:
            self.viewport().update()
        else:
            top, bottom = self.span_y(*dirty)
            self.viewport().update(QRect(0, top, self.viewport().width(), bottom - top + 1))
        self.margin.update()

    def set_segment(self, span: tuple[int, int] | None) -> None:
        """Highlight the transcript segment being played (code points), or none."""
        span16 = None if span is None else self.positions.span_to_utf16(*span)
        if span16 != self.segment_span:
            self.segment_span = span16
            self.highlights.set_segment(span16)
            self.margin.update()

    def _update_margin_width(self) -> None:
        width = self.margin.wanted_width()
        if self.viewportMargins().left() != width:
            self.setViewportMargins(width, 0, 0, 0)
        self._place_margin()

    def _place_margin(self) -> None:
        rect = self.contentsRect()
        self.margin.setGeometry(
            QRect(rect.left(), rect.top(), self.margin.wanted_width(), rect.height())
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        self.highlights.paint(painter, event.rect())
        painter.end()
        super().paintEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_margin()
        self.highlights.refresh()

    def _scrolled(self, rect: QRect, dy: int) -> None:
        if dy or rect.contains(self.viewport().rect()):
            self.margin.update()

    def visible_codings(self) -> Iterator[tuple[ShownCoding, int]]:
        """Codings that may show in the viewport, with their lanes (cheap pre-filter)."""
        first = self.firstVisibleBlock()
        top_position = first.position()
        bottom = self.cursorForPosition(self.viewport().rect().bottomRight()).position()
        limit = bisect_right(self._starts16, bottom + 1)
        # Nothing that starts more than the longest coding before the top can reach it.
        for index in range(bisect_left(self._starts16, top_position - self._longest16), limit):
            coding = self.shown[index]
            if coding.end16 >= top_position:
                yield coding, self.lane_of[index]

    def span_y(self, start16: int, end16: int) -> tuple[int, int]:
        """Top of the line holding ``start16`` and bottom of the line holding ``end16``."""
        return self._line_y(start16, top=True), self._line_y(max(start16, end16 - 1), top=False)

    def _line_y(self, position: int, *, top: bool) -> int:
        block = self.document().findBlock(position)
        if not block.isValid():
            return 0
        geometry = self.blockBoundingGeometry(block).translated(self.contentOffset())
        layout = block.layout()
        line = layout.lineForTextPosition(position - block.position()) if layout else None
        if line is None or not line.isValid():
            return int(geometry.top() if top else geometry.bottom())
        y = geometry.top() + line.y() + (0 if top else line.height())
        return int(y)

    # -- selections in code points ---------------------------------------------------------

    def selection_span(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self.positions.span_to_code_points(
            cursor.selectionStart(), cursor.selectionEnd()
        )
        return (start, end) if end > start else None

    def selected_text(self) -> str:
        span = self.selection_span()
        return "" if span is None else self.text[span[0] : span[1]]

    def select_span(self, start: int, end: int, *, scroll: bool = True) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self.positions.to_utf16(start))
        cursor.setPosition(self.positions.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        if scroll:
            self.centerCursor()

    def cursor_code_point(self) -> int:
        return self.positions.to_code_point(self.textCursor().position())

    def select_coding(self, coding_id: int) -> None:
        for coding in self.shown:
            if coding.id == coding_id:
                self.selected_coding = coding_id
                self.select_span(coding.start, coding.end, scroll=False)
                self.margin.update()
                self.codingClicked.emit(coding_id)
                return

    def codings_at(self, code_point: int) -> list[ShownCoding]:
        return [c for c in self.shown if c.start <= code_point < c.end]

    def scroll_to(self, start: int) -> None:
        """Bring a position into view without moving the user's cursor."""
        block = self.document().findBlock(self.positions.to_utf16(start))
        first = self.firstVisibleBlock().blockNumber()
        last_visible = self.cursorForPosition(self.viewport().rect().bottomLeft()).block()
        if first < block.blockNumber() < last_visible.blockNumber():
            return
        self.verticalScrollBar().setValue(max(0, block.firstLineNumber() - 2))

    # -- tooltips --------------------------------------------------------------------------

    def tooltip_for(self, codings: Sequence[ShownCoding]) -> str:
        rows = []
        for coding in codings:
            memo = f"<br><i>{html.escape(coding.memo)}</i>" if coding.memo else ""
            rows.append(
                f"<p style='margin:2px'><span style='background:{coding.color}'>&nbsp;&nbsp;"
                f"&nbsp;</span> <b>{html.escape(coding.name)}</b> — "
                f"{html.escape(self.tr('coder'))}: {html.escape(coding.coder)}{memo}</p>"
            )
        return "".join(rows)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            cursor = self.cursorForPosition(event.pos())  # type: ignore[attr-defined]
            codings = self.codings_at(self.positions.to_code_point(cursor.position()))
            if codings:
                QToolTip.showText(event.globalPos(), self.tooltip_for(codings), self)  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    # -- keys, clicks and drops ------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # Undo and redo belong to the project (coding.history), not to the text widget.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (
                event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)
            )
        ):
            event.ignore()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if self.isReadOnly() and plain and Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            self.quickCodeKey.emit(key - Qt.Key.Key_0)
            event.accept()
            return
        if not self.isReadOnly() and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # Shift+Enter would insert U+2028; a document only knows "\n".
            self.textCursor().insertText("\n")
            event.accept()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().mousePressEvent(event)
        self._press_position = self.textCursor().position()

    def mouseReleaseEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().mouseReleaseEvent(event)
        cursor = self.textCursor()
        if event.button() == Qt.MouseButton.LeftButton and not cursor.hasSelection():
            self.clickedAt.emit(self.positions.to_code_point(cursor.position()))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if code_from_mime(event.mimeData()) is not None:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            return
        if self.isReadOnly():
            event.ignore()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if code_from_mime(event.mimeData()) is not None:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            return
        super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        code_id = code_from_mime(event.mimeData())
        if code_id is not None:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.codeDropped.emit(code_id)
            return
        if self.isReadOnly():
            event.ignore()
            return
        super().dropEvent(event)
