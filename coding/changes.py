"""What an operation changed, so that views refresh only what they show."""

from __future__ import annotations

from dataclasses import dataclass

# Which tables feed which flag; the undo recorder knows the tables an operation touched.
_FLAGS_BY_TABLE = {
    "codes": ("codes",),
    "codings": ("codings",),
    "documents": ("documents",),
    "media": ("documents",),
    "document_values": ("documents", "attributes"),
    "transcript_segments": ("transcript",),
    "speakers": ("transcript",),
    "transcription_pieces": ("transcript",),
    "cases": ("cases",),
    "case_values": ("cases", "attributes"),
    "attributes": ("attributes",),
    "memos": ("memos",),
    "coders": ("coders",),
    "settings": ("settings",),
}


@dataclass(frozen=True)
class Changes:
    codes: bool = False
    codings: bool = False
    documents: bool = False
    transcript: bool = False
    cases: bool = False
    attributes: bool = False
    memos: bool = False
    coders: bool = False
    settings: bool = False
    # The row an operation created or acted on, when there is one (a new code's id, say).
    id: int | None = None
    description: str = ""

    @property
    def any(self) -> bool:
        return any(
            (
                self.codes,
                self.codings,
                self.documents,
                self.transcript,
                self.cases,
                self.attributes,
                self.memos,
                self.coders,
                self.settings,
            )
        )

    @classmethod
    def from_tables(
        cls, tables: frozenset[str], *, id: int | None = None, description: str = ""
    ) -> Changes:
        flags: dict[str, bool] = {}
        for table in tables:
            for flag in _FLAGS_BY_TABLE.get(table, ()):
                flags[flag] = True
        return cls(id=id, description=description, **flags)
