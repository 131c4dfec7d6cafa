"""Analysis results as plain tables, and those tables as CSV, XLSX and Word files.

Cells come from people's texts and names, so a cell that a spreadsheet would read as a formula
(starting with = + - @, or a tab or carriage return) is neutralised: a leading apostrophe in
CSV, a text cell with Excel's quote prefix in XLSX (CSV injection, OWASP). Files are written
to a hidden temporary file first and renamed, so a failed export leaves nothing half-written.
Every cell, header, title and note leaves through the export's ``Outbound``
(coding.privacy.outbound): names are replaced before a format escapes them.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coding.errors import InvalidInput
from coding.privacy.outbound import Outbound
from coding.spreadsheet_safety import csv_cell

Cell = str | int | float | None
FORMATS = ("csv", "xlsx", "docx")
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
HEAT_COLOR = "E8684A"


@dataclass(frozen=True)
class Table:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    # Columns from this one on hold the figures a heatmap colours (None: no heatmap).
    heat_from: int | None = None
    # Columns that hold shares (0-1), shown as percentages in XLSX.
    share_columns: frozenset[int] = field(default_factory=frozenset)
    note: str = ""


def neutralise(value: str) -> str:
    return "'" + value if value.startswith(_DANGEROUS) else value


def format_for(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise InvalidInput(f"cannot write '{path.name}': use a .csv, .xlsx or .docx file name")
    return suffix


def check_output(path: Path | str) -> Path:
    path = Path(path)
    format_for(path)
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder; give the name of the file to write")
    if not path.parent.is_dir():
        raise InvalidInput(f"cannot write {path.name}: the folder {path.parent} does not exist")
    return path


def export_table(table: Table, path: Path | str, *, out: Outbound | None = None) -> Path:
    """Write ``table`` in the format its file name says, its text through ``out``."""
    target = check_output(path)
    kind = format_for(target)
    table = outbound_table(table, out)
    if kind == "csv":
        _atomic(target, lambda stream: stream.write(csv_text(table).encode("utf-8-sig")))
    elif kind == "xlsx":
        workbook = xlsx_workbook(table)
        _atomic(target, workbook.save)
    else:
        from coding.analysis.table_docx import docx_document

        document = docx_document(table)
        _atomic(target, document.save)
    return target


def outbound_table(table: Table, out: Outbound | None) -> Table:
    """``table`` as it may leave the project: every string in it through ``out``."""
    return table if out is None else out.value(table)


def csv_text(table: Table, *, out: Outbound | None = None) -> str:
    table = outbound_table(table, out)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_cell(name) for name in table.header])
    for row in table.rows:
        writer.writerow(["" if value is None else _csv_cell(value) for value in row])
    return buffer.getvalue()


def _csv_cell(value: Cell) -> Cell:
    if isinstance(value, str):
        # Also turns a bare CR into LF: unquoted, a CR would split the cell (and the rest
        # would be read as a formula); see coding.spreadsheet_safety.
        return csv_cell(value)
    if isinstance(value, float):
        return round(value, 4)
    return value


def xlsx_workbook(table: Table) -> Any:
    from openpyxl import Workbook
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(table.title)
    for column, name in enumerate(table.header, start=1):
        _xlsx_cell(sheet.cell(row=1, column=column), name).font = Font(bold=True)
    for row_at, row in enumerate(table.rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = _xlsx_cell(sheet.cell(row=row_at, column=column), value)
            if column - 1 in table.share_columns and isinstance(value, float):
                cell.number_format = "0%"
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 36
    if table.heat_from is not None and table.rows and len(table.header) > table.heat_from:
        first = get_column_letter(table.heat_from + 1)
        last = get_column_letter(len(table.header))
        area = f"{first}2:{last}{len(table.rows) + 1}"
        sheet.conditional_formatting.add(
            area,
            ColorScaleRule(
                start_type="min", start_color="FFFFFF", end_type="max", end_color=HEAT_COLOR
            ),
        )
    if table.note:
        sheet.cell(row=len(table.rows) + 3, column=1, value=neutralise(table.note))
    return workbook


def _xlsx_cell(cell: Any, value: Cell) -> Any:
    cell.value = value
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        # openpyxl stores a string starting with "=" as a formula unless told otherwise.
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title).strip()
    return (cleaned or "Table")[:31]


def _atomic(target: Path, write: Callable[[Any], Any]) -> None:
    try:
        handle, name = tempfile.mkstemp(
            prefix=f".{target.stem}-", suffix=f"{target.suffix}.part", dir=target.parent
        )
    except OSError as error:
        raise InvalidInput(f"cannot write in {target.parent}: {error.strerror}") from error
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.replace(temporary, target)
        except OSError as error:
            raise InvalidInput(
                f"cannot write {target}: {error.strerror} (is it open in another program?)"
            ) from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def heat(value: Cell, highest: float) -> str | None:
    """The heatmap colour (#RRGGBB) of a figure, white for 0 to HEAT_COLOR for the highest."""
    if not isinstance(value, (int, float)) or highest <= 0 or value <= 0:
        return None
    share = min(float(value) / highest, 1.0)
    red, green, blue = (int(HEAT_COLOR[at : at + 2], 16) for at in (0, 2, 4))
    mixed = (round(255 + (part - 255) * share) for part in (red, green, blue))
    return "#" + "".join(f"{part:02X}" for part in mixed)


def highest(table: Table) -> float:
    if table.heat_from is None:
        return 0.0
    values = [
        float(value)
        for row in table.rows
        for value in row[table.heat_from :]
        if isinstance(value, (int, float))
    ]
    return max(values, default=0.0)
