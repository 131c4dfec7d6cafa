"""The agreement table and its disagreements as a Word document or an Excel workbook.

Word uses its own styles (Title, Heading 1, Table Grid) through coding.reports' writer, so a
researcher can restyle the report; both files are written beside their target and renamed into
place, so a failed export never leaves half a file. An undefined figure is written as a dash
and explained in a note, never as a number.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coding.errors import InvalidInput
from coding.privacy.outbound import Outbound
from coding.spreadsheet_safety import neutralise_workbook
from coding.team.agreement import AgreementReport, Figures

HEADERS = ("Units", "Percent agreement", "Kappa", "Krippendorff's alpha")
DISAGREEMENT_HEADERS = ("Document", "Code", "Start", "End", "Coded by", "Not coded by", "Text")
UNDEFINED_NOTE = (
    "A dash marks a figure that is undefined: no unit was coded by two coders, or every "
    "decision fell into one category, so chance agreement is already complete and kappa and "
    "alpha would be 0/0."
)
UNIT_NAMES = {
    "char": "characters",
    "turn": "speaker turns",
    "paragraph": "paragraphs",
    "sentence": "sentences",
}


def for_export(report: AgreementReport, out: Outbound | None) -> AgreementReport:
    """The report as it may leave the project: coders by their exported names, every other
    string (codes, documents, quotes) through ``out``."""
    if out is None:
        return report

    def coders(names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(out.coder(name) for name in names)

    renamed = dataclasses.replace(
        report,
        coders=coders(report.coders),
        disagreements=tuple(
            dataclasses.replace(
                item, coded_by=coders(item.coded_by), not_coded_by=coders(item.not_coded_by)
            )
            for item in report.disagreements
        ),
    )
    return out.value(renamed)


def describe(report: AgreementReport) -> str:
    unit = UNIT_NAMES.get(report.unit, report.unit)
    text = f"Coders: {', '.join(report.coders)}. Unit: {unit}"
    if report.unit != "char":
        text += f" (coded when codings cover at least {report.min_share:.0%} of the unit)"
    return f"{text}. Kappa: {report.kappa}."


def number(value: float | None, *, percent: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:.1%}" if percent else f"{value:.3f}"


def figure_cells(figures: Figures, unit: str) -> list[str]:
    units = f"{figures.units:,.0f}" if unit == "char" else f"{figures.units:g}"
    return [
        units,
        number(figures.percent_agreement, percent=True),
        number(figures.cohen_kappa),
        number(figures.krippendorff_alpha),
    ]


def export_docx(
    report: AgreementReport,
    path: Path | str,
    *,
    max_disagreements: int = 500,
    pseudonymise: Callable[[str], str] | None = None,
    out: Outbound | None = None,
) -> Path:
    """Word report; every piece of text (quotes, titles, coders) leaves through ``out``;
    ``pseudonymise`` is the older way to rewrite the text."""
    from coding.reports.atomic import check_output, save
    from coding.reports.docx_writer import ReportWriter, exported_at

    target = check_output(path)
    report = for_export(report, out)
    writer = ReportWriter("Intercoder agreement", pseudonymise)
    writer.paragraph(describe(report))
    writer.note(f"Exported {exported_at()} from Transcoda.")
    sections: list[tuple[str, list[tuple[str, Figures]]]] = [
        ("Overall", [("All codes and documents", report.overall)]),
        ("Per code", [(c.code, c.figures) for c in report.codes]),
        ("Per document", [(d.document, d.figures) for d in report.documents]),
    ]
    for heading, rows in sections:
        writer.heading(heading, 1)
        table = writer.table(len(rows) + 1, [5.0, 2.2, 2.8, 2.0, 2.0])
        for column, header in enumerate(("", *HEADERS)):
            writer.cell_text(table.rows[0].cells[column], header, bold=True)
        for row_number, (label, figures) in enumerate(rows, start=1):
            cells = table.rows[row_number].cells
            for column, value in enumerate([label, *figure_cells(figures, report.unit)]):
                writer.cell_text(cells[column], value)
    writer.note(UNDEFINED_NOTE, space_before_pt=6)
    if report.skipped_documents:
        writer.note(
            "Not compared (coded by fewer than two of the coders): "
            + ", ".join(report.skipped_documents)
        )
    writer.heading("Disagreements", 1)
    shown = report.disagreements[:max_disagreements]
    if not shown:
        writer.paragraph("The coders agree on every unit.")
    for item in shown:
        writer.paragraph(item.text.strip() or item.text, "Quote")
        writer.note(
            f"{item.document}, {item.start}-{item.end} · {item.code} · coded by "
            f"{', '.join(item.coded_by)}; not by {', '.join(item.not_coded_by)}"
        )
    if len(report.disagreements) > len(shown):
        writer.note(
            f"{len(report.disagreements) - len(shown)} more disagreements are in the Excel export."
        )
    save(writer.document, target)
    return target


def export_xlsx(
    report: AgreementReport,
    path: Path | str,
    *,
    pseudonymise: Callable[[str], str] | None = None,
    out: Outbound | None = None,
) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    def clean(value: str) -> str:
        # Control characters from imported text make openpyxl refuse the whole workbook.
        value = pseudonymise(value) if pseudonymise is not None else value
        return str(ILLEGAL_CHARACTERS_RE.sub("", value))

    report = for_export(report, out)
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise InvalidInput(f"an Excel workbook is a .xlsx file; '{target.name}' is not")
    if not target.parent.is_dir():
        raise InvalidInput(f"cannot write {target.name}: the folder {target.parent} does not exist")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Agreement"
    sheet.append([describe(report)])
    sheet.append([])
    header = ["Scope", "Name", *HEADERS]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)

    def add(scope: str, name: str, figures: Figures) -> None:
        units: Any = figures.units
        sheet.append(
            [
                scope,
                name,
                units,
                figures.percent_agreement,
                figures.cohen_kappa,
                figures.krippendorff_alpha,
            ]
        )
        sheet.cell(sheet.max_row, 4).number_format = "0.0%"

    add("overall", "All codes and documents", report.overall)
    for code in report.codes:
        add("code", clean(code.code), code.figures)
    for document in report.documents:
        add("document", clean(document.document), document.figures)
    sheet.append([])
    sheet.append([UNDEFINED_NOTE.replace("A dash marks", "An empty cell marks")])
    sheet.column_dimensions["B"].width = 40
    details = book.create_sheet("Disagreements")
    details.append(list(DISAGREEMENT_HEADERS))
    for cell in details[1]:
        cell.font = Font(bold=True)
    for item in report.disagreements:
        details.append(
            [
                clean(item.document),
                clean(item.code),
                item.start,
                item.end,
                ", ".join(item.coded_by),
                ", ".join(item.not_coded_by),
                clean(item.text),
            ]
        )
    details.column_dimensions["G"].width = 80
    # Quotes and code names can start with "=": text, never formulas (CSV injection).
    neutralise_workbook(book)
    handle, name = tempfile.mkstemp(
        prefix=f".{target.stem}-", suffix=".xlsx.part", dir=target.parent
    )
    os.close(handle)
    try:
        book.save(name)
        os.replace(name, target)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return target
