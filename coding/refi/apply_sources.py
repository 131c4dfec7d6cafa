"""Adding imported sources to a project: documents, their timings, recordings and codings.

Positions are mapped into Transcoda's normalised text first (``positions``). A transcript's
timings come from its sync points: a Transcoda export names each timed segment with a
TranscriptSelection between two sync points, which restores the segments exactly; from other
tools, each stretch between one sync point and the next becomes a segment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from coding.codings import NewCoding, apply_in
from coding.documents import add_document_in, unique_title
from coding.errors import Conflict, InvalidInput
from coding.media import store_media_in
from coding.project import Project
from coding.refi.model import RefiNote, RefiSelection, RefiSource, RefiSyncPoint
from coding.refi.positions import Probe, TextPositions, describe, read_positions
from coding.refi.report import ImportReport
from models.entities import Coding, Document
from models.transcript_layout import LaidOutSegment

UNKNOWN_CODER = "unknown coder"

MediaLoader = Callable[[RefiSource], Path | None]


@dataclass
class SourceContext:
    session: Session
    project: Project
    report: ImportReport
    origin: str
    users: dict[str, str]
    codes: dict[str, int]
    notes: dict[str, RefiNote]
    used_notes: set[str]
    source_name: str
    load_media: MediaLoader
    dated: list[tuple[Coding, datetime, datetime]] = field(default_factory=list)


def add_source(ctx: SourceContext, source: RefiSource) -> Document:
    raw = source.text or ""
    points = {point.guid: point for point in source.sync_points}
    positions = read_positions(raw, _probes(source, points), ctx.origin)
    if positions.has_crlf or positions.has_astral:
        ctx.report.notes.append(f"'{source.name}': positions read as {describe(positions)}")
    if positions.doubt:
        ctx.report.notes.append(f"'{source.name}': doubtful: {positions.doubt}")
    segments = _segments(ctx, source, points, positions)
    document = add_document_in(
        ctx.session,
        title=unique_title(ctx.session, source.name),
        text=positions.text,
        source_name=ctx.source_name,
        segments=segments,
    )
    if source.created is not None:
        document.created_at = source.created
        document.updated_at = source.modified or source.created
    ctx.report.documents += 1
    ctx.report.segments += len(segments)
    if source.media_member is not None:
        path = ctx.load_media(source)
        if path is not None:
            media = store_media_in(ctx.session, ctx.project, path, link=False)
            document.media_id = media.id
            ctx.report.recordings += 1
    for selection in source.selections:
        if selection.codings:
            span = _span(selection, positions, points, len(positions.text))
            _add_codings(ctx, document, selection, span)
    # Dated after all codings are in: changed rows would otherwise be flushed one by one by
    # every query apply_in makes.
    for row, created, modified in ctx.dated:
        row.created_at, row.updated_at = created, modified
    ctx.dated.clear()
    return document


def _probes(source: RefiSource, points: dict[str, RefiSyncPoint]) -> list[Probe]:
    probes: list[Probe] = []
    for selection in source.selections:
        start, end = selection.start, selection.end
        if selection.from_point is not None:
            first, last = points.get(selection.from_point), points.get(selection.to_point or "")
            start = first.position if first else None
            end = last.position if last else None
        if start is not None and end is not None:
            probes.append(Probe(start, end, selection.name))
    return probes


def _span(
    selection: RefiSelection,
    positions: TextPositions,
    points: dict[str, RefiSyncPoint],
    length: int,
) -> tuple[int, int] | str:
    """The selection's passage in Transcoda's text, or why there is none (naming offsets)."""
    if selection.from_point is not None or selection.to_point is not None:
        first = points.get(selection.from_point or "")
        last = points.get(selection.to_point or "")
        raw = (first.position if first else None, last.position if last else None)
    else:
        raw = (selection.start, selection.end)
    if raw[0] is None:
        return "gives no start position"
    start = positions.to_text(raw[0])
    end = length if raw[1] is None and not selection.guid else positions.to_text(raw[1] or -1)
    shown = f"{raw[0]}-{'?' if raw[1] is None else raw[1]}"
    if start is None or end is None:
        return f"{shown} lies outside the text (0-{positions.file_length})"
    if end <= start:
        return f"{shown} is empty or ends before it starts"
    return start, end


def _add_codings(
    ctx: SourceContext,
    document: Document,
    selection: RefiSelection,
    span: tuple[int, int] | str,
) -> None:
    where = f"'{document.title}'"
    if isinstance(span, str):
        count = len(selection.codings)
        codings = "its coding was" if count == 1 else f"its {count} codings were"
        name = " ".join(selection.name.split())[:60] or selection.guid or "?"
        ctx.report.skip(f"selection '{name}' in {where}: {span}; {codings} dropped")
        return
    shared = [selection.description] if selection.description else []
    shared += _note_texts(ctx, selection.notes)
    for coding in selection.codings:
        code_id = ctx.codes.get(coding.code)
        if code_id is None:
            ctx.report.skip(f"a coding in {where} refers to a code that is not in the codebook")
            continue
        user = coding.user or selection.user
        coder = ctx.users.get(user or "", UNKNOWN_CODER)
        memo = "\n\n".join([*_note_texts(ctx, coding.notes), *shared])
        try:
            row = apply_in(
                ctx.session,
                NewCoding(document.id, code_id, span[0], span[1], coder=coder, memo=memo),
            )
        except Conflict:
            ctx.report.notes.append(f"a repeated coding in {where} was imported once")
            continue
        except InvalidInput as error:
            ctx.report.skip(f"a coding in {where}: {error}")
            continue
        created = coding.created or selection.created
        if created is not None:
            ctx.dated.append((row, created, selection.modified or created))
        ctx.report.codings += 1


def _note_texts(ctx: SourceContext, guids: list[str]) -> list[str]:
    texts: list[str] = []
    for guid in guids:
        note = ctx.notes.get(guid)
        if note is not None:
            ctx.used_notes.add(guid)
            if note.text.strip():
                texts.append(note.text.strip())
    return texts


def _segments(
    ctx: SourceContext,
    source: RefiSource,
    points: dict[str, RefiSyncPoint],
    positions: TextPositions,
) -> list[LaidOutSegment]:
    if not points:
        return []
    named = [s for s in source.selections if not s.codings and s.from_point and s.to_point]
    outside: list[str] = []
    if named and ctx.origin.lower().startswith("transcoda"):
        found = _from_selections(named, points, positions, outside)
    else:
        found = _from_points(list(points.values()), positions, outside)
    if outside:
        more = f" and {len(outside) - 5} more" if len(outside) > 5 else ""
        ctx.report.skip(
            f"{len(outside)} sync points of '{source.name}' outside its text "
            f"(0-{positions.file_length}): at {', '.join(outside[:5])}{more}"
        )
    length = len(positions.text)
    valid = [
        segment
        for segment in found
        if 0 <= segment.char_start <= segment.char_end <= length
        and 0 <= segment.start_ms <= segment.end_ms
    ]
    if len(valid) < len(found):
        bad = [segment for segment in found if segment not in valid]
        shown = "; ".join(
            f"{s.start_ms}-{s.end_ms} ms at characters {s.char_start}-{s.char_end}" for s in bad[:5]
        )
        more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
        ctx.report.skip(
            f"{len(bad)} timings of '{source.name}' that do not fit its text (0-{length}): "
            f"{shown}{more}"
        )
    return valid


def _from_selections(
    selections: list[RefiSelection],
    points: dict[str, RefiSyncPoint],
    positions: TextPositions,
    outside: list[str],
) -> list[LaidOutSegment]:
    found: list[LaidOutSegment] = []
    for selection in selections:
        first = points.get(selection.from_point or "")
        last = points.get(selection.to_point or "")
        if first is None or last is None or first.ms is None or last.ms is None:
            continue
        start = positions.to_text(first.position if first.position is not None else -1)
        end = positions.to_text(last.position if last.position is not None else -1)
        if start is None or end is None:
            outside.append(f"{first.position}-{last.position}")
            continue
        speaker = " ".join(selection.name.split()) or None
        found.append(LaidOutSegment(first.ms, last.ms, speaker, start, end))
    return sorted(found, key=lambda s: (s.char_start, s.start_ms))


def _from_points(
    points: list[RefiSyncPoint], positions: TextPositions, outside: list[str]
) -> list[LaidOutSegment]:
    timed: list[tuple[int, int]] = []
    for point in points:
        if point.position is None or point.ms is None:
            continue
        mapped = positions.to_text(point.position)
        if mapped is not None:
            timed.append((mapped, point.ms))
        else:
            outside.append(str(point.position))
    timed.sort()
    text = positions.text
    found: list[LaidOutSegment] = []
    for index, (start, ms) in enumerate(timed):
        end, end_ms = timed[index + 1] if index + 1 < len(timed) else (len(text), ms)
        end_ms = max(end_ms, ms)
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        if piece.strip():
            found.append(LaidOutSegment(ms, end_ms, None, start + lead, end - trail))
    return found
