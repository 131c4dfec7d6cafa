"""KWIC lines (keyword in context): a hit as written, with its left and right context.

A common word can have tens of thousands of hits. ``Hits`` keeps each document's text and hit
spans and makes a ``SearchHit`` only when one is read, so a view that shows fifty rows at a
time formats fifty lines, and a search costs what finding its hits costs.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, overload

from coding.analysis.turns import Turns


class SearchHit(NamedTuple):
    document_id: int
    document: str
    start: int
    end: int
    hit: str
    left: str
    right: str
    speaker: str | None
    time_ms: int | None

    def record(self) -> dict[str, Any]:
        """As ``search --json`` prints it."""
        return {
            "document": self.document,
            "start": self.start,
            "end": self.end,
            "hit": self.hit,
            "left": self.left,
            "right": self.right,
            "speaker": self.speaker,
            "time_ms": self.time_ms,
        }


@dataclass(frozen=True)
class _Document:
    document_id: int
    title: str
    text: str
    spans: Sequence[tuple[int, int]]
    turns: Turns | None


class Hits(Sequence[SearchHit]):
    """The hits of a search in reading order, formatted on demand."""

    def __init__(self, context: int) -> None:
        self.context = context
        self._documents: list[_Document] = []
        self._ends: list[int] = []

    def add(
        self,
        document_id: int,
        title: str,
        text: str,
        spans: Sequence[tuple[int, int]],
        turns: Turns | None,
    ) -> None:
        if spans:
            self._documents.append(_Document(document_id, title, text, spans, turns))
            self._ends.append(len(self) + len(spans))

    @property
    def documents(self) -> int:
        return len(self._documents)

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    @overload
    def __getitem__(self, index: int) -> SearchHit: ...

    @overload
    def __getitem__(self, index: slice) -> list[SearchHit]: ...

    def __getitem__(self, index: int | slice) -> SearchHit | list[SearchHit]:
        if isinstance(index, slice):
            return [self[at] for at in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("hit index out of range")
        at = bisect.bisect_right(self._ends, index)
        document = self._documents[at]
        first = self._ends[at - 1] if at else 0
        return _line(document, *document.spans[index - first], self.context)

    def __iter__(self) -> Iterator[SearchHit]:
        for document in self._documents:
            for start, end in document.spans:
                yield _line(document, start, end, self.context)


def _line(document: _Document, start: int, end: int, context: int) -> SearchHit:
    text = document.text
    # Context stays within the hit's line (its turn or paragraph) and ends at a word.
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    left_from = max(line_start, start - context)
    if left_from > line_start:
        space = text.find(" ", left_from, start)
        left_from = space + 1 if space >= 0 else left_from
    right_to = min(line_end, end + context)
    if right_to < line_end:
        space = text.rfind(" ", end, right_to)
        right_to = space if space > end else right_to
    speaker = time_ms = None
    if document.turns is not None:
        segment = document.turns.segment_at(start)
        if segment is not None:
            speaker, time_ms = segment.speaker, segment.start_ms
    return SearchHit(
        document.document_id,
        document.title,
        start,
        end,
        text[start:end],
        text[left_from:start],
        text[end:right_to],
        speaker,
        time_ms,
    )
