"""Read-only views of a project as small frozen values, safe to hand to any thread or front end."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coding import lookup
from coding.cases import attribute_choices
from coding.project import Project
from models.entities import (
    AttributeDefinition,
    Case,
    CaseValue,
    Code,
    Coder,
    Coding,
    Document,
    DocumentValue,
    Media,
    Memo,
    Setting,
    Speaker,
    TranscriptSegment,
)


@dataclass(frozen=True)
class DocumentSummary:
    id: int
    title: str
    kind: str
    language: str
    date: date | None
    interviewer: str
    case_id: int | None
    case_name: str | None
    transcript_status: str
    has_media: bool
    codings: int
    length: int


@dataclass(frozen=True)
class SpeakerView:
    id: int
    label: str
    name: str
    role: str


@dataclass(frozen=True)
class SegmentView:
    id: int
    start_ms: int
    end_ms: int
    speaker_id: int | None
    speaker: str | None
    char_start: int
    char_end: int


@dataclass(frozen=True)
class CodingView:
    id: int
    document_id: int
    document_title: str
    code_id: int
    code_name: str
    code_color: str
    coder: str
    start: int
    end: int
    text: str
    memo: str
    created_at: datetime | None = None


@dataclass(frozen=True)
class DocumentDetail:
    id: int
    title: str
    text: str
    kind: str
    language: str
    date: date | None
    interviewer: str
    case_id: int | None
    case_name: str | None
    transcript_status: str
    media_path: Path | None
    media_duration_ms: int | None
    codings: tuple[CodingView, ...]
    segments: tuple[SegmentView, ...]
    speakers: tuple[SpeakerView, ...]


@dataclass(frozen=True)
class CodeNode:
    id: int
    parent_id: int | None
    name: str
    path: str
    depth: int
    color: str
    definition: str
    when_to_use: str
    when_not_to_use: str
    example: str
    codings: int
    codings_with_subcodes: int
    # For optimistic locking: pass it back as ``expected_version`` when editing the code.
    version: int = 1
    guid: str = ""


@dataclass(frozen=True)
class AttributeView:
    id: int
    name: str
    type: str
    target: str
    choices: tuple[str, ...]


@dataclass(frozen=True)
class CaseView:
    id: int
    name: str
    description: str
    values: dict[str, str] = field(default_factory=dict)
    documents: int = 0


@dataclass(frozen=True)
class MemoView:
    id: int
    document_id: int | None
    code_id: int | None
    title: str
    text: str
    author: str


@dataclass(frozen=True)
class ProjectInfo:
    path: str
    title: str
    documents: int
    cases: int
    codes: int
    codings: int
    coders: tuple[str, ...]
    transcripts: int
    memos: int


def project_info(project: Project) -> ProjectInfo:
    with project.reading() as s:

        def count(column: object) -> int:
            return s.scalar(select(func.count(column))) or 0  # type: ignore[arg-type]

        title = s.scalar(select(Setting.value).where(Setting.key == "title")) or project.path.stem
        return ProjectInfo(
            path=project.url or str(project.path),
            title=title,
            documents=count(Document.id),
            cases=count(Case.id),
            codes=count(Code.id),
            codings=count(Coding.id),
            coders=tuple(s.scalars(select(Coder.name).order_by(Coder.name))),
            transcripts=s.scalar(select(func.count(func.distinct(TranscriptSegment.document_id))))
            or 0,
            memos=count(Memo.id),
        )


def list_documents(project: Project) -> list[DocumentSummary]:
    with project.reading() as s:
        counts = dict(
            s.execute(
                select(Coding.document_id, func.count(Coding.id)).group_by(Coding.document_id)
            ).all()
        )
        rows = s.execute(
            select(
                Document.id,
                Document.title,
                Document.kind,
                Document.language,
                Document.date,
                Document.interviewer,
                Document.case_id,
                Case.name,
                Document.transcript_status,
                Document.media_id,
                func.length(Document.text),
            )
            .outerjoin(Case, Case.id == Document.case_id)
            .order_by(Document.position, Document.id)
        )
        return [
            DocumentSummary(
                id=r[0],
                title=r[1],
                kind=r[2],
                language=r[3],
                date=r[4],
                interviewer=r[5],
                case_id=r[6],
                case_name=r[7],
                transcript_status=r[8],
                has_media=r[9] is not None,
                codings=counts.get(r[0], 0),
                length=r[10] or 0,
            )
            for r in rows
        ]


def media_file(project: Project, media: Media) -> Path:
    if media.linked:
        return (project.folder / media.path).resolve()
    path = project.media_dir / media.path
    if project.encrypted and not path.is_file():
        # A row from before the recording got its keyed name (an older version, a backup,
        # an undo step): see coding.crypto.media_names.
        from sqlalchemy.orm import object_session

        from coding.crypto.media import media_key_of
        from coding.crypto.media_names import keyed_fallback

        session = object_session(media)
        if session is not None:
            key = media_key_of(session)
        else:
            with project.reading() as reading:
                key = media_key_of(reading)
        return keyed_fallback(project.media_dir, media, key) or path
    return path


def get_document(project: Project, document_id: int, *, coder: str | None = None) -> DocumentDetail:
    with project.reading() as s:
        document = lookup.document(s, document_id)
        speakers = {sp.id: sp for sp in document.speakers}
        segments = tuple(
            SegmentView(
                id=seg.id,
                start_ms=seg.start_ms,
                end_ms=seg.end_ms,
                speaker_id=seg.speaker_id,
                speaker=None if seg.speaker_id is None else speakers[seg.speaker_id].name,
                char_start=seg.char_start,
                char_end=seg.char_end,
            )
            for seg in sorted(document.segments, key=lambda seg: (seg.char_start, seg.start_ms))
        )
        codings = tuple(
            _coding_views(s, [document_id], None, [coder] if coder else None, with_text=False)
        )
        text = document.text
        codings = tuple(
            CodingView(**{**c.__dict__, "text": text[c.start : c.end]}) for c in codings
        )
        return DocumentDetail(
            id=document.id,
            title=document.title,
            text=text,
            kind=document.kind,
            language=document.language,
            date=document.date,
            interviewer=document.interviewer,
            case_id=document.case_id,
            case_name=None if document.case is None else document.case.name,
            transcript_status=document.transcript_status,
            media_path=None if document.media is None else media_file(project, document.media),
            media_duration_ms=None if document.media is None else document.media.duration_ms,
            codings=codings,
            segments=segments,
            speakers=tuple(
                SpeakerView(id=sp.id, label=sp.label, name=sp.name, role=sp.role)
                for sp in sorted(speakers.values(), key=lambda sp: sp.id)
            ),
        )


def _coding_views(
    s: Session,
    document_ids: Iterable[int] | None,
    code_ids: Iterable[int] | None,
    coders: Iterable[str] | None,
    *,
    with_text: bool = True,
) -> list[CodingView]:
    query = (
        select(
            Coding.id,
            Coding.document_id,
            Document.title,
            Coding.code_id,
            Code.name,
            Code.color,
            Coder.name,
            Coding.start,
            Coding.end,
            Coding.memo,
            Coding.created_at,
        )
        .join(Document, Document.id == Coding.document_id)
        .join(Code, Code.id == Coding.code_id)
        .join(Coder, Coder.id == Coding.coder_id)
    )
    if document_ids is not None:
        query = query.where(Coding.document_id.in_(list(document_ids)))
    if code_ids is not None:
        query = query.where(Coding.code_id.in_(list(code_ids)))
    if coders is not None:
        query = query.where(Coder.name.in_(list(coders)))
    query = query.order_by(Document.position, Document.id, Coding.start, Coding.end, Coding.id)
    rows = s.execute(query).all()
    texts: dict[int, str] = {}
    if with_text and rows:
        # One read of each involved text, sliced here: cheaper than SQL substr, which walks a
        # long text's overflow pages again for every coding.
        wanted = sorted({row[1] for row in rows})
        for chunk in range(0, len(wanted), 500):
            part = wanted[chunk : chunk + 500]
            texts.update(
                (row[0], row[1])
                for row in s.execute(
                    select(Document.id, Document.text).where(Document.id.in_(part))
                )
            )
    return [
        CodingView(
            id=r[0],
            document_id=r[1],
            document_title=r[2],
            code_id=r[3],
            code_name=r[4],
            code_color=r[5],
            coder=r[6],
            start=r[7],
            end=r[8],
            text=texts[r[1]][r[7] : r[8]] if with_text else "",
            memo=r[9],
            created_at=r[10],
        )
        for r in rows
    ]


def list_codings(
    project: Project,
    *,
    code_ids: Iterable[int] | None = None,
    document_ids: Iterable[int] | None = None,
    coders: Iterable[str] | None = None,
) -> list[CodingView]:
    with project.reading() as s:
        return _coding_views(s, document_ids, code_ids, coders)


def codebook(project: Project) -> list[CodeNode]:
    """Every code in codebook order (depth first, siblings by position) with coding counts."""
    with project.reading() as s:
        codes = list(s.scalars(select(Code).order_by(Code.position, Code.id)))
        counts = dict(
            s.execute(select(Coding.code_id, func.count(Coding.id)).group_by(Coding.code_id)).all()
        )
        children: dict[int | None, list[Code]] = {}
        for code in codes:
            children.setdefault(code.parent_id, []).append(code)

        def total(code_id: int) -> int:
            return counts.get(code_id, 0) + sum(total(c.id) for c in children.get(code_id, []))

        nodes: list[CodeNode] = []

        def walk(parent: int | None, depth: int, prefix: str) -> None:
            for code in children.get(parent, []):
                path = f"{prefix}{code.name}"
                nodes.append(
                    CodeNode(
                        id=code.id,
                        parent_id=code.parent_id,
                        name=code.name,
                        path=path,
                        depth=depth,
                        color=code.color,
                        definition=code.definition,
                        when_to_use=code.when_to_use,
                        when_not_to_use=code.when_not_to_use,
                        example=code.example,
                        codings=counts.get(code.id, 0),
                        codings_with_subcodes=total(code.id),
                        version=code.version,
                        guid=code.guid,
                    )
                )
                walk(code.id, depth + 1, path + "/")

        walk(None, 0, "")
        return nodes


def attributes(project: Project, target: str | None = None) -> list[AttributeView]:
    with project.reading() as s:
        query = select(AttributeDefinition).order_by(
            AttributeDefinition.position, AttributeDefinition.id
        )
        if target is not None:
            query = query.where(AttributeDefinition.target == target)
        return [
            AttributeView(
                id=a.id,
                name=a.name,
                type=a.type,
                target=a.target,
                choices=tuple(attribute_choices(a)),
            )
            for a in s.scalars(query)
        ]


def cases(project: Project) -> list[CaseView]:
    with project.reading() as s:
        names = dict(s.execute(select(AttributeDefinition.id, AttributeDefinition.name)).all())
        values: dict[int, dict[str, str]] = {}
        for case_id, attribute_id, value in s.execute(
            select(CaseValue.case_id, CaseValue.attribute_id, CaseValue.value)
        ):
            values.setdefault(case_id, {})[names[attribute_id]] = value
        documents = dict(
            s.execute(
                select(Document.case_id, func.count(Document.id))
                .where(Document.case_id.is_not(None))
                .group_by(Document.case_id)
            ).all()
        )
        return [
            CaseView(
                id=c.id,
                name=c.name,
                description=c.description,
                values=values.get(c.id, {}),
                documents=documents.get(c.id, 0),
            )
            for c in s.scalars(select(Case).order_by(Case.name))
        ]


def document_values(project: Project, document_id: int) -> dict[str, str]:
    with project.reading() as s:
        rows = s.execute(
            select(AttributeDefinition.name, DocumentValue.value)
            .join(AttributeDefinition, AttributeDefinition.id == DocumentValue.attribute_id)
            .where(DocumentValue.document_id == document_id)
        )
        return dict(rows.all())


def memos(project: Project) -> list[MemoView]:
    with project.reading() as s:
        return [
            MemoView(
                id=m.id,
                document_id=m.document_id,
                code_id=m.code_id,
                title=m.title,
                text=m.text,
                author=m.author,
            )
            for m in s.scalars(select(Memo).order_by(Memo.id))
        ]


def coders(project: Project) -> list[str]:
    with project.reading() as s:
        return list(s.scalars(select(Coder.name).order_by(Coder.name)))


def speakers(project: Project, document_id: int) -> list[SpeakerView]:
    with project.reading() as s:
        return [
            SpeakerView(id=sp.id, label=sp.label, name=sp.name, role=sp.role)
            for sp in s.scalars(
                select(Speaker).where(Speaker.document_id == document_id).order_by(Speaker.id)
            )
        ]
