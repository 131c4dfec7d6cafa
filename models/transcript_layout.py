"""How a transcript's text is laid out from its timed segments.

Transcription, every transcript importer and the exporters share this one layout so that a
transcript reads the same whatever produced it: one paragraph per speaker turn, a
``[hh:mm:ss]`` stamp at the start of each turn, then ``Name: `` and the turn's words.
Paragraphs are separated by a blank line. A segment's character offsets point at its own
words only (not at the stamp or the name), in code points, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TimedText:
    """A piece of speech before layout: times in milliseconds, speaker label or None."""

    start_ms: int
    end_ms: int
    speaker: str | None
    text: str


@dataclass(frozen=True)
class LaidOutSegment:
    start_ms: int
    end_ms: int
    speaker: str | None
    char_start: int
    char_end: int


@dataclass(frozen=True)
class LaidOutTranscript:
    text: str
    segments: tuple[LaidOutSegment, ...]


PARAGRAPH_SEPARATOR = "\n\n"


def format_stamp(ms: int) -> str:
    """``[hh:mm:ss]`` as transcribers write it."""
    seconds = max(0, ms) // 1000
    return f"[{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}]"


def format_f4_stamp(ms: int) -> str:
    """f4/Dresing-Pehl style ``#hh:mm:ss-t#`` (t = tenths of a second)."""
    ms = max(0, ms)
    seconds = ms // 1000
    tenths = ms % 1000 // 100
    return f"#{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}-{tenths}#"


def lay_out(pieces: list[TimedText]) -> LaidOutTranscript:
    """Join timed pieces into turn paragraphs; consecutive pieces of one speaker share a turn."""
    parts: list[str] = []
    length = 0
    segments: list[LaidOutSegment] = []
    current_speaker: str | None = None
    in_turn = False
    for piece in pieces:
        words = " ".join(piece.text.split())
        if not words:
            continue
        if not in_turn or piece.speaker != current_speaker:
            prefix = (PARAGRAPH_SEPARATOR if in_turn else "") + format_stamp(piece.start_ms) + " "
            if piece.speaker:
                prefix += f"{piece.speaker}: "
            current_speaker = piece.speaker
            in_turn = True
        else:
            prefix = " "
        parts.append(prefix)
        length += len(prefix)
        segments.append(
            LaidOutSegment(
                start_ms=piece.start_ms,
                end_ms=piece.end_ms,
                speaker=piece.speaker,
                char_start=length,
                char_end=length + len(words),
            )
        )
        parts.append(words)
        length += len(words)
    return LaidOutTranscript(text="".join(parts), segments=tuple(segments))
