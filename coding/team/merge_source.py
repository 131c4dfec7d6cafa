"""Reading a colleague's copy of a project (or a REFI-QDA .qdpx) into plain values.

The copy is opened read-only, so merging never changes the colleague's file. A copy made by an
older Transcoda cannot be opened read-only before it is upgraded; then a private temporary copy
is upgraded and read instead, and the colleague's file is still left alone.
"""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from coding.errors import ProjectError
from coding.project import Project
from models import db
from models.entities import Code, Coder, Coding, Document, Speaker, TranscriptSegment


@dataclass(frozen=True)
class SourceCode:
    id: int
    parent_id: int | None
    guid: str
    name: str
    color: str
    definition: str
    when_to_use: str
    when_not_to_use: str
    example: str


@dataclass(frozen=True)
class SourceSegment:
    start_ms: int
    end_ms: int
    speaker: str | None
    char_start: int
    char_end: int


@dataclass(frozen=True)
class SourceDocument:
    id: int
    title: str
    text: str
    sha256: str
    kind: str
    language: str
    date: date | None
    interviewer: str
    segments: tuple[SourceSegment, ...]
    speaker_names: dict[str, str]


@dataclass(frozen=True)
class SourceCoding:
    document_id: int
    code_id: int
    coder: str
    start: int
    end: int
    memo: str
    created_at: datetime | None


@dataclass(frozen=True)
class Source:
    name: str
    codes: tuple[SourceCode, ...]  # parents before children
    documents: tuple[SourceDocument, ...]
    codings: tuple[SourceCoding, ...]
    coder_colors: dict[str, str]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_source(location: str | Path) -> Source:
    if db.is_url(location):
        with Project.open(location, read_only=True) as other:
            return _read(other, str(other.url))
    path = Path(location)
    if path.suffix.lower() == ".qdpx":
        return _read_qdpx(path)
    try:
        other = Project.open(path, read_only=True, backup=False)
    except ProjectError as error:
        if "another version" not in str(error):
            raise
        return _read_upgraded_copy(path)
    with other:
        return _read(other, path.name)


def _read_qdpx(path: Path) -> Source:
    """A REFI-QDA project from another tool: imported into a private temporary project first.

    REFI-QDA GUIDs are not kept by the import, so its codes match by name path only.
    """
    from coding.refi import import_project

    with tempfile.TemporaryDirectory(prefix="transcoda-merge-") as folder:
        copy = Path(folder) / f"{path.stem}.tcproj"
        import_project(path, copy)
        with Project.open(copy, backup=False) as other:
            return _read(other, path.name)


def _read_upgraded_copy(path: Path) -> Source:
    with tempfile.TemporaryDirectory(prefix="transcoda-merge-") as folder:
        copy = Path(folder) / path.name
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        target = sqlite3.connect(copy)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        with Project.open(copy, backup=False) as other:
            return _read(other, path.name)


def _read(other: Project, name: str) -> Source:
    with other.reading() as session:
        rows = list(session.scalars(select(Code).order_by(Code.position, Code.id)))
        codes = _parents_first(
            [
                SourceCode(
                    id=c.id,
                    parent_id=c.parent_id,
                    guid=c.guid,
                    name=c.name,
                    color=c.color,
                    definition=c.definition,
                    when_to_use=c.when_to_use,
                    when_not_to_use=c.when_not_to_use,
                    example=c.example,
                )
                for c in rows
            ]
        )
        speakers = {s.id: s for s in session.scalars(select(Speaker))}
        segments: dict[int, list[SourceSegment]] = {}
        for seg in session.scalars(
            select(TranscriptSegment).order_by(TranscriptSegment.char_start)
        ):
            label = None if seg.speaker_id is None else speakers[seg.speaker_id].label
            segments.setdefault(seg.document_id, []).append(
                SourceSegment(seg.start_ms, seg.end_ms, label, seg.char_start, seg.char_end)
            )
        documents = tuple(
            SourceDocument(
                id=d.id,
                title=d.title,
                text=d.text,
                sha256=text_hash(d.text),
                kind=d.kind,
                language=d.language,
                date=d.date,
                interviewer=d.interviewer,
                segments=tuple(segments.get(d.id, [])),
                speaker_names={s.label: s.name for s in speakers.values() if s.document_id == d.id},
            )
            for d in session.scalars(select(Document).order_by(Document.position, Document.id))
        )
        coder_rows = list(session.scalars(select(Coder)))
        names = {c.id: c.name for c in coder_rows}
        codings = tuple(
            SourceCoding(
                c.document_id, c.code_id, names[c.coder_id], c.start, c.end, c.memo, c.created_at
            )
            for c in session.scalars(select(Coding).order_by(Coding.id))
        )
        colors = {c.name: c.color for c in coder_rows}
    return Source(name=name, codes=codes, documents=documents, codings=codings, coder_colors=colors)


def _parents_first(codes: list[SourceCode]) -> tuple[SourceCode, ...]:
    by_parent: dict[int | None, list[SourceCode]] = {}
    for code in codes:
        by_parent.setdefault(code.parent_id, []).append(code)
    ordered: list[SourceCode] = []
    pending = list(by_parent.get(None, []))
    while pending:
        code = pending.pop(0)
        ordered.append(code)
        pending.extend(by_parent.get(code.id, []))
    return tuple(ordered)
