"""Documents: interviews and other texts, their metadata, speakers and transcript segments."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coding import lookup
from coding.changes import Changes
from coding.errors import Conflict, InvalidInput
from coding.operations import operation
from coding.project import Project
from models.base import utcnow
from models.entities import Document, DocumentKind, Speaker, TranscriptSegment, TranscriptStatus
from models.transcript_layout import LaidOutSegment

KINDS = tuple(kind.value for kind in DocumentKind)


def normalise_text(text: str) -> str:
    """Documents keep ``\\n`` line endings and NFC, so code-point offsets mean one thing."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise InvalidInput(f"unknown document kind '{kind}'; use one of: {', '.join(KINDS)}")
    return kind


def _check_title(session: Session, title: str, own: int | None = None) -> str:
    title = " ".join(title.split())
    if not title:
        raise InvalidInput("a document needs a title")
    query = select(Document.id).where(func.lower(Document.title) == title.lower())
    if own is not None:
        query = query.where(Document.id != own)
    if session.scalar(query) is not None:
        raise Conflict(f"a document titled '{title}' already exists")
    return title


def unique_title(session: Session, wanted: str) -> str:
    """``wanted``, or ``wanted (2)``... when taken: imports never fail on a repeated file name."""
    base = " ".join(wanted.split()) or "Untitled"
    taken = {t.lower() for t in session.scalars(select(Document.title))}
    title, number = base, 2
    while title.lower() in taken:
        title = f"{base} ({number})"
        number += 1
    return title


def add_document_in(
    session: Session,
    *,
    title: str,
    text: str,
    kind: str = DocumentKind.SEMI_STRUCTURED_INTERVIEW.value,
    language: str = "",
    date: date | None = None,
    interviewer: str = "",
    case_id: int | None = None,
    source_name: str = "",
    segments: Sequence[LaidOutSegment] = (),
    speaker_names: dict[str, str] | None = None,
) -> Document:
    if case_id is not None:
        lookup.case(session, case_id)
    text = normalise_text(text)
    position = session.scalar(select(func.max(Document.position)))
    document = Document(
        title=_check_title(session, title),
        text=text,
        kind=check_kind(kind),
        language=language.strip().lower(),
        date=date,
        interviewer=interviewer,
        case_id=case_id,
        source_name=source_name,
        position=0 if position is None else position + 1,
        transcript_status=(
            TranscriptStatus.DRAFT.value if segments else TranscriptStatus.NONE.value
        ),
    )
    session.add(document)
    session.flush()
    if segments:
        replace_segments_in(session, document, segments, speaker_names or {})
    return document


def replace_segments_in(
    session: Session,
    document: Document,
    segments: Sequence[LaidOutSegment],
    speaker_names: dict[str, str],
) -> None:
    """Give a document a new set of timed segments; speakers are made for unseen labels."""
    length = len(document.text)
    for segment in segments:
        if not 0 <= segment.char_start <= segment.char_end <= length:
            raise InvalidInput(
                f"a transcript segment ({segment.char_start}-{segment.char_end}) lies outside "
                f"the text of '{document.title}'"
            )
        if segment.end_ms < segment.start_ms:
            raise InvalidInput(
                f"a transcript segment ends before it starts ({segment.start_ms} ms)"
            )
    for old in list(document.segments):
        session.delete(old)
    speakers = {speaker.label: speaker for speaker in document.speakers}
    for segment in segments:
        speaker = None
        if segment.speaker:
            speaker = speakers.get(segment.speaker)
            if speaker is None:
                speaker = Speaker(
                    document_id=document.id,
                    label=segment.speaker,
                    name=speaker_names.get(segment.speaker, segment.speaker),
                )
                session.add(speaker)
                session.flush()
                speakers[segment.speaker] = speaker
        session.add(
            TranscriptSegment(
                document_id=document.id,
                start_ms=segment.start_ms,
                end_ms=segment.end_ms,
                speaker_id=None if speaker is None else speaker.id,
                char_start=segment.char_start,
                char_end=segment.char_end,
            )
        )
    session.flush()


