"""Editing a document's text without losing codings: offsets after an edit move with it.

QualCoder users lose codings when a transcript is corrected, because stored offsets stop
matching the text. Here every edit is a splice (replace ``[start, end)`` with new text), and
every coding and transcript segment is moved by the same rule in the same transaction.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Table, select, update
from sqlalchemy.orm import Session

from coding import lookup, undo_recorder
from coding.changes import Changes
from coding.errors import InvalidInput
from coding.operations import operation
from coding.project import Project
from models.base import utcnow
from models.entities import Coding, Document, TranscriptSegment


def shift_span(
    start: int, end: int, edit_start: int, edit_end: int, new_length: int
) -> tuple[int, int]:
    """Where span ``[start, end)`` lies after ``[edit_start, edit_end)`` became ``new_length`` long.

    Text inserted exactly at a span's edge stays outside it; a replacement that overlaps an
    edge becomes part of the span (correcting a misheard first word keeps the passage coded).
    A span entirely deleted comes back empty (``start == end``).
    """
    delta = new_length - (edit_end - edit_start)
    if start >= edit_end:
        new_start = start + delta
    elif start <= edit_start:
        new_start = start
    else:
        new_start = edit_start
    if end <= edit_start:
        new_end = end
    elif end >= edit_end:
        new_end = end + delta
    else:
        new_end = edit_start + new_length
    return new_start, max(new_start, new_end)


def replace_in(
    session: Session, document: Document, start: int, end: int, replacement: str
) -> None:
    text = document.text
    if not 0 <= start <= end <= len(text):
        raise InvalidInput(
            f"the edit {start}-{end} lies outside '{document.title}' (0-{len(text)} characters)"
        )
    replacement = replacement.replace("\r\n", "\n").replace("\r", "\n")
    if text[start:end] == replacement:
        return
    document.text = text[:start] + replacement + text[end:]
    document.updated_at = utcnow()
    length = len(replacement)
    delta = length - (end - start)
    # A passage wholly replaced by blank space is gone: its coding goes with it.
    blank = not replacement.strip()
    codings = session.scalars(
        select(Coding).where(
            Coding.document_id == document.id, Coding.end > start, Coding.start < end
        )
    )
    for coding in codings:
        new_start, new_end = shift_span(coding.start, coding.end, start, end, length)
        if blank and start <= coding.start and coding.end <= end:
            new_end = new_start
        if new_end <= new_start:
            session.delete(coding)
        elif (new_start, new_end) != (coding.start, coding.end):
            coding.start, coding.end = new_start, new_end
    segments = session.scalars(
        select(TranscriptSegment).where(
            TranscriptSegment.document_id == document.id,
            TranscriptSegment.char_end >= start,
            TranscriptSegment.char_start < end,
        )
    )
    for segment in segments:
        new_start, new_end = shift_span(segment.char_start, segment.char_end, start, end, length)
        if new_end <= new_start and segment.char_end > segment.char_start:
            session.delete(segment)
        elif (new_start, new_end) != (segment.char_start, segment.char_end):
            segment.char_start, segment.char_end = new_start, new_end
    session.flush()
    # Everything after the edit moves by the same amount: one statement each, recorded for
    # undo as one compact shift. Correcting a word near the start of a long, densely coded
    # interview would otherwise rewrite (and record) hundreds of rows one by one. It runs
    # after the rows overlapping the edit were moved, so no row is moved twice.
    _shift_after(session, Coding, ("start", "end"), document.id, Coding.start >= end, delta)
    _shift_after(
        session,
        TranscriptSegment,
        ("char_start", "char_end"),
        document.id,
        TranscriptSegment.char_start >= end,
        delta,
    )


def _shift_after(
    session: Session,
    model: type[Coding] | type[TranscriptSegment],
    columns: tuple[str, str],
    document_id: int,
    condition: ColumnElement[bool],
    delta: int,
) -> None:
    if delta == 0:
        return
    ids = list(session.scalars(select(model.id).where(model.document_id == document_id, condition)))
    if not ids:
        return
    table = model.__table__
    assert isinstance(table, Table)
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        session.execute(
            update(table)
            .where(table.c.id.in_(part))
            .values({name: table.c[name] + delta for name in columns})
        )
    undo_recorder.record_shift(session, table.name, ids, columns, delta)
    # Rows of these models already loaded in this session now hold old offsets.
    moved = set(ids)
    for instance in list(session.identity_map.values()):
        if isinstance(instance, model) and instance.id in moved:
            session.expire(instance, list(columns))


def replace_text(
    project: Project, *, document_id: int, start: int, end: int, replacement: str
) -> Changes:
    with operation(project, "Edit text") as op:
        document = lookup.document(op.session, document_id)
        replace_in(op.session, document, start, end, replacement)
        op.description = f"Edit text of '{document.title}'"
        op.id = document.id
    return op.changes


def common_splice(old: str, new: str) -> tuple[int, int, str]:
    """The single splice turning ``old`` into ``new``: (start, end in old, replacement)."""
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return prefix, len(old) - suffix, new[prefix : len(new) - suffix]


def set_text(project: Project, *, document_id: int, text: str) -> Changes:
    """Replace the whole text, moving codings by the one splice that separates old and new."""
    with operation(project, "Edit text") as op:
        document = lookup.document(op.session, document_id)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        start, end, replacement = common_splice(document.text, text)
        replace_in(op.session, document, start, end, replacement)
        op.description = f"Edit text of '{document.title}'"
        op.id = document.id
    return op.changes
