"""A REFI-QDA project as read from a file, before anything touches a Transcoda project.

GUIDs here are normalised (lower case, no braces); positions are still the file's own, to be
mapped by ``positions`` once the text they point into is known.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from coding.refi.codebook_xml import RefiCode


@dataclass
class RefiCoding:
    code: str
    user: str | None
    created: datetime | None
    notes: list[str] = field(default_factory=list)


@dataclass
class RefiSelection:
    """A ``PlainTextSelection`` (positions) or a ``TranscriptSelection`` (sync point GUIDs)."""

    guid: str
    name: str
    start: int | None = None
    end: int | None = None
    from_point: str | None = None
    to_point: str | None = None
    description: str = ""
    user: str | None = None
    created: datetime | None = None
    modified: datetime | None = None
    codings: list[RefiCoding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class RefiSyncPoint:
    guid: str
    position: int | None
    ms: int | None


@dataclass
class RefiValue:
    variable: str
    value: str


@dataclass
class RefiSource:
    guid: str
    kind: str  # text, audio, video (a PDF's text representation arrives as text)
    name: str
    text: str | None = None  # decoded, line endings as in the file
    media_member: str | None = None
    media_suffix: str = ""
    created: datetime | None = None
    modified: datetime | None = None
    selections: list[RefiSelection] = field(default_factory=list)
    sync_points: list[RefiSyncPoint] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    values: list[RefiValue] = field(default_factory=list)


@dataclass
class RefiVariable:
    guid: str
    name: str
    type_name: str
    description: str


@dataclass
class RefiCase:
    guid: str
    name: str | None
    description: str
    values: list[RefiValue] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    selections: int = 0
    code_refs: int = 0


@dataclass
class RefiNote:
    guid: str
    name: str
    text: str
    user: str | None
    created: datetime | None
    modified: datetime | None


@dataclass
class RefiProject:
    name: str
    origin: str
    users: dict[str, str] = field(default_factory=dict)
    codes: list[RefiCode] = field(default_factory=list)
    variables: dict[str, RefiVariable] = field(default_factory=dict)
    cases: list[RefiCase] = field(default_factory=list)
    sources: list[RefiSource] = field(default_factory=list)
    notes: dict[str, RefiNote] = field(default_factory=dict)
    project_notes: list[str] = field(default_factory=list)
    description: str = ""
