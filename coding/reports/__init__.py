"""Word reports: coded segments, the codebook, a transcript.

Each export checks its output path before doing any work, builds the document in memory,
and writes it atomically (a hidden file in the same folder, then a rename), so a failed or
cancelled export never leaves a half-written .docx. Each returns how much it wrote.
python-docx is imported only when a report is built, so importing this package is cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from coding.privacy.outbound import Outbound
from coding.project import Project
from coding.reports import atomic
from coding.reports.docx_codebook import codebook_report
from coding.reports.docx_segments import segments_report
from coding.reports.docx_transcript import transcript_report
from coding.reports.docx_writer import Pseudonymiser
from coding.reports.resolve import parse_condition
from coding.reports.selection import (
    ReportSegment,
    SegmentFilter,
    describe_selection,
    select_segments,
)
from models.progress import Reporter, check_cancelled

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

__all__ = [
    "Pseudonymiser",
    "ReportSegment",
    "SegmentFilter",
    "describe_selection",
    "export_codebook",
    "export_segments",
    "export_transcript",
    "parse_condition",
    "select_segments",
]


def export_segments(
    project: Project,
    path: Path | str,
    flt: SegmentFilter | None = None,
    *,
    attributes: Sequence[str] | None = None,
    reporter: Reporter | None = None,
    pseudonymise: Pseudonymiser | None = None,
    out: Outbound | None = None,
) -> int:
    """Coded segments by code; ``attributes`` names the case attributes shown (None: all).

    ``out`` decides names, coders and timestamps (coding.privacy.outbound); without it the
    project's own default applies ("always pseudonymise exports"). ``pseudonymise`` is the
    older way to pass a text -> text function."""
    target = atomic.check_output(path)
    document, count = segments_report(
        project, flt, attributes=attributes, reporter=reporter, pseudonymise=pseudonymise, out=out
    )
    _save(document, target, reporter)
    return count


def export_codebook(
    project: Project,
    path: Path | str,
    *,
    reporter: Reporter | None = None,
    pseudonymise: Pseudonymiser | None = None,
    out: Outbound | None = None,
) -> int:
    target = atomic.check_output(path)
    document, count = codebook_report(
        project, reporter=reporter, pseudonymise=pseudonymise, out=out
    )
    _save(document, target, reporter)
    return count


def export_transcript(
    project: Project,
    path: Path | str,
    *,
    document_id: int,
    reporter: Reporter | None = None,
    pseudonymise: Pseudonymiser | None = None,
    out: Outbound | None = None,
) -> int:
    target = atomic.check_output(path)
    document, count = transcript_report(
        project, document_id=document_id, reporter=reporter, pseudonymise=pseudonymise, out=out
    )
    _save(document, target, reporter)
    return count


def _save(document: DocxDocument, target: Path, reporter: Reporter | None) -> None:
    # The last chance to cancel: after this the file on disk changes.
    if reporter is not None:
        check_cancelled(reporter)
    atomic.save(document, target)