def add_document(
    project: Project,
    *,
    title: str,
    text: str,
    kind: str = DocumentKind.SEMI_STRUCTURED_INTERVIEW.value,
    language: str = "",
    date: date | None = None,
    interviewer: str = "",
    case_id: int | None = None,
    source_name: str = "",
    segments: Sequence[LaidOutSegment] = (),
) -> Changes:
    with operation(project, f"Add document '{title.strip()}'") as op:
        document = add_document_in(
            op.session,
            title=title,
            text=text,
            kind=kind,
            language=language,
            date=date,
            interviewer=interviewer,
            case_id=case_id,
            source_name=source_name,
            segments=segments,
        )
        op.id = document.id
    return op.changes


def rename_document(project: Project, *, document_id: int, title: str) -> Changes:
    with operation(project, "Rename document") as op:
        document = lookup.document(op.session, document_id)
        new_title = _check_title(op.session, title, own=document.id)
        op.description = f"Rename '{document.title}' to '{new_title}'"
        document.title = new_title
        document.updated_at = utcnow()
        op.id = document.id
    return op.changes


_UNSET = object()


def set_document_metadata(
    project: Project,
    *,
    document_id: int,
    kind: str | None = None,
    language: str | None = None,
    date: date | object | None = _UNSET,
    interviewer: str | None = None,
    case_id: int | object | None = _UNSET,
    transcript_status: str | None = None,
) -> Changes:
    with operation(project, "Edit document details") as op:
        document = lookup.document(op.session, document_id)
        if kind is not None:
            document.kind = check_kind(kind)
        if language is not None:
            document.language = language.strip().lower()
        if date is not _UNSET:
            document.date = date  # type: ignore[assignment]
        if interviewer is not None:
            document.interviewer = interviewer
        if case_id is not _UNSET:
            if case_id is not None:
                lookup.case(op.session, case_id)  # type: ignore[arg-type]
            document.case_id = case_id  # type: ignore[assignment]
        if transcript_status is not None:
            statuses = [status.value for status in TranscriptStatus]
            if transcript_status not in statuses:
                raise InvalidInput(f"unknown transcript status '{transcript_status}'")
            document.transcript_status = transcript_status
        document.updated_at = utcnow()
        op.description = f"Edit details of '{document.title}'"
        op.id = document.id
    return op.changes


def delete_document(project: Project, *, document_id: int) -> Changes:
    with operation(project, "Delete document") as op:
        document = lookup.document(op.session, document_id)
        op.description = f"Delete document '{document.title}'"
        op.session.delete(document)
    return op.changes


def rename_speaker(project: Project, *, speaker_id: int, name: str) -> Changes:
    """Relabel a speaker everywhere in its transcript at once (the turn prefixes follow)."""
    from coding.text_edit import replace_in

    name = " ".join(name.split())
    if not name:
        raise InvalidInput("a speaker needs a name")
    with operation(project, "Rename speaker") as op:
        speaker = lookup.get(op.session, Speaker, speaker_id, "speaker")
        old = speaker.name
        document = speaker.document
        op.description = f"Rename speaker '{old}' to '{name}' in '{document.title}'"
        # Turn prefixes read "Name: "; rewrite those that precede this speaker's turns,
        # from the end backwards so that earlier offsets stay valid while we edit.
        starts = sorted(
            {
                segment.char_start
                for segment in document.segments
                if segment.speaker_id == speaker.id
            },
            reverse=True,
        )
        for start in starts:
            prefix = f"{old}: "
            at = start - len(prefix)
            if at >= 0 and document.text[at:start] == prefix:
                before = document.text[at - 1] if at > 0 else "\n"
                if before in " \n":
                    replace_in(op.session, document, at, start, f"{name}: ")
        speaker.name = name
        op.id = speaker.id
    return op.changes
