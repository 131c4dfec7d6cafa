"""Cases from an Excel workbook (.xlsx): the first worksheet, read without evaluating anything.

Formulas: a workbook stores, next to each formula, the result Excel last computed. That
stored result is taken, because a computed column (an age from a birth year) is common in
research spreadsheets and its stored result is no more dangerous than a typed value: it is
only ever read as text, never run. A formula is refused, naming its cell, when there is no
stored result (the file was written by a program that does not calculate, and evaluating the
formula ourselves is exactly what must not happen) or when it pulls data from outside the
workbook (other files, DDE, web services): such a result was not produced by this file and a
workbook built that way is a known attack shape.
"""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from typing import Any

from .case_table import CaseTable, build_case_table
from .case_values import format_decimal
from .errors import ImportFormatError
from .limits import DEFAULT_MAX_ARCHIVE_BYTES, MAX_CASE_COLUMNS, MAX_CASE_ROWS
from .safe_xml import refuse_xml_declarations
from .safe_zip import open_archive, read_member

_KIND = "Excel workbook (.xlsx)"
_EXTERNAL_FORMULA = re.compile(
    r"\[[0-9]+\]|\||https?://|file:|\b(?:WEBSERVICE|FILTERXML|CALL|REGISTER|RTD|DDE|EXEC|IMAGE)\s*\(",
    re.IGNORECASE,
)
_MAX_EMPTY_ROWS = MAX_CASE_ROWS  # a hostile sheet can declare a million empty rows


def parse_case_xlsx(
    data: bytes, *, filename: str, max_bytes: int = DEFAULT_MAX_ARCHIVE_BYTES
) -> CaseTable:
    _check_archive(data, filename=filename, max_bytes=max_bytes)
    formulas, values = _open_workbooks(data, filename=filename)
    try:
        header, body = _read_sheet(formulas, values, filename=filename)
    except ImportFormatError:
        raise
    except Exception as error:  # openpyxl raises many types for damaged sheets
        raise ImportFormatError(
            filename, f"is not a valid {_KIND}: its first sheet cannot be read ({error})"
        ) from None
    finally:
        formulas.close()
        values.close()
    return build_case_table(header, body, filename=filename, cell_name=_cell_name)


def _check_archive(data: bytes, *, filename: str, max_bytes: int) -> None:
    """Zip bomb, zip slip and XML declaration checks on every part before openpyxl reads it."""
    with open_archive(
        data,
        filename=filename,
        kind=_KIND,
        old_format_hint="an .xls file or an encrypted .xlsx",
        max_bytes=max_bytes,
    ) as archive:
        names = archive.namelist()
        if "word/document.xml" in names:
            raise ImportFormatError(filename, f"is a Word document, not an {_KIND}")
        for name in names:
            if name.endswith((".xml", ".rels", ".vml")):
                part = read_member(archive, name, filename=filename) or b""
                refuse_xml_declarations(part, filename=filename, part=name)


def _open_workbooks(data: bytes, *, filename: str) -> tuple[Any, Any]:
    import openpyxl

    try:
        formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for damaged workbooks
        raise ImportFormatError(
            filename, f"is not a valid {_KIND}: the file is damaged ({error})"
        ) from None
    if not formulas.worksheets:
        raise ImportFormatError(filename, "contains no worksheet")
    return formulas, values


def _read_sheet(
    formulas: Any, values: Any, *, filename: str
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    formula_sheet = formulas.worksheets[0]
    value_sheet = values.worksheets[0]
    # The declared dimension comes from the file: ignore it and read the cells that exist.
    formula_sheet.reset_dimensions()
    value_sheet.reset_dimensions()
    header: list[str] | None = None
    body: list[tuple[int, list[str]]] = []
    for number, (formula_row, value_row) in enumerate(
        zip(formula_sheet.iter_rows(), value_sheet.iter_rows(), strict=False), start=1
    ):
        if number > MAX_CASE_ROWS + _MAX_EMPTY_ROWS:
            raise ImportFormatError(filename, f"has more than {MAX_CASE_ROWS} rows")
        cells = _row_text(formula_row, value_row, number, filename=filename)
        if header is None:
            if any(cells):
                header = _trimmed(cells)
            continue
        if len(cells) > len(header):
            extra = next((i for i in range(len(header), len(cells)) if cells[i]), None)
            if extra is not None:
                raise ImportFormatError(
                    filename,
                    f"has a value in {_cell_name(number, extra + 1)} but its column has no "
                    "name in the header row",
                    row=number,
                )
            cells = cells[: len(header)]
        body.append((number, cells))
    if header is None:
        raise ImportFormatError(filename, "has an empty first worksheet")
    return header, body


def _row_text(
    formula_row: tuple[Any, ...], value_row: tuple[Any, ...], number: int, *, filename: str
) -> list[str]:
    if len(formula_row) > MAX_CASE_COLUMNS + 1:
        if any(cell.value is not None for cell in formula_row[MAX_CASE_COLUMNS + 1 :]):
            raise ImportFormatError(
                filename, f"has more than {MAX_CASE_COLUMNS} columns in row {number}", row=number
            )
        formula_row = formula_row[: MAX_CASE_COLUMNS + 1]
    cells: list[str] = []
    for column, formula_cell in enumerate(formula_row, start=1):
        value_cell = value_row[column - 1] if column - 1 < len(value_row) else None
        if formula_cell.data_type == "f":
            cells.append(
                _formula_result(
                    formula_cell,
                    value_cell,
                    _cell_name(number, column),
                    filename=filename,
                    row=number,
                )
            )
        else:
            cells.append(cell_text(formula_cell.value))
    return cells


def _formula_result(
    formula_cell: Any, value_cell: Any, where: str, *, filename: str, row: int
) -> str:
    formula = str(getattr(formula_cell.value, "text", formula_cell.value))
    shown = formula if len(formula) <= 60 else formula[:57] + "..."
    if _EXTERNAL_FORMULA.search(formula):
        raise ImportFormatError(
            filename,
            f"was refused: {where} holds a formula that reads data from outside the workbook "
            f"({shown}); replace it with its value and import again",
            row=row,
        )
    cached = value_cell.value if value_cell is not None else None
    if cached is None or cached == "":
        raise ImportFormatError(
            filename,
            f"has a formula without a stored result in {where} ({shown}); formulas are not "
            "calculated on import: open the file in Excel or LibreOffice and save it, or "
            "replace the formula with its value",
            row=row,
        )
    return cell_text(cached)


def cell_text(value: Any) -> str:
    """A cell's value as the text a researcher would type (numbers plain, dates ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_decimal(Decimal(repr(value)))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value).strip()


def _trimmed(cells: list[str]) -> list[str]:
    while len(cells) > 1 and not cells[-1]:
        cells = cells[:-1]
    return cells


def _cell_name(row: int, column: int) -> str:
    return f"cell {column_letter(column)}{row}"


def column_letter(column: int) -> str:
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
