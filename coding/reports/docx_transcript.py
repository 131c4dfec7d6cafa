"""One transcript as a Word document: its details, then a paragraph per speaker turn."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coding import queries
from coding.privacy.outbound import Outbound
from coding.privacy.outbound import resolve as outbound
from coding.project import Project
from coding.reports.docx_writer import Pseudonymiser, ReportWriter, exported_at
from coding.reports.transcript_turns import turns
from models.entities import DocumentKind, TranscriptStatus
from models.progress import NullReporter, Reporter, check_cancelled
from models.transcript_layout import format_stamp

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

KIND_LABELS = {
    DocumentKind.SEMI_STRUCTURED_INTERVIEW.value: "Semi-structured interview",
    DocumentKind.EXPERT_INTERVIEW.value: "Expert interview",
    DocumentKind.OBSERVATION_NOTES.value: "Observation notes",
    DocumentKind.SOCIAL_MEDIA.value: "Social media",
    DocumentKind.OTHER.value: "Other",
}
LANGUAGES = {
    "az": "Azerbaijani",
    "de": "German",
    "en": "English",
    "ka": "Georgian",
    "kk": "Kazakh",
    "ru": "Russian",
    "uk": "Ukrainian",
}
LABEL_CM = 4.0
_REPORT_EVERY = 50


def transcript_report(
    project: Project,
    *,
    document_id: int,
    reporter: Reporter | None = None,
    pseudonymise: Pseudonymiser | None = None,
    out: Outbound | None = None,
) -> tuple[DocxDocument, int]:
    reporter = reporter or NullReporter()
    out = outbound(project, out, pseudonymise)
    document = queries.get_document(project, document_id)
    writer = ReportWriter(document.title, out)
    details = _details(document) + list(queries.document_values(project, document_id).items())
    if details:
        table = writer.table(len(details), [LABEL_CM, writer.width_cm - LABEL_CM])
        for row, (label, value) in zip(table.rows, details, strict=True):
            cells = row.cells
            writer.cell_text(cells[0], label, bold=True)
            writer.cell_text(cells[1], value)
    writer.note(f"Exported {exported_at()}.", space_before_pt=6)
    paragraphs = turns(document.text, document.segments, document.speakers)
    if not paragraphs:
        writer.paragraph("This document has no text yet.")
    for done, turn in enumerate(paragraphs):
        if done % _REPORT_EVERY == 0:
            check_cancelled(reporter)
            reporter.progress(done, len(paragraphs), "Writing the transcript")
        paragraph = writer.paragraph()
        if turn.speaker:
            writer.run(paragraph, turn.speaker, bold=True)
            writer.run(paragraph, " ")
        if turn.start_ms is not None:
            writer.run(paragraph, format_stamp(turn.start_ms) + " ")
        writer.run(paragraph, turn.text)
    reporter.progress(len(paragraphs), len(paragraphs), "Writing the transcript")
    return writer.document, len(paragraphs)


def _details(document: queries.DocumentDetail) -> list[tuple[str, str]]:
    rows = [
        ("Case", document.case_name or ""),
        ("Date", document.date.isoformat() if document.date else ""),
        ("Interviewer", document.interviewer),
        ("Language", LANGUAGES.get(document.language, document.language)),
        ("Kind", KIND_LABELS.get(document.kind, document.kind)),
    ]
    if document.transcript_status != TranscriptStatus.NONE.value:
        rows.append(("Transcript", document.transcript_status.capitalize()))
    return [(label, value) for label, value in rows if value]
