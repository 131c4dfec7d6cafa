"""A transcript's text cut back into speaker turns, for exports that lay turns out themselves.

The text holds each turn as ``[hh:mm:ss] Name: words`` (models.transcript_layout), and the
segments point at the words. Exports draw the stamp and the name in their own way, so the
prefixes are dropped here; anything else between turns (a note the researcher typed in) is
kept as a paragraph of its own rather than lost.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from coding.queries import SegmentView, SpeakerView

_STAMP = r"(?:\[\d+:\d{2}:\d{2}(?:[.,]\d+)?\]|#\d+:\d{2}:\d{2}-\d#)"
_PARAGRAPHS = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class Turn:
    """One paragraph of a transcript; ``start_ms`` is None for text outside any segment."""

    speaker: str | None
    start_ms: int | None
    text: str


def paragraphs(text: str) -> list[Turn]:
    """A document without segments, split at blank lines as its author wrote it."""
    return [Turn(None, None, part.strip()) for part in _PARAGRAPHS.split(text) if part.strip()]


def turns(
    text: str, segments: Sequence[SegmentView], speakers: Sequence[SpeakerView] = ()
) -> list[Turn]:
    if not segments:
        return paragraphs(text)
    # A turn's prefix may carry the speaker's label (an imported "I:") or its display name.
    spoken_as: dict[int, list[str]] = {}
    for speaker in speakers:
        spoken_as[speaker.id] = [name for name in (speaker.name, speaker.label) if name]
    ordered = sorted(segments, key=lambda seg: (seg.char_start, seg.start_ms))
    result: list[Turn] = []
    opened: SegmentView | None = None  # first segment of the turn being built
    turn_end = 0
    consumed = 0
    for segment in ordered:
        gap = text[consumed : segment.char_start]
        if opened is not None and segment.speaker_id == opened.speaker_id and "\n" not in gap:
            turn_end = max(turn_end, segment.char_end)
        else:
            if opened is not None:
                result.append(_turn(text, opened, turn_end))
            aliases = spoken_as.get(segment.speaker_id or -1, [])
            if segment.speaker and segment.speaker not in aliases:
                aliases = [segment.speaker, *aliases]
            result.extend(paragraphs(_without_prefix(gap, aliases)))
            opened, turn_end = segment, segment.char_end
        consumed = max(consumed, segment.char_end)
    if opened is not None:
        result.append(_turn(text, opened, turn_end))
    result.extend(paragraphs(text[consumed:]))
    return result


def _turn(text: str, first: SegmentView, end: int) -> Turn:
    return Turn(first.speaker, first.start_ms, text[first.char_start : end].strip())


def _without_prefix(gap: str, names: Sequence[str]) -> str:
    escaped = "|".join(re.escape(name) for name in names)
    name = rf"(?:(?:{escaped}):[ \t]*)?" if names else ""
    return re.sub(rf"{_STAMP}?[ \t]*{name}$", "", gap)
