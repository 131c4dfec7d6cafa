"""Turning keystrokes in the transcript editor into few, meaningful text edits.

Every key press changes the editor's text; sending each one to the project would make one undo
step per key. The coalescer merges edits that touch each other into one splice of the text as
it was at the last commit, and says when a splice must be committed because the next edit
happens elsewhere. Pure Python: the Qt side decides *when* (pauses, sentence ends) to commit.
"""

from __future__ import annotations

from dataclasses import dataclass

# A burst this long is committed even while typing goes on, so an undo never loses a page.
MAX_PENDING = 120
SENTENCE_ENDS = frozenset(".!?\n")


@dataclass(frozen=True)
class Splice:
    """Replace ``[start, end)`` of a text (code points) with ``replacement``."""

    start: int
    end: int
    replacement: str

    def apply(self, text: str) -> str:
        return text[: self.start] + self.replacement + text[self.end :]

    @property
    def new_end(self) -> int:
        return self.start + len(self.replacement)


def merge(pending: Splice, new: Splice, current: str) -> Splice | None:
    """One splice doing ``pending`` then ``new``, or None when they do not touch.

    ``pending`` turns the committed text into ``current``; ``new`` is in ``current``'s
    coordinates. The result is in the committed text's coordinates.
    """
    pending_end = pending.new_end
    if new.start > pending_end or new.end < pending.start:
        return None
    low = min(pending.start, new.start)
    high = max(pending_end, new.end)
    base_end = pending.end + (high - pending_end)
    replacement = current[low : new.start] + new.replacement + current[new.end : high]
    return Splice(low, base_end, replacement)


class EditCoalescer:
    """Tracks the editor's text and the one splice not yet committed."""

    def __init__(self, text: str) -> None:
        self.committed = text
        self.text = text
        self.pending: Splice | None = None

    def reset(self, text: str) -> None:
        self.committed = text
        self.text = text
        self.pending = None

    def edit(self, start: int, end: int, replacement: str) -> Splice | None:
        """Record an edit of the current text; returns a splice to commit first, if any.

        When the edit does not touch the pending one, the pending one is handed back to be
        committed (and the committed text moves on to include it) before this edit starts a
        new burst.
        """
        new = Splice(start, end, replacement)
        flushed: Splice | None = None
        if self.pending is None:
            self.pending = new
        else:
            merged = merge(self.pending, new, self.text)
            if merged is None:
                flushed = self.take()
                self.pending = new
            else:
                self.pending = merged
        self.text = new.apply(self.text)
        return flushed

    def should_commit(self) -> bool:
        """A burst ends at a sentence end or when it grows long."""
        if self.pending is None:
            return False
        replacement = self.pending.replacement
        if len(replacement) >= MAX_PENDING:
            return True
        return bool(replacement) and replacement[-1] in SENTENCE_ENDS

    def take(self) -> Splice | None:
        """The pending splice to commit (None when nothing changed); clears it."""
        pending, self.pending = self.pending, None
        committed_before = self.committed
        if pending is None:
            return None
        # ``committed`` is the text before ``pending``; the current text includes it.
        self.committed = pending.apply(committed_before)
        if committed_before[pending.start : pending.end] == pending.replacement:
            return None
        return pending
