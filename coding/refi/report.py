"""What an exchange did: counts, and every thing it could not carry across."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coding.errors import TranscodaError


class ExchangeError(TranscodaError):
    """An export that would not be a valid REFI-QDA file, or an import that cannot proceed."""


@dataclass(frozen=True)
class ExportReport:
    path: Path
    codes: int = 0
    sources: int = 0
    codings: int = 0
    notes: int = 0
    media_files: int = 0
    warnings: tuple[str, ...] = ()


@dataclass
class ImportReport:
    """Counts of what was imported, and sentences about what was not."""

    codes: int = 0
    documents: int = 0
    codings: int = 0
    cases: int = 0
    attributes: int = 0
    values: int = 0
    memos: int = 0
    recordings: int = 0
    segments: int = 0
    skipped: list[str] = field(default_factory=list)  # could not be imported
    notes: list[str] = field(default_factory=list)  # decisions worth knowing (line endings...)

    def skip(self, message: str) -> None:
        self.skipped.append(message)

    def summary(self) -> str:
        parts = [
            f"{self.documents} documents",
            f"{self.codes} codes",
            f"{self.codings} codings",
            f"{self.cases} cases",
            f"{self.attributes} attributes ({self.values} values)",
            f"{self.memos} memos",
        ]
        if self.recordings:
            parts.append(f"{self.recordings} recordings")
        if self.segments:
            parts.append(f"{self.segments} timed segments")
        return ", ".join(parts)
