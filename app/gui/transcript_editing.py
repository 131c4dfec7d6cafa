"""Editing a transcript in the document view without losing codings or timings.

Each change Qt reports (UTF-16) becomes a code-point splice; touching splices merge in an
``EditCoalescer`` and go to ``coding.text_edit.replace_text`` as one undo step per burst of
typing: after a pause, at a sentence end, when the cursor jumps elsewhere, or before any other
command. Between commits the view moves its codings locally with the same rule the service uses.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from app.gui.document_view import DocumentView
from app.gui.edit_coalescer import EditCoalescer, Splice
from app.gui.project_model import ProjectModel
from app.gui.text_positions import PositionMap, utf16_length
from coding import text_edit

PAUSE_MS = 900


class TranscriptEditing(QObject):
    # A local edit: start, end (before the edit) and new length, in code points and in UTF-16.
    edited = Signal(int, int, int, int, int, int)
    committedChanged = Signal()

    def __init__(
        self, model: ProjectModel, view: DocumentView, document_id: Callable[[], int | None]
    ) -> None:
        super().__init__(view)
        self.model = model
        self.view = view
        self.document_id = document_id
        self.coalescer = EditCoalescer("")
        self.active = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PAUSE_MS)
        self.timer.timeout.connect(self.commit)
        view.document().contentsChange.connect(self._changed)
        model.aboutToRun.connect(self.commit)

    # -- mode ------------------------------------------------------------------------------

    def start(self) -> None:
        self.coalescer.reset(self.view.text)
        self.active = True
        self.view.set_editable(True)

    def stop(self) -> None:
        self.commit()
        self.active = False
        self.view.set_editable(False)

    def reset(self, text: str) -> None:
        self.timer.stop()
        self.coalescer.reset(text)

    @property
    def pending(self) -> Splice | None:
        return self.coalescer.pending

    @property
    def committed_text(self) -> str:
        return self.coalescer.committed

    # -- edits -----------------------------------------------------------------------------

    def _changed(self, position: int, removed: int, added: int) -> None:
        if not self.active or self.view.isReadOnly():
            return
        before = self.coalescer.text
        positions = PositionMap(before)
        last = max(0, self.view.document().characterCount() - 1)  # without the final separator
        added = max(0, min(added, last - position))
        cursor = self.view.textCursor()
        cursor.setPosition(min(position, last))
        cursor.setPosition(min(position + added, last), cursor.MoveMode.KeepAnchor)
        replacement = cursor.selectedText().replace("\u2029", "\n").replace("\u2028", "\n")
        start = positions.to_code_point(position)
        end = positions.to_code_point(position + removed)
        # Qt sometimes reports a wider change than the keystroke (a whole block, or the whole
        # document after it was loaded): keep only what differs, so codings around stay put.
        inner_start, inner_end, replacement = text_edit.common_splice(
            before[start:end], replacement
        )
        start, end = start + inner_start, start + inner_end
        if end == start and not replacement:
            return  # nothing changed but formats
        start16, end16 = positions.to_utf16(start), positions.to_utf16(end)
        flushed = self.coalescer.edit(start, end, replacement)
        self.view.text_changed_locally(self.coalescer.text)
        self.edited.emit(start, end, len(replacement), start16, end16, utf16_length(replacement))
        if flushed is not None:
            self._send(flushed)
        if self.coalescer.should_commit():
            self.commit()
        else:
            self.timer.start()

    def commit(self) -> None:
        """Send the pending burst to the project now (one undo step)."""
        self.timer.stop()
        splice = self.coalescer.take()
        if splice is not None:
            self._send(splice)

    def _send(self, splice: Splice) -> None:
        document_id = self.document_id()
        if document_id is None:
            return
        self.model.run(
            text_edit.replace_text,
            document_id=document_id,
            start=splice.start,
            end=splice.end,
            replacement=splice.replacement,
        )
        self.committedChanged.emit()


def shift(start: int, end: int, splice: Splice) -> tuple[int, int]:
    """Where a span of the committed text lies in the editor's text (pending splice applied)."""
    return text_edit.shift_span(start, end, splice.start, splice.end, len(splice.replacement))
