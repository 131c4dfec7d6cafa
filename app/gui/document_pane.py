"""The centre of the window: the open document, its coding, transcript editing and audio."""

from __future__ import annotations

import re
from bisect import bisect_right
from time import monotonic

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.coding_commands import CodingCommands
from app.gui.document_view import DocumentView, ShownCoding
from app.gui.media import MediaController
from app.gui.media_bar import MediaBar
from app.gui.preferences import Preferences
from app.gui.project_model import ProjectModel
from app.gui.quick_codes import QuickCodes
from app.gui.transcript_editing import TranscriptEditing, shift
from coding import documents, gui_queries, queries
from coding.changes import Changes
from coding.errors import NotFound
from coding.media import document_media_bytes
from coding.queries import DocumentDetail, SegmentView
from coding.text_edit import shift_span
from models.transcript_layout import format_stamp

LINE_START = re.compile(r"^\s*(\[\d{2}:\d{2}:\d{2}\]\s*)?$")
TYPING_GRACE_S = 3.0  # while typing, playback does not scroll the text away from the cursor


class DocumentPane(QWidget):
    def __init__(
        self,
        model: ProjectModel,
        preferences: Preferences,
        quick: QuickCodes,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.preferences = preferences
        self.detail: DocumentDetail | None = None
        self.segments: list[SegmentView] = []  # by time, with char offsets kept current
        self._segment_starts: list[int] = []
        self._last_typing = 0.0

        self.view = DocumentView(self)
        self.media = MediaController(self, rewind_ms=preferences.rewind_ms)
        self.bar = MediaBar(self.media, self)
        self.editing = TranscriptEditing(model, self.view, lambda: self.document_id)
        self.commands = CodingCommands(model, self.view, quick, lambda: self.document_id)

        self.title = QLabel(self)
        self.title.setObjectName("documentTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.status = QLabel(self)
        self.status.setObjectName("documentStatus")
        self.coder_filter = QComboBox(self)
        self.coder_filter.setAccessibleName(self.tr("Show codings by"))
        self.coder_filter.setToolTip(self.tr("Show codings by coder"))
        self.edit_button = QToolButton(self)
        self.edit_button.setText(self.tr("Edit transcript"))
        self.edit_button.setCheckable(True)
        self.edit_button.setToolTip(
            self.tr("Correct the text; codings and timings follow (Ctrl+E)")
        )
        self.checked_button = QToolButton(self)
        self.checked_button.setText(self.tr("Mark checked"))
        self.checked_button.setCheckable(True)
        self.checked_button.setToolTip(
            self.tr("Mark this transcript as checked against the recording")
        )

        header = QHBoxLayout()
        header.setContentsMargins(10, 6, 10, 6)
        header.addWidget(self.title)
        header.addSpacing(8)
        header.addWidget(self.status)
        header.addStretch(1)
        header.addWidget(self.coder_filter)
        header.addWidget(self.edit_button)
        header.addWidget(self.checked_button)
        self.placeholder = QLabel(self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setObjectName("placeholder")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = QWidget(self)
        self.header.setObjectName("documentHeader")
        self.header.setLayout(header)
        layout.addWidget(self.header)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.bar)
        self.bar.hide()
        self.header.hide()
        self.open_document(None)

        model.currentDocumentChanged.connect(self.open_document)
        model.changed.connect(self._changes)
        model.revealRequested.connect(self._reveal)
        model.visibleCodersChanged.connect(lambda _names: self.reload_codings())
        model.closed.connect(lambda: self.open_document(None))
        self.coder_filter.activated.connect(lambda _index: self.reload())
        self.edit_button.toggled.connect(self.set_editing)
        self.checked_button.clicked.connect(self.toggle_checked)
        self.view.clickedAt.connect(self._clicked)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(
            lambda position: self.commands.context_menu(position, self)
        )
        self.media.positionChanged.connect(self._playing_at)
        self.media.failed.connect(model.message)
        self.commands.status.connect(model.message)
        self.editing.edited.connect(self._edited)

    @property
    def document_id(self) -> int | None:
        return None if self.detail is None else self.detail.id

    # -- loading ---------------------------------------------------------------------------

    def open_document(self, document_id: int | None) -> None:
        if document_id == self.document_id and document_id is not None:
            return
        self.editing.commit()
        self.edit_button.setChecked(False)
        self.view.selected_coding = None
        self.view.text = ""  # a different document: do not keep the scroll position
        if document_id is None or self.model.project is None:
            self.placeholder.setText(
                self.tr("Open a document from the list on the left.")
                if self.model.project is not None
                else self.tr(
                    "No project open.\n\nFile › Open project…, or File › Open the demo project."
                )
            )
            self.detail = None
            self.media.load(None)
            self.stack.setCurrentWidget(self.placeholder)
            self.header.hide()
            self.bar.hide()
            return
        self._fill_coders()
        self.detail = None
        self.reload(document_id)
        self.view.moveCursor(self.view.textCursor().MoveOperation.Start)

    def _fill_coders(self) -> None:
        assert self.model.project is not None
        current = self.coder_filter.currentData()
        self.coder_filter.clear()
        self.coder_filter.addItem(self.tr("All coders"), None)
        for name in queries.coders(self.model.project):
            self.coder_filter.addItem(name, name)
        index = self.coder_filter.findData(current)
        self.coder_filter.setCurrentIndex(max(0, index))

    def reload(self, document_id: int | None = None) -> None:
        document_id = document_id if document_id is not None else self.document_id
        if document_id is None or self.model.project is None:
            return
        try:
            detail = queries.get_document(
                self.model.project, document_id, coder=self.coder_filter.currentData()
            )
        except NotFound:
            self.model.set_current_document(None)
            return
        self.detail = detail
        pending = self.editing.pending
        codings = [
            ShownCoding(c.id, c.code_id, c.code_name, c.code_color, c.coder, c.memo, c.start, c.end)
            for c in detail.codings
            if self.model.shows_coder(c.coder)
        ]
        segments = list(detail.segments)
        if pending is not None and detail.text == self.editing.committed_text:
            codings = [self._shifted_coding(c, pending) for c in codings]
            codings = [c for c in codings if c.end > c.start]
            segments = [
                self._shifted_segment(s, *shift(s.char_start, s.char_end, pending))
                for s in segments
            ]
        elif detail.text != self.view.text:
            self.view.set_text(detail.text)
            self.editing.reset(detail.text)
        self.view.set_codings(codings)
        self._set_segments(segments)
        self._show_header(detail)
        self.stack.setCurrentWidget(self.view)
        project = self.model.project
        self.media.load(
            detail.media_path, decrypted=lambda: document_media_bytes(project, detail.id)
        )
        self.bar.setVisible(detail.media_path is not None)

    @staticmethod
    def _shifted_coding(coding: ShownCoding, pending: object) -> ShownCoding:
        start, end = shift(coding.start, coding.end, pending)  # type: ignore[arg-type]
        return coding._replace(start=start, end=end)

    @staticmethod
    def _shifted_segment(segment: SegmentView, start: int, end: int) -> SegmentView:
        return SegmentView(**{**segment.__dict__, "char_start": start, "char_end": end})

    def _set_segments(self, segments: list[SegmentView]) -> None:
        self.segments = sorted(segments, key=lambda s: (s.start_ms, s.char_start))
        self._segment_starts = [s.start_ms for s in self.segments]

    def _show_header(self, detail: DocumentDetail) -> None:
        self.header.show()
        case = f"  ·  {detail.case_name}" if detail.case_name else ""
        self.title.setText(f"<b>{detail.title}</b>{case}")
        status = detail.transcript_status
        self.status.setText(self.status_text(status))
        has_transcript = status != "none" or bool(detail.segments)
        self.checked_button.setVisible(has_transcript)
        self.checked_button.setChecked(status == "checked")
        self.edit_button.setVisible(True)

    def status_text(self, status: str) -> str:
        texts = {
            "none": self.tr("No transcript"),
            "transcribing": self.tr("Transcribing…"),
            "draft": self.tr("Draft transcript"),
            "checked": self.tr("Checked transcript"),
        }
        return texts.get(status, status)

    def _changes(self, changes: Changes) -> None:
        if self.detail is None:
            return
        if changes.coders:
            self._fill_coders()
        if changes.documents or changes.transcript:
            self.reload()  # the text, title or status may have changed
        elif self._just_applied(changes):
            pass
        elif changes.codings or changes.codes or changes.coders:
            self.reload_codings()

    def _just_applied(self, changes: Changes) -> bool:
        """A coding this pane just applied: show it without asking the project again."""
        applied, self.commands.applied = self.commands.applied, None
        if applied is None or changes.id is None or changes.codes or changes.coders:
            return False
        document_id, made = applied
        if not changes.codings or document_id != self.document_id or self.editing.pending:
            return False
        wanted = self.coder_filter.currentData()
        if (wanted is not None and wanted != made.coder) or not self.model.shows_coder(made.coder):
            return True
        self.view.add_coding(made._replace(id=changes.id))
        return True

    def reload_codings(self) -> None:
        """Only the codings changed: fetch them without the text (the fast path of coding)."""
        if self.detail is None or self.model.project is None:
            return
        if self.editing.pending is not None:
            self.reload()
            return
        found = gui_queries.document_codings(
            self.model.project, self.detail.id, coder=self.coder_filter.currentData()
        )
        self.view.set_codings(
            [
                ShownCoding(
                    c.id, c.code_id, c.code_name, c.code_color, c.coder, c.memo, c.start, c.end
                )
                for c in found
                if self.model.shows_coder(c.coder)
            ]
        )

    # -- editing ---------------------------------------------------------------------------

    def set_editing(self, on: bool) -> None:
        if self.detail is None:
            self.edit_button.setChecked(False)
            return
        if self.edit_button.isChecked() != on:
            self.edit_button.setChecked(on)  # re-enters through toggled
            return
        if on:
            self.editing.start()
            self.view.setFocus()
            self.model.message.emit(
                self.tr("Editing: codings and timings move with the text. Ctrl+E to stop.")
            )
        else:
            self.editing.stop()

    def _edited(
        self, start: int, end: int, length: int, start16: int, end16: int, length16: int
    ) -> None:
        """Move codings and segments with a local edit, as the service will when it commits."""
        self._last_typing = monotonic()
        shown = []
        for coding in self.view.shown:
            if coding.end < start:
                shown.append(coding)  # before the edit: nothing moves
                continue
            new_start, new_end = shift_span(coding.start, coding.end, start, end, length)
            if new_end > new_start:
                new16 = shift_span(coding.start16, coding.end16, start16, end16, length16)
                shown.append(
                    coding._replace(start=new_start, end=new_end, start16=new16[0], end16=new16[1])
                )
        self.view.set_codings(shown, converted=True)
        self._set_segments(
            [
                self._shifted_segment(s, *shift_span(s.char_start, s.char_end, start, end, length))
                for s in self.segments
            ]
        )

    def insert_text(self, text: str) -> None:
        if not self.editing.active:
            self.set_editing(True)
        if self.editing.active:
            self.view.textCursor().insertText(text)

    def insert_timestamp(self) -> None:
        if self.detail is not None:
            self.insert_text(format_stamp(self.media.position()) + " ")

    def insert_speaker(self, number: int) -> None:
        if self.detail is None:
            return
        speakers = self.detail.speakers
        name = (
            speakers[number - 1].name
            if number <= len(speakers)
            else self.tr("Speaker {0}").format(number)
        )
        cursor = self.view.textCursor()
        before = cursor.block().text()[: cursor.positionInBlock()]
        # A turn starts on its own line, after its timestamp if one was just inserted.
        starts_turn = LINE_START.match(before) is not None
        self.insert_text(("" if starts_turn else "\n") + f"{name}: ")

    def toggle_checked(self) -> None:
        if self.detail is None:
            return
        status = "draft" if self.detail.transcript_status == "checked" else "checked"
        self.model.run(
            documents.set_document_metadata, document_id=self.detail.id, transcript_status=status
        )

    # -- audio -----------------------------------------------------------------------------

    def segment_at_char(self, position: int) -> SegmentView | None:
        for segment in self.segments:
            if segment.char_start <= position <= segment.char_end:
                return segment
        return None

    def _clicked(self, position: int) -> None:
        if not self.media.loaded:
            return
        segment = self.segment_at_char(position)
        if segment is not None:
            self.media.seek(segment.start_ms)
            self.view.set_segment((segment.char_start, segment.char_end))

    def segment_at_time(self, ms: int) -> SegmentView | None:
        index = bisect_right(self._segment_starts, ms) - 1
        if index < 0:
            return None
        segment = self.segments[index]
        return segment if ms <= max(segment.end_ms, segment.start_ms + 1) + 400 else None

    def _playing_at(self, ms: int) -> None:
        segment = self.segment_at_time(ms)
        if segment is None:
            self.view.set_segment(None)
            return
        self.view.set_segment((segment.char_start, segment.char_end))
        if self.media.playing and monotonic() - self._last_typing > TYPING_GRACE_S:
            self.view.scroll_to(segment.char_start)

    # -- reveal ----------------------------------------------------------------------------

    def _reveal(self, document_id: int, start: int, end: int) -> None:
        if document_id != self.document_id:
            self.open_document(document_id)
        if self.detail is not None:
            self.view.select_span(start, end)
            self.view.setFocus()
