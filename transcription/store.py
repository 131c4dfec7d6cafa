"""Where a transcription job keeps its work: the contract, and an in-memory implementation.

The project database implements ``TranscriptStore`` in ``coding/``; this package never
imports it. The contract is shaped by resuming after a crash: every recognised segment is
saved as soon as it exists, each save is durable on return, and a re-run asks what was saved
and carries on after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from transcription.segments import RawSegment

if TYPE_CHECKING:
    from transcription.job import JobResult


class TranscriptStore(Protocol):
    """Storage for one document's transcription job.

    ``resume_key`` identifies the job's inputs (the audio's SHA-256, the model, language,
    preset, vocabulary, VAD). Pieces saved under another key belong to a different job (the
    recording was replaced, the model changed) and must not be resumed from.
    """

    def saved_pieces(self, resume_key: str) -> list[RawSegment]:
        """Pieces saved by earlier runs under ``resume_key``, in time order.

        Pieces saved under any other key are stale: return none of them (and drop them).
        """
        ...

    def save_pieces(self, resume_key: str, pieces: Sequence[RawSegment]) -> None:
        """Append ``pieces`` after those already saved; committed before this returns."""
        ...

    def finish(self, result: JobResult) -> None:
        """Make ``result`` the document's transcript, marked as a draft to check, and drop
        the saved pieces. ``result.pieces[i]`` belongs to ``result.transcript.segments[i]``
        and carries the speaker label (S1, S2...) behind the name shown in the text.
        """
        ...


@dataclass
class InMemoryTranscriptStore:
    """A store for tests, benchmarks and one-off command-line runs without a project."""

    key: str | None = None
    pieces: list[RawSegment] = field(default_factory=list)
    save_calls: int = 0
    finished: list[JobResult] = field(default_factory=list)

    def saved_pieces(self, resume_key: str) -> list[RawSegment]:
        if resume_key != self.key:
            self.key, self.pieces = resume_key, []
        return list(self.pieces)

    def save_pieces(self, resume_key: str, pieces: Sequence[RawSegment]) -> None:
        if resume_key != self.key:
            self.key, self.pieces = resume_key, []
        self.pieces.extend(pieces)
        self.save_calls += 1

    def finish(self, result: JobResult) -> None:
        self.finished.append(result)
        self.key, self.pieces = None, []

    @property
    def result(self) -> JobResult | None:
        return self.finished[-1] if self.finished else None
