"""The coded-segments report: quotes grouped by code, each with where it comes from."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from coding import queries
from coding.privacy.outbound import Outbound
from coding.privacy.outbound import resolve as outbound
from coding.project import Project
from coding.reports import resolve
from coding.reports.docx_writer import SOURCE_STYLE, Pseudonymiser, ReportWriter, exported_at
from coding.reports.selection import (
    ReportSegment,
    SegmentFilter,
    describe_selection,
    select_segments,
)
from models.progress import NullReporter, Reporter, check_cancelled
from models.transcript_layout import format_stamp

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

SEPARATOR = " · "
NOTHING_MATCHED = "No coded segments match this selection."
# Often enough for a smooth progress bar, rarely enough not to flood a GUI thread.
_REPORT_EVERY = 50


def source_line(
    segment: ReportSegment, attributes: Sequence[str] | None = None, out: Outbound | None = None
) -> str:
    """Where a quote comes from, for citing it: document · case (attributes) · speaker ·
    [hh:mm:ss] · coder. ``attributes`` picks case attributes by name; None shows them all.
    The coder is named as ``out`` exports coders (never by a login name)."""
    parts = [segment.document_title]
    if segment.case_name is not None:
        shown = [
            f"{name}: {value}"
            for name, value in segment.case_values.items()
            if value and (attributes is None or name in attributes)
        ]
        parts.append(f"case {segment.case_name}" + (f" ({', '.join(shown)})" if shown else ""))
    if segment.speaker:
        parts.append(segment.speaker)
    if segment.start_ms is not None:
        parts.append(format_stamp(segment.start_ms))
    parts.append(f"coded by {segment.coder if out is None else out.coder(segment.coder)}")
    return SEPARATOR.join(parts)


def segments_report(
    project: Project,
    flt: SegmentFilter | None = None,
    *,
    attributes: Sequence[str] | None = None,
    reporter: Reporter | None = None,
    pseudonymise: Pseudonymiser | None = None,
    out: Outbound | None = None,
) -> tuple[DocxDocument, int]:
    """The report as a Word document in memory, and how many segments it holds."""
    reporter = reporter or NullReporter()
    out = outbound(project, out, pseudonymise)
    flt = flt or SegmentFilter()
    if attributes is not None:
        with project.reading() as s:
            attributes = resolve.attribute_names(s, attributes)
    nodes = queries.codebook(project)
    segments = select_segments(project, flt, codebook=nodes)
    if out.pseudonymised:
        segments = _quoted_from_whole_documents(project, segments, out)
    check_cancelled(reporter)
    title = queries.project_info(project).title
    writer = ReportWriter(f"Coded segments: {title}", out)
    documents = len({segment.document_id for segment in segments})
    writer.note(
        f"Selection: {describe_selection(project, flt, codebook=nodes)}. "
        f"{_count(len(segments), 'segment')} from {_count(documents, 'document')}. "
        f"Exported {exported_at()}."
    )
    if not segments:
        writer.paragraph(NOTHING_MATCHED)
        return writer.document, 0
    _write_codes(writer, nodes, segments, attributes, reporter)
    return writer.document, len(segments)


def _quoted_from_whole_documents(
    project: Project, segments: list[ReportSegment], out: Outbound
) -> list[ReportSegment]:
    """Quotes cut from each document after its names were replaced, not before.

    Replaced quote by quote, a span that begins or ends inside a name ("ндр Ковальчук")
    would keep the fragment, which no longer matches the name; cut from the pseudonymised
    document, the span takes in the whole pseudonym instead.
    """
    from sqlalchemy import select

    from models.entities import Document

    wanted = {segment.document_id for segment in segments}
    with project.reading() as session:
        rows = session.execute(select(Document.id, Document.text).where(Document.id.in_(wanted)))
        texts = {row.id: row.text for row in rows}
    rewritten = {document_id: out.document(text) for document_id, text in texts.items()}
    quoted = []
    for segment in segments:
        done = rewritten[segment.document_id]
        start, end = done.start(segment.start), done.end(segment.end)
        quoted.append(dataclasses.replace(segment, text=done.text[start:end]))
    return quoted


def _write_codes(
    writer: ReportWriter,
    nodes: Sequence[queries.CodeNode],
    segments: list[ReportSegment],
    attributes: Sequence[str] | None,
    reporter: Reporter,
) -> None:
    by_code: dict[int, list[ReportSegment]] = {}
    for segment in segments:
        by_code.setdefault(segment.code_id, []).append(segment)
    # A parent heading is kept even when only its subcodes were selected: without it a
    # Heading 2 would sit under the wrong Heading 1 in Word's navigation pane.
    parents = {node.id: node.parent_id for node in nodes}
    shown: set[int] = set()
    for code_id in by_code:
        current: int | None = code_id
        while current is not None and current not in shown:
            shown.add(current)
            current = parents[current]
    done = 0
    for node in nodes:
        if node.id not in shown:
            continue
        writer.heading(node.name, node.depth + 1)
        if node.definition.strip():
            definition = writer.paragraph(keep_with_next=True)
            writer.run(definition, node.definition.strip(), italic=True)
        for segment in by_code.get(node.id, []):
            if done % _REPORT_EVERY == 0:
                check_cancelled(reporter)
                reporter.progress(done, len(segments), "Writing coded segments")
            _write_segment(writer, segment, attributes)
            done += 1
    reporter.progress(done, len(segments), "Writing coded segments")


def _write_segment(
    writer: ReportWriter, segment: ReportSegment, attributes: Sequence[str] | None
) -> None:
    # A span selected by hand often takes in the blank line after a turn, or the space
    # before a word; in print those show as a gap between the quote and its source.
    writer.paragraph(segment.text.strip(), "Quote", keep_with_next=True)
    has_memo = bool(segment.memo.strip())
    source = writer.paragraph(
        source_line(segment, attributes, writer.out), SOURCE_STYLE, keep_with_next=has_memo
    )
    if has_memo:
        source.paragraph_format.space_after = 0
        memo = writer.paragraph(style=SOURCE_STYLE)
        writer.run(memo, "Memo: ", bold=True)
        writer.run(memo, segment.memo.strip())


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
