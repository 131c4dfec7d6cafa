"""Documents as REFI sources: text sources, and recordings with their transcripts.

A document with a recording becomes an ``AudioSource`` (or ``VideoSource``) whose
``Transcript`` carries the text, a ``SyncPoint`` at both ends of every timed segment, a
``TranscriptSelection`` per segment (named after its speaker, with no coding) and one per coded
span. A selection can only end at sync points, so a coded span that starts or ends inside a
segment gets a sync point of its own, timed by interpolating within the segment: a tool that
codes time ranges then sees the right stretch of the recording.

Text leaves through the context's ``Outbound``: a document is rewritten whole (names replaced)
and every position into it, of codings and segments alike, moves onto the rewritten text.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from coding.privacy.outbound import Rewritten
from coding.refi.export_context import ExportContext, MediaFile
from coding.refi.variables import add_variable_value
from coding.refi.xml_tools import Element, sub, xml_datetime
from models.entities import Coding, Document

VIDEO_SUFFIXES = frozenset({".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi"})
EXCERPT_CHARS = 80

Span = tuple[int, int]


@dataclass(frozen=True)
class _Segment:
    """A transcript segment with its positions in the exported text."""

    id: int
    char_start: int
    char_end: int
    start_ms: int
    end_ms: int
    speaker: str | None


@dataclass
class SourceExtras:
    """What belongs to a document beyond its own rows: memos, attribute values, its file."""

    note_guids: list[str] = field(default_factory=list)
    values: list[tuple[str, str, str]] = field(default_factory=list)  # (guid, type, value)
    media_path: Path | None = None
    media_key: bytes | None = None
    media_guid: str = ""
    media_suffix: str = ""


def document_guid(ctx: ExportContext, document: Document) -> str:
    return ctx.guid("document", document.id, document.created_at)


def add_source(
    sources: Element,
    document: Document,
    ctx: ExportContext,
    code_guid: Callable[[int], str],
    extras: SourceExtras,
) -> None:
    timed = bool(document.segments)
    if document.media is None and not (timed and ctx.timed_text_as == "audio"):
        _text_source(sources, document, ctx, code_guid, extras)
    else:
        _media_source(sources, document, ctx, code_guid, extras)


def _text_source(
    sources: Element,
    document: Document,
    ctx: ExportContext,
    code_guid: Callable[[int], str],
    extras: SourceExtras,
) -> None:
    guid = document_guid(ctx, document)
    element = sub(
        sources,
        "TextSource",
        {
            "guid": guid,
            "name": ctx.out.text(document.title),
            "plainTextPath": f"internal://{guid}.txt",
            **_dates(ctx, document.created_at, document.updated_at),
        },
    )
    text = ctx.out.document(document.text)
    ctx.text_files[f"sources/{guid}.txt"] = text.text.encode("utf-8")
    for (start, end), codings in _spans(document.codings):
        new_start, new_end = text.start(start), text.end(end)
        selection = sub(
            element,
            "PlainTextSelection",
            {
                "guid": ctx.guid("selection", f"{document.id}:{start}:{end}"),
                "name": _excerpt(text.text[new_start:new_end]),
                "startPosition": str(new_start),
                "endPosition": str(new_end),
                **_selection_dates(ctx, codings),
            },
        )
        for coding in codings:
            _add_coding(selection, coding, ctx, code_guid)
    _add_refs_and_values(element, extras)


def _media_source(
    sources: Element,
    document: Document,
    ctx: ExportContext,
    code_guid: Callable[[int], str],
    extras: SourceExtras,
) -> None:
    guid = document_guid(ctx, document)
    path = None
    suffix = extras.media_suffix
    if extras.media_path is not None:
        if extras.media_path.is_file():
            name = f"{extras.media_guid}{suffix}"
            ctx.media_files[f"sources/{name}"] = MediaFile(extras.media_path, extras.media_key)
            path = f"internal://{name}"
        else:
            ctx.warnings.append(
                f"the recording of '{ctx.out.text(document.title)}' is missing "
                f"({ctx.out.text(str(extras.media_path))}); "
                "the export has its transcript without the recording"
            )
    kind = "VideoSource" if suffix in VIDEO_SUFFIXES else "AudioSource"
    element = sub(
        sources,
        kind,
        {
            "guid": guid,
            "name": ctx.out.text(document.title),
            "path": path,
            **_dates(ctx, document.created_at, document.updated_at),
        },
    )
    if document.text:
        _transcript(element, document, ctx, code_guid)
    _add_refs_and_values(element, extras)


def _transcript(
    source: Element, document: Document, ctx: ExportContext, code_guid: Callable[[int], str]
) -> None:
    guid = ctx.guid("transcript", document.id, document.created_at)
    transcript = sub(
        source,
        "Transcript",
        {
            "guid": guid,
            "name": ctx.out.text(document.title),
            "plainTextPath": f"internal://{guid}.txt",
            **_dates(ctx, document.created_at, document.updated_at),
        },
    )
    text = ctx.out.document(document.text)
    ctx.text_files[f"sources/{guid}.txt"] = text.text.encode("utf-8")
    segments = _segments(document, text, ctx)
    points = _SyncPoints(ctx, document.id, segments)
    selections: list[tuple[str, str, dict[str, str | None], list[Coding]]] = []
    for segment in segments:
        first = points.at(segment.char_start, segment.start_ms)
        last = points.at(segment.char_end, segment.end_ms)
        selections.append(
            (first, last, {"guid": ctx.guid("segment", segment.id), "name": segment.speaker}, [])
        )
    for (start, end), codings in _spans(document.codings):
        new_start, new_end = text.start(start), text.end(end)
        attributes = {
            "guid": ctx.guid("selection", f"{document.id}:{start}:{end}"),
            "name": _excerpt(text.text[new_start:new_end]),
            **_selection_dates(ctx, codings),
        }
        selections.append(
            (points.boundary(new_start), points.boundary(new_end), attributes, codings)
        )
    for position, ms, point_guid in points.ordered():
        point = {"guid": point_guid, "position": str(position)}
        if ms is not None:
            point["timeStamp"] = str(ms)
        sub(transcript, "SyncPoint", point)
    for first, last, attributes, codings in selections:
        element = sub(
            transcript,
            "TranscriptSelection",
            {**attributes, "fromSyncPoint": first, "toSyncPoint": last},
        )
        for coding in codings:
            _add_coding(element, coding, ctx, code_guid)


def _segments(document: Document, text: Rewritten, ctx: ExportContext) -> list[_Segment]:
    found: list[_Segment] = []
    for segment in sorted(document.segments, key=lambda s: (s.char_start, s.start_ms)):
        speaker = segment.speaker.name if segment.speaker is not None else None
        found.append(
            _Segment(
                segment.id,
                text.start(segment.char_start),
                text.end(segment.char_end),
                segment.start_ms,
                segment.end_ms,
                ctx.out.optional(speaker),
            )
        )
    return found


def _dates(
    ctx: ExportContext, created: datetime | None, modified: datetime | None
) -> dict[str, str | None]:
    return {
        "creationDateTime": xml_datetime(ctx.out.when(created)),
        "modifiedDateTime": xml_datetime(ctx.out.when(modified)),
    }


class _SyncPoints:
    def __init__(self, ctx: ExportContext, document_id: int, segments: Sequence[_Segment]) -> None:
        self._ctx = ctx
        self._document = document_id
        self._segments = segments
        self._starts = [segment.char_start for segment in segments]
        self._points: dict[tuple[int, int | None], str] = {}
        self._by_position: dict[int, str] = {}

    def at(self, position: int, ms: int | None) -> str:
        key = (position, ms)
        if key not in self._points:
            stamp = "-" if ms is None else str(ms)
            guid = self._ctx.guid("sync", f"{self._document}:{position}:{stamp}")
            self._points[key] = guid
            self._by_position.setdefault(position, guid)
        return self._points[key]

    def boundary(self, position: int) -> str:
        """The sync point at a coded span's end: an existing one, or an interpolated one."""
        return self._by_position.get(position) or self.at(position, self._time_at(position))

    def _time_at(self, position: int) -> int | None:
        index = bisect.bisect_right(self._starts, position) - 1
        if index >= 0:
            segment = self._segments[index]
            if position <= segment.char_end:
                width = segment.char_end - segment.char_start
                if width == 0:
                    return segment.start_ms
                share = (position - segment.char_start) / width
                return segment.start_ms + round((segment.end_ms - segment.start_ms) * share)
            return segment.end_ms  # in the gap after a segment: the speaker has finished
        if self._segments:
            return self._segments[0].start_ms
        return None

    def ordered(self) -> list[tuple[int, int | None, str]]:
        return sorted(
            ((position, ms, guid) for (position, ms), guid in self._points.items()),
            key=lambda item: (item[0], -1 if item[1] is None else item[1]),
        )


