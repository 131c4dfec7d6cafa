"""An analysis table as a Word document: Word's Table Grid style, heatmap shading, A4 landscape
when the table is wide, in the same writer as the other reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coding.analysis.tables import Table, heat, highest
from coding.reports.docx_writer import ReportWriter, exported_at, shade

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

FIRST_COLUMN_CM = 5.0
LANDSCAPE_FROM = 7


def docx_document(table: Table) -> DocxDocument:
    # The table has been through the export's Outbound already (tables.export_table).
    writer = ReportWriter(table.title)
    if len(table.header) >= LANDSCAPE_FROM:
        from docx.enum.section import WD_ORIENT

        section = writer.document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    writer.note((table.note + " " if table.note else "") + f"Exported {exported_at()}.")
    others = max(len(table.header) - 1, 1)
    first = min(FIRST_COLUMN_CM, writer.width_cm / 2)
    widths = [first] + [(writer.width_cm - first) / others] * (len(table.header) - 1)
    grid = writer.table(len(table.rows) + 1, widths)
    for column, name in enumerate(table.header):
        writer.cell_text(grid.rows[0].cells[column], name, bold=True)
    top = highest(table)
    for row_at, row in enumerate(table.rows, start=1):
        cells = grid.rows[row_at].cells
        for column, value in enumerate(row):
            writer.cell_text(cells[column], _text(value, column in table.share_columns))
            if table.heat_from is not None and column >= table.heat_from:
                color = heat(value, top)
                if color is not None:
                    shade(cells[column], color)
    return writer.document


def _text(value: object, share: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.0%}" if share else f"{value:.2f}"
    return str(value)
