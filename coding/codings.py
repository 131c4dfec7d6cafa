"""Applying codes to passages: codings are (document, code, coder, start, end) in code points."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coding import lookup
from coding.changes import Changes
from coding.errors import Conflict, InvalidInput, NotFound
from coding.operations import operation
from coding.project import Project
from models.base import utcnow
from models.entities import Coding, Document


@dataclass(frozen=True)
class NewCoding:
    document_id: int
    code_id: int
    start: int
    end: int
    coder: str | None = None
    memo: str = ""


def check_span_within(title: str, length: int, start: int, end: int) -> None:
    if start < 0 or end > length:
        raise InvalidInput(f"the span {start}-{end} lies outside '{title}' (0-{length} characters)")
    if end <= start:
        raise InvalidInput(f"a coded span needs at least one character (got {start}-{end})")


def _title_and_length(session: Session, document_id: int) -> tuple[str, int]:
    # length() counts characters (code points) in SQLite and PostgreSQL; loading a whole
    # interview to check one span would be most of the cost of coding a passage.
    found = session.execute(
        select(Document.title, func.length(Document.text)).where(Document.id == document_id)
    ).first()
    if found is None:
        raise NotFound(f"no document with id {document_id}")
    return str(found[0]), int(found[1] or 0)


def _check_not_duplicate(session: Session, coding: NewCoding, coder_id: int) -> None:
    exists = session.scalar(
        select(Coding.id).where(
            Coding.document_id == coding.document_id,
            Coding.code_id == coding.code_id,
            Coding.coder_id == coder_id,
            Coding.start == coding.start,
            Coding.end == coding.end,
        )
    )
    if exists is not None:
        raise Conflict("this passage already has this code from this coder")


def apply_in(session: Session, coding: NewCoding) -> Coding:
    title, length = _title_and_length(session, coding.document_id)
    lookup.code(session, coding.code_id)
    check_span_within(title, length, coding.start, coding.end)
    coder = lookup.ensure_coder(session, coding.coder)
    _check_not_duplicate(session, coding, coder.id)
    row = Coding(
        document_id=coding.document_id,
        code_id=coding.code_id,
        coder_id=coder.id,
        start=coding.start,
        end=coding.end,
        memo=coding.memo,
    )
    session.add(row)
    session.flush()
    return row


def apply_coding(
    project: Project,
    *,
    document_id: int,
    code_id: int,
    start: int,
    end: int,
    coder: str | None = None,
    memo: str = "",
) -> Changes:
    with operation(project, "Apply code") as op:
        row = apply_in(
            op.session,
            NewCoding(document_id, code_id, start, end, coder=coder, memo=memo),
        )
        title, _ = _title_and_length(op.session, document_id)
        op.description = f"Apply '{row.code.name}' to '{title}'"
        op.id = row.id
    return op.changes


def apply_codings(project: Project, *, codings: list[NewCoding], description: str) -> Changes:
    """Many codings as one undo step (auto-coding, demo data). Exact duplicates are skipped."""
    with operation(project, description) as op:
        seen: set[tuple[int, int, str | None, int, int]] = set()
        for coding in codings:
            key = (coding.document_id, coding.code_id, coding.coder, coding.start, coding.end)
            if key in seen:
                continue
            seen.add(key)
            try:
                apply_in(op.session, coding)
            except Conflict:
                # Raised before anything is written: a duplicate needs its coder to exist.
                continue
    return op.changes


def remove_coding(project: Project, *, coding_id: int) -> Changes:
    with operation(project, "Remove coding") as op:
        row = lookup.coding(op.session, coding_id)
        op.description = f"Remove '{row.code.name}' from '{row.document.title}'"
        op.session.delete(row)
    return op.changes


def resize_coding(project: Project, *, coding_id: int, start: int, end: int) -> Changes:
    with operation(project, "Resize coding") as op:
        row = lookup.coding(op.session, coding_id)
        check_span_within(*_title_and_length(op.session, row.document_id), start, end)
        clash = op.session.scalar(
            select(Coding.id).where(
                Coding.document_id == row.document_id,
                Coding.code_id == row.code_id,
                Coding.coder_id == row.coder_id,
                Coding.start == start,
                Coding.end == end,
                Coding.id != row.id,
            )
        )
        if clash is not None:
            raise Conflict("the same code from the same coder already covers that exact span")
        row.start, row.end = start, end
        row.updated_at = utcnow()
        op.description = f"Resize '{row.code.name}' in '{row.document.title}'"
        op.id = row.id
    return op.changes


def set_coding_memo(project: Project, *, coding_id: int, memo: str) -> Changes:
    with operation(project, "Edit coding memo") as op:
        row = lookup.coding(op.session, coding_id)
        row.memo = memo
        row.updated_at = utcnow()
        op.description = f"Edit memo of '{row.code.name}' in '{row.document.title}'"
        op.id = row.id
    return op.changes


def set_coding_code(project: Project, *, coding_id: int, code_id: int) -> Changes:
    """Recode a passage: the same span gets another code (keeps coder and memo)."""
    with operation(project, "Change code of coding") as op:
        row = lookup.coding(op.session, coding_id)
        code = lookup.code(op.session, code_id)
        old = row.code.name
        row.code_id = code.id
        row.updated_at = utcnow()
        op.description = f"Recode '{old}' as '{code.name}' in '{row.document.title}'"
        op.id = row.id
    return op.changes
