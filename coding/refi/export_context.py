"""What the parts of a project export share: GUIDs, users, notes and the files to pack.

``out`` (coding.privacy.outbound) is the door every word passes: names, titles, memos,
speakers, variable values, code descriptions, coder names, and the timestamps it lets through.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from coding.privacy.outbound import Outbound
from coding.refi.guids import GuidMaker
from models.entities import Coder

TimedTextAs = Literal["audio", "text"]


@dataclass(frozen=True)
class MediaFile:
    """A recording to pack; ``key`` decrypts it when the project keeps recordings encrypted."""

    path: Path
    key: bytes | None = None


@dataclass(frozen=True)
class NoteSpec:
    """A memo on its way to becoming a ``Note``."""

    guid: str
    title: str
    text: str
    author: str | None
    created: datetime | None
    modified: datetime | None


@dataclass
class ExportContext:
    guid: GuidMaker
    coders: dict[int, Coder]
    out: Outbound = field(default_factory=Outbound)
    # How to write a timed transcript that has no recording: see export_qdpx.
    timed_text_as: TimedTextAs = "audio"
    notes: list[NoteSpec] = field(default_factory=list)
    authors: dict[str, str] = field(default_factory=dict)  # memo authors who are not coders
    text_files: dict[str, bytes] = field(default_factory=dict)  # archive name -> UTF-8 text
    media_files: dict[str, MediaFile] = field(default_factory=dict)  # archive name -> file
    warnings: list[str] = field(default_factory=list)

    def coder_guid(self, coder_id: int) -> str:
        return self.guid("user", coder_id)

    def user_guid(self, name: str) -> str | None:
        """The User GUID for a memo author: the coder of that name, or an author of its own."""
        name = name.strip()
        if not name:
            return None
        for coder in self.coders.values():
            if coder.name == name or self.out.coder(coder.name) == name:
                return self.coder_guid(coder.id)
        if name not in self.authors:
            self.authors[name] = self.guid("author", name)
        return self.authors[name]

    def add_note(
        self,
        guid: str,
        *,
        title: str,
        text: str,
        author: str | None,
        created: datetime | None,
        modified: datetime | None,
    ) -> str:
        self.notes.append(
            NoteSpec(
                guid,
                self.out.text(title),
                self.out.text(text),
                author,
                self.out.when(created),
                self.out.when(modified),
            )
        )
        return guid
