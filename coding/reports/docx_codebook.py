"""The codebook as a Word document: one headed section per code, in codebook order.

Each section is a small table whose left edge is a stripe in the code's colour, the way codes
show beside the text while coding, with the code's path and its rules for use beside labels.
Empty rules show as a dash: a codebook handed to a second coder should show its gaps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coding import queries
from coding.privacy.outbound import Outbound
from coding.privacy.outbound import resolve as outbound
from coding.project import Project
from coding.reports.docx_writer import Pseudonymiser, ReportWriter, exported_at, shade
from models.progress import NullReporter, Reporter, check_cancelled

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

EMPTY = "—"
STRIPE_CM = 0.5
LABEL_CM = 4.2


def codebook_report(
    project: Project,
    *,
    reporter: Reporter | None = None,
    pseudonymise: Pseudonymiser | None = None,
    out: Outbound | None = None,
) -> tuple[DocxDocument, int]:
    reporter = reporter or NullReporter()
    out = outbound(project, out, pseudonymise)
    nodes = queries.codebook(project)
    title = queries.project_info(project).title
    writer = ReportWriter(f"Codebook: {title}", out)
    count = f"{len(nodes)} code" + ("" if len(nodes) == 1 else "s")
    writer.note(f"{count}. Exported {exported_at()}.")
    if not nodes:
        writer.paragraph("The codebook has no codes yet.")
    for done, node in enumerate(nodes):
        check_cancelled(reporter)
        reporter.progress(done, len(nodes), "Writing the codebook")
        _write_code(writer, node)
    reporter.progress(len(nodes), len(nodes), "Writing the codebook")
    return writer.document, len(nodes)


def _write_code(writer: ReportWriter, node: queries.CodeNode) -> None:
    writer.heading(node.name, node.depth + 1)
    rows = [
        ("Path", node.path, False),
        ("Colour", node.color, False),
        ("Definition", node.definition, False),
        ("When to use", node.when_to_use, False),
        ("When not to use", node.when_not_to_use, False),
        ("Example", node.example, True),
    ]
    table = writer.table(len(rows), [STRIPE_CM, LABEL_CM, writer.width_cm - STRIPE_CM - LABEL_CM])
    for row, (label, value, italic) in zip(table.rows, rows, strict=True):
        cells = row.cells
        writer.cell_text(cells[1], label, bold=True)
        text = value.strip()
        writer.cell_text(cells[2], text or EMPTY, italic=italic and bool(text))
    stripe = table.cell(0, 0).merge(table.cell(len(rows) - 1, 0))
    shade(stripe, node.color)
    # A little air before the next code's heading, which Word would otherwise glue on.
    writer.paragraph()
