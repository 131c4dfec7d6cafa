"""A document's transcript as a transcription job builds it: saved pieces, status, result.

Pieces are job bookkeeping, saved one commit at a time so that a killed job resumes where it
stopped; they are not undo steps of their own. The finished transcript is one undoable
operation ("Transcribe 'Interview 3'") that replaces the document's text and segments and
drops the pieces. Pieces travel as plain dicts here: ``coding`` does not know the
transcription package's types (the app layer converts).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from coding import lookup
from coding.changes import Changes
from coding.documents import replace_segments_in
from coding.errors import Conflict
from coding.operations import operation
from coding.project import Project
from coding.queries import media_file
from models.base import utcnow
from models.entities import Coding, Document, TranscriptionPiece, TranscriptStatus
from models.transcript_layout import LaidOutSegment


@dataclass(frozen=True)
class TranscriptionTarget:
    document_id: int
    title: str
    media_path: str | None
    language: str
    status: str
    codings: int
    has_text: bool
    case_name: str | None


def target(project: Project, document_id: int) -> TranscriptionTarget:
    with project.reading() as session:
        document = lookup.document(session, document_id)
        codings = session.scalar(
            select(func.count(Coding.id)).where(Coding.document_id == document.id)
        )
        return TranscriptionTarget(
            document_id=document.id,
            title=document.title,
            media_path=None if document.media is None else str(media_file(project, document.media)),
            language=document.language,
            status=document.transcript_status,
            codings=codings or 0,
            has_text=bool(document.text.strip()),
            case_name=None if document.case is None else document.case.name,
        )


def saved_pieces(project: Project, document_id: int, job_key: str) -> list[dict[str, Any]]:
    """Pieces an earlier run saved under ``job_key``; pieces of any other job are dropped."""
    with operation(project, "Resume transcription") as op:
        op.undoable = False
        stale = op.session.scalars(
            select(TranscriptionPiece).where(
                TranscriptionPiece.document_id == document_id,
                TranscriptionPiece.job_key != job_key,
            )
        )
        for piece in stale:
            op.session.delete(piece)
        rows = op.session.scalars(
            select(TranscriptionPiece)
            .where(TranscriptionPiece.document_id == document_id)
            .order_by(TranscriptionPiece.start_ms, TranscriptionPiece.id)
        )
        result: list[dict[str, Any]] = [json.loads(row.data) for row in rows]
    return result


def save_pieces(
    project: Project, document_id: int, job_key: str, pieces: Sequence[dict[str, Any]]
) -> None:
    """Append pieces in one commit (durable when this returns)."""
    with operation(project, "Save transcription progress") as op:
        op.undoable = False
        document = lookup.document(op.session, document_id)
        if document.transcript_status != TranscriptStatus.TRANSCRIBING:
            document.transcript_status = TranscriptStatus.TRANSCRIBING.value
        for piece in pieces:
            op.session.add(
                TranscriptionPiece(
                    document_id=document_id,
                    start_ms=int(piece["start_ms"]),
                    end_ms=int(piece["end_ms"]),
                    job_key=job_key,
                    text=str(piece["text"]),
                    data=json.dumps(piece, ensure_ascii=False),
                )
            )


def mark_transcribing(project: Project, *, document_id: int) -> Changes:
    with operation(project, "Start transcription") as op:
        op.undoable = False
        document = lookup.document(op.session, document_id)
        document.transcript_status = TranscriptStatus.TRANSCRIBING.value
        op.id = document.id
    return op.changes


def stop_transcribing(project: Project, *, document_id: int) -> Changes:
    """After a cancel or a failure: the status goes back to what the text supports."""
    with operation(project, "Stop transcription") as op:
        op.undoable = False
        document = lookup.document(op.session, document_id)
        if document.transcript_status == TranscriptStatus.TRANSCRIBING:
            document.transcript_status = (
                TranscriptStatus.DRAFT.value if document.segments else TranscriptStatus.NONE.value
            )
        op.id = document.id
    return op.changes


def finish_transcript(
    project: Project,
    *,
    document_id: int,
    text: str,
    segments: Sequence[LaidOutSegment],
    speaker_names: dict[str, str],
    language: str | None = None,
    replace_codings: bool = False,
) -> Changes:
    """Make a job's result the document's transcript: one undoable step, marked draft.

    Codings point into the old text; a new transcript cannot keep them. Unless
    ``replace_codings`` is given, a coded document is refused rather than silently emptied.
    """
    # The job's own "transcribing" status is bookkeeping: undoing the transcript must not
    # bring it back as if a job were still running.
    stop_transcribing(project, document_id=document_id)
    with operation(project, "Transcribe") as op:
        session = op.session
        document = lookup.document(session, document_id)
        op.description = f"Transcribe '{document.title}'"
        coded = list(session.scalars(select(Coding).where(Coding.document_id == document.id)))
        if coded and not replace_codings:
            raise Conflict(
                f"'{document.title}' has {len(coded)} codings on its current text; a new "
                "transcript would replace that text. Transcribe again with --force (the "
                "codings are removed, and Undo brings everything back)"
            )
        for coding in coded:
            session.delete(coding)
        for piece in session.scalars(
            select(TranscriptionPiece).where(TranscriptionPiece.document_id == document.id)
        ):
            session.delete(piece)
        session.flush()
        document.text = text
        if language and not document.language:
            document.language = language
        document.transcript_status = TranscriptStatus.DRAFT.value
        document.updated_at = utcnow()
        for segment in list(document.segments):
            session.delete(segment)
        session.flush()
        for speaker in list(document.speakers):
            session.delete(speaker)
        session.flush()
        session.expire(document, ["segments", "speakers"])
        replace_segments_in(session, document, segments, speaker_names)
        op.id = document.id
    return op.changes


def untranscribed(project: Project) -> list[int]:
    """Documents with a recording and no transcript yet (what a batch run picks up)."""
    with project.reading() as session:
        rows = session.scalars(
            select(Document.id)
            .where(
                Document.media_id.is_not(None),
                Document.transcript_status.in_(
                    [TranscriptStatus.NONE.value, TranscriptStatus.TRANSCRIBING.value]
                ),
            )
            .order_by(Document.position, Document.id)
        )
        return list(rows)