def _spans(codings: Sequence[Coding]) -> list[tuple[Span, list[Coding]]]:
    grouped: dict[Span, list[Coding]] = {}
    for coding in sorted(codings, key=lambda c: (c.start, c.end, c.id)):
        grouped.setdefault((coding.start, coding.end), []).append(coding)
    return list(grouped.items())


def _excerpt(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= EXCERPT_CHARS else words[: EXCERPT_CHARS - 1] + "…"


def _selection_dates(ctx: ExportContext, codings: Sequence[Coding]) -> dict[str, str | None]:
    first = min(codings, key=lambda c: (c.created_at, c.id))
    return {
        "creatingUser": ctx.coder_guid(first.coder_id),
        **_dates(ctx, first.created_at, max(c.updated_at for c in codings)),
    }


def _add_coding(
    parent: Element, coding: Coding, ctx: ExportContext, code_guid: Callable[[int], str]
) -> None:
    element = sub(
        parent,
        "Coding",
        {
            "guid": ctx.guid("coding", coding.id, coding.created_at),
            "creatingUser": ctx.coder_guid(coding.coder_id),
            "creationDateTime": xml_datetime(ctx.out.when(coding.created_at)),
        },
    )
    sub(element, "CodeRef", {"targetGUID": code_guid(coding.code_id)})
    if coding.memo.strip():
        note = ctx.add_note(
            ctx.guid("coding-memo", coding.id, coding.created_at),
            title=f"Memo: {coding.code.name}",
            text=coding.memo,
            author=ctx.coders[coding.coder_id].name,
            created=coding.created_at,
            modified=coding.updated_at,
        )
        sub(element, "NoteRef", {"targetGUID": note})


def _add_refs_and_values(element: Element, extras: SourceExtras) -> None:
    for note in extras.note_guids:
        sub(element, "NoteRef", {"targetGUID": note})
    for variable, type_name, value in extras.values:
        add_variable_value(element, variable, type_name, value)
