"""Speaker turns: the passages that search, co-occurrence and auto-coding treat as one unit.

A transcript's turn is a run of consecutive timed segments of one speaker within a paragraph
(the layout of models.transcript_layout); segments without a speaker are turns of their own.
A text without a transcript has paragraphs (non-empty lines) as turns. A turn's ``body`` is its
words; its ``block`` also takes in what precedes them on the line (a ``[hh:mm:ss]`` stamp, the
speaker's name), so that the blocks of a document partition it and every offset has a turn.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from coding.project import Project
from models.entities import Speaker, TranscriptSegment

_CHUNK = 500
_PARAGRAPH = re.compile(r"[^\n]+")
# A plain-text turn often opens with a stamp and a short name ("[00:01:02] R: ..."); auto-coding
# a turn codes what was said, not the bookkeeping.
_STAMP = re.compile(r"\s*(?:[\[#(]\d{1,2}:\d{2}(?::\d{2})?(?:[.,-]\d+)?[\])#]\s*)?")
_NAME = re.compile(r"[^\W\d_][\w.\-]*(?: [\w.\-]+)?:\s+")


@dataclass(frozen=True)
class Segment:
    start_ms: int
    end_ms: int
    speaker: str | None
    char_start: int
    char_end: int


@dataclass(frozen=True)
class Turn:
    body_start: int
    body_end: int
    block_start: int
    speaker: str | None = None
    start_ms: int | None = None


class Turns:
    """The turns of one document in text order, with a lookup from offsets to turns.

    Finding the turn of an offset needs only where the blocks start, which is cheap; the
    ``Turn`` values (bodies without stamps and names) are worked out when first asked for.
    """

    def __init__(
        self,
        blocks: list[int],
        make: Callable[[], tuple[Turn, ...]],
        segments: tuple[Segment, ...] = (),
    ) -> None:
        self.blocks = blocks
        self.segments = segments
        self._make = make
        self._turns: tuple[Turn, ...] | None = None
        self._segment_starts = [segment.char_start for segment in segments]

    @property
    def turns(self) -> tuple[Turn, ...]:
        if self._turns is None:
            self._turns = self._make()
        return self._turns

    def index_at(self, offset: int) -> int:
        """The turn whose block holds ``offset`` (-1 before the first one)."""
        return bisect.bisect_right(self.blocks, offset) - 1

    def indices_over(self, start: int, end: int) -> range:
        """The turns a span ``[start, end)`` touches."""
        if not self.blocks:
            return range(0)
        first = max(self.index_at(start), 0)
        last = max(self.index_at(max(start, end - 1)), 0)
        return range(first, last + 1)

    def segment_at(self, offset: int) -> Segment | None:
        """The timed segment holding ``offset``, else the first of the turn around it."""
        if not self.segments:
            return None
        starts = self._segment_starts
        at = bisect.bisect_right(starts, offset) - 1
        if at >= 0 and offset < self.segments[at].char_end:
            return self.segments[at]
        index = self.index_at(offset)
        if index < 0:
            return self.segments[0]
        turn = self.turns[index]
        following = bisect.bisect_left(starts, turn.body_start)
        return self.segments[min(following, len(self.segments) - 1)]


def _blocks(text: str) -> list[int]:
    """Where the non-empty lines start; the first block starts the text."""
    starts = []
    at = 0
    for line in text.split("\n"):
        if line and not line.isspace():
            starts.append(at)
        at += len(line) + 1
    if starts:
        starts[0] = 0
    return starts


def paragraph_turns(text: str) -> Turns:
    return Turns(_blocks(text), lambda: _paragraph_turns(text))


def _paragraph_turns(text: str) -> tuple[Turn, ...]:
    paragraphs = [match for match in _PARAGRAPH.finditer(text) if match.group().strip()]
    leads = []
    for match in paragraphs:
        body = match.group()
        stamp = _STAMP.match(body)
        after = stamp.end() if stamp is not None else 0
        name = _NAME.match(body, after)
        leads.append((after, name.end() if name is not None else after))
    # "Name: " opens a turn only where the text follows that convention (two paragraphs in
    # three do); elsewhere "Ich sagte: nein" is what was said.
    named = sum(1 for after, end in leads if end > after)
    by_name = named >= 2 and named * 3 >= len(paragraphs) * 2
    turns: list[Turn] = []
    for match, (after, end) in zip(paragraphs, leads, strict=True):
        body = match.group()
        skip = end if by_name else after
        if skip >= len(body.rstrip()):
            skip = 0
        skip = max(skip, len(body) - len(body.lstrip()))
        turns.append(
            Turn(
                body_start=match.start() + skip,
                body_end=match.start() + len(body.rstrip()),
                block_start=match.start(),
            )
        )
    if turns:
        turns[0] = Turn(turns[0].body_start, turns[0].body_end, 0)
    return tuple(turns)


def transcript_turns(text: str, segments: Sequence[Segment]) -> Turns:
    ordered = sorted(segments, key=lambda seg: (seg.char_start, seg.start_ms))
    groups: list[list[Segment]] = []
    for segment in ordered:
        if groups:
            previous = groups[-1][-1]
            same = segment.speaker is not None and segment.speaker == previous.speaker
            if same and "\n" not in text[previous.char_end : segment.char_start]:
                groups[-1].append(segment)
                continue
        groups.append([segment])
    turns: list[Turn] = []
    for group in groups:
        first = group[0]
        block = text.rfind("\n", 0, first.char_start) + 1
        if turns:
            block = max(block, turns[-1].body_end)
        turns.append(
            Turn(
                body_start=first.char_start,
                body_end=max(seg.char_end for seg in group),
                block_start=0 if not turns else block,
                speaker=first.speaker,
                start_ms=first.start_ms,
            )
        )
    made = tuple(turns)
    return Turns([turn.block_start for turn in made], lambda: made, tuple(ordered))


def load_segments(
    project: Project, document_ids: Collection[int] | None = None
) -> dict[int, list[Segment]]:
    """Timed segments with speaker names, per document (only documents that have any)."""
    query = select(
        TranscriptSegment.document_id,
        TranscriptSegment.start_ms,
        TranscriptSegment.end_ms,
        Speaker.name,
        TranscriptSegment.char_start,
        TranscriptSegment.char_end,
    ).outerjoin(Speaker, Speaker.id == TranscriptSegment.speaker_id)
    found: dict[int, list[Segment]] = {}
    with project.reading() as s:
        if document_ids is None:
            batches = [s.execute(query)]
        else:
            ids = sorted(document_ids)
            batches = [
                s.execute(query.where(TranscriptSegment.document_id.in_(ids[at : at + _CHUNK])))
                for at in range(0, len(ids), _CHUNK)
            ]
        for rows in batches:
            for document_id, start_ms, end_ms, speaker, char_start, char_end in rows:
                found.setdefault(document_id, []).append(
                    Segment(start_ms, end_ms, speaker, char_start, char_end)
                )
    return found


def turns_of(text: str, segments: Sequence[Segment] | None) -> Turns:
    return transcript_turns(text, segments) if segments else paragraph_turns(text)
