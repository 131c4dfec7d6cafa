"""Cases from CSV, as Excel and LibreOffice save it in any locale.

German and Russian Excel write ``;`` (the comma is their decimal mark), others ``,`` or tab;
the delimiter is found by which one splits the first rows into equally many fields.
"""

from __future__ import annotations

import csv
import io

from .case_table import CaseTable, build_case_table
from .errors import ImportFormatError
from .limits import DEFAULT_MAX_TEXT_BYTES
from .text import decode_text

DELIMITERS = (",", ";", "\t")
_SNIFF_CHARS = 64 * 1024
_EXCEL_SEPARATOR_HINT = "sep="


def parse_case_csv(
    data: bytes,
    *,
    filename: str,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_TEXT_BYTES,
) -> CaseTable:
    text = decode_text(data, filename=filename, encoding=encoding, max_bytes=max_bytes).text
    first_line, _, rest = text.partition("\n")
    hinted = first_line.strip().lower()
    if hinted.startswith(_EXCEL_SEPARATOR_HINT) and len(hinted) == len(_EXCEL_SEPARATOR_HINT) + 1:
        delimiter = first_line.strip()[-1]
        text = rest
    else:
        delimiter = sniff_delimiter(text)
    rows = _read_rows(text, delimiter, filename=filename)
    header_index = next((i for i, (_, cells) in enumerate(rows) if any(cells)), None)
    if header_index is None:
        raise ImportFormatError(filename, "contains no rows")
    header = list(rows[header_index][1])
    while len(header) > 1 and not header[-1]:
        header.pop()  # trailing separators after the last named column
    width = len(header)
    body: list[tuple[int, list[str]]] = []
    for number, cells in rows[header_index + 1 :]:
        if len(cells) > width and not any(cells[width:]):
            cells = cells[:width]  # trailing empty fields left by a deleted column
        if any(cells) and len(cells) != width:
            raise ImportFormatError(
                filename,
                f"has {len(cells)} values in row {number} but {width} columns in the header "
                f"row (separator {_describe(delimiter)})",
                row=number,
            )
        body.append((number, cells))
    return build_case_table(header, body, filename=filename, cell_name=_cell_name)


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first rows into the same number (> 1) of fields."""
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best = ","
    best_score = (0.0, 0)
    for delimiter in DELIMITERS:
        try:
            counts = [
                len(row)
                for row in csv.reader(io.StringIO(sample), delimiter=delimiter)
                if any(field.strip() for field in row)
            ]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        consistent = sum(1 for count in counts if count == counts[0]) / len(counts)
        score = (consistent, counts[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_rows(text: str, delimiter: str, *, filename: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, row in enumerate(reader, start=1):
            rows.append((number, [cell.strip() for cell in row]))
    except csv.Error as error:
        raise ImportFormatError(
            filename,
            f"is not valid CSV near line {reader.line_num}: {error}",
            row=len(rows) + 1,
        ) from None
    return rows


def _cell_name(row: int, column: int) -> str:
    return f"row {row}, column {column}"


def _describe(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab"}.get(delimiter, repr(delimiter))
