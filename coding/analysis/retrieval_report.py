"""Retrieved segments as a Word report, in the coded-segments report's layout.

The segments report selects by SegmentFilter, which cannot express a code expression, so this
writes the already retrieved segments with the same pieces (ReportWriter, source lines,
atomic save): a retrieval and a report of it read alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from coding import queries
from coding.analysis.retrieval import Retrieval
from coding.privacy.outbound import Outbound
from coding.privacy.outbound import resolve as outbound
from coding.project import Project
from coding.reports import atomic
from coding.reports.docx_segments import NOTHING_MATCHED, source_line
from coding.reports.docx_writer import SOURCE_STYLE, Pseudonymiser, ReportWriter, exported_at
from coding.reports.resolve import attribute_names
from models.progress import NullReporter, Reporter, check_cancelled

_REPORT_EVERY = 50


def export_retrieval(
    project: Project,
    path: Path | str,
    retrieval: Retrieval,
    *,
    attributes: Sequence[str] | None = None,
    reporter: Reporter | None = None,
    pseudonymise: Pseudonymiser | None = None,
    out: Outbound | None = None,
) -> int:
    """Write the segments of ``retrieval`` grouped by code; returns how many were written.
    Text leaves through ``out`` (default: the project's setting)."""
    target = atomic.check_output(path)
    out = outbound(project, out, pseudonymise)
    reporter = reporter or NullReporter()
    if attributes is not None:
        with project.reading() as s:
            attributes = attribute_names(s, attributes)
    title = queries.project_info(project).title
    writer = ReportWriter(f"Retrieved segments: {title}", out)
    segments = retrieval.segments
    documents = len({segment.document_id for segment in segments})
    writer.note(
        f"Retrieval: {retrieval.description}. {len(segments)} segment(s) from "
        f"{documents} document(s). Exported {exported_at()}."
    )
    if not segments:
        writer.paragraph(NOTHING_MATCHED)
    nodes = queries.codebook(project)
    parents = {node.id: node.parent_id for node in nodes}
    by_code: dict[int, list[int]] = {}
    for at, segment in enumerate(segments):
        by_code.setdefault(segment.code_id, []).append(at)
    shown: set[int] = set()
    for code_id in by_code:
        current: int | None = code_id
        while current is not None and current not in shown:
            shown.add(current)
            current = parents.get(current)
    done = 0
    for node in nodes:
        if node.id not in shown:
            continue
        writer.heading(node.name, node.depth + 1)
        for at in by_code.get(node.id, []):
            if done % _REPORT_EVERY == 0:
                check_cancelled(reporter)
                reporter.progress(done, len(segments), "Writing retrieved segments")
            segment = segments[at]
            quote = writer.paragraph(segment.text, "Quote")
            quote.paragraph_format.keep_with_next = True
            source = writer.paragraph(source_line(segment, attributes, out), SOURCE_STYLE)
            if segment.memo.strip():
                source.paragraph_format.keep_with_next = True
                memo = writer.paragraph(style=SOURCE_STYLE)
                writer.run(memo, "Memo: ", bold=True)
                writer.run(memo, segment.memo.strip())
            done += 1
    check_cancelled(reporter)
    atomic.save(writer.document, target)
    reporter.progress(done, len(segments), "Writing retrieved segments")
    return done
