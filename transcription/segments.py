"""Recognised speech as the engine produces it, before speaker turns and layout.

These are the pieces a transcription job saves as it goes, so they carry everything a resumed
job needs to finish the work (word timings feed speaker turns) and nothing else. Times are
whole milliseconds of the original recording.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Word:
    start_ms: int
    end_ms: int
    text: str
    probability: float


@dataclass(frozen=True)
class RawSegment:
    start_ms: int
    end_ms: int
    text: str
    words: tuple[Word, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, so that a store can keep a piece in one text column."""
        return {
            "start_ms": self.start_ms,
            "end_ms": self.end_ms,
            "text": self.text,
            "words": [[w.start_ms, w.end_ms, w.text, w.probability] for w in self.words],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RawSegment:
        return cls(
            start_ms=int(data["start_ms"]),
            end_ms=int(data["end_ms"]),
            text=str(data["text"]),
            words=tuple(
                Word(int(start), int(end), str(text), float(probability))
                for start, end, text, probability in data.get("words", [])
            ),
        )
