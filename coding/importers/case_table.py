"""Cases with attributes, read from a table: one row per case, the first column its name.

``build_case_table`` receives cells already read by the CSV or XLSX reader, checks the shape
(header, names, duplicates), infers a type per attribute column and normalises the values.
The raw cells are kept so that a user's type override re-reads them, not the normalised form
("007" must come back as "007" when a column inferred as text is kept as text).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from .case_values import (
    COLUMN_TYPES,
    ColumnType,
    canonical_date,
    canonical_number,
    canonical_value,
    choices_of,
    infer_type,
)
from .errors import ImportFormatError
from .limits import MAX_CASE_COLUMNS, MAX_CASE_ROWS

_TYPES_BY_NAME: dict[str, ColumnType] = {name: name for name in COLUMN_TYPES}

CellName = Callable[[int, int], str]
"""(row, column), both from 1 as the user sees them -> "cell C4" or "row 4, column 3"."""


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    type: ColumnType
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class CaseRow:
    """A case and its attribute values in canonical form; empty cells are left out."""

    name: str
    values: dict[str, str]


@dataclass(frozen=True)
class _RawRow:
    row: int
    name: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class CaseTable:
    columns: tuple[ColumnSpec, ...]
    rows: tuple[CaseRow, ...]
    filename: str = field(default="", compare=False)
    _raw: tuple[_RawRow, ...] = field(default=(), compare=False, repr=False)
    _cell_name: CellName | None = field(default=None, compare=False, repr=False)

    def column(self, name: str) -> ColumnSpec:
        for spec in self.columns:
            if spec.name == name:
                return spec
        raise ImportFormatError(
            self.filename,
            f"has no column named {name!r} (its columns: "
            f"{', '.join(repr(spec.name) for spec in self.columns)})",
        )

    def with_types(self, types: Mapping[str, str]) -> CaseTable:
        """The same table with some columns' types chosen by the user.

        A value that does not fit the chosen type is an error naming its cell; "choice"
        takes every distinct value as a choice, however many there are.
        """
        chosen: dict[int, ColumnType] = {}
        for name, type_name in types.items():
            index = self.columns.index(self.column(name))
            column_type = _TYPES_BY_NAME.get(type_name)
            if column_type is None:
                raise ImportFormatError(
                    self.filename,
                    f"cannot give column {name!r} the type {type_name!r}: "
                    f"the types are {', '.join(COLUMN_TYPES)}",
                )
            chosen[index] = column_type
        columns = list(self.columns)
        for index, column_type in chosen.items():
            columns[index] = _column_spec(
                self, index, self.columns[index].name, column_type, check=True
            )
        return replace(self, columns=tuple(columns), rows=_rows(self._raw, tuple(columns)))


def build_case_table(
    header: list[str],
    body: list[tuple[int, list[str]]],
    *,
    filename: str,
    cell_name: CellName,
) -> CaseTable:
    """``header`` and ``body`` cells are stripped strings; ``body`` pairs rows with numbers."""
    names = _column_names(header, filename=filename, cell_name=cell_name)
    raw = _raw_rows(body, width=len(names) + 1, filename=filename, cell_name=cell_name)
    table = CaseTable(columns=(), rows=(), filename=filename, _raw=raw, _cell_name=cell_name)
    columns = tuple(
        _column_spec(table, index, name, infer_type([row.cells[index] for row in raw]), check=False)
        for index, name in enumerate(names)
    )
    return replace(table, columns=columns, rows=_rows(raw, columns))


def _column_names(header: list[str], *, filename: str, cell_name: CellName) -> list[str]:
    if not any(header):
        raise ImportFormatError(filename, "has no header row naming the attributes")
    if len(header) - 1 > MAX_CASE_COLUMNS:
        raise ImportFormatError(
            filename, f"has {len(header) - 1} attribute columns; the limit is {MAX_CASE_COLUMNS}"
        )
    names = header[1:]
    seen: dict[str, int] = {}
    for index, name in enumerate(names, start=2):
        if not name:
            raise ImportFormatError(
                filename,
                f"has a column without a name in the header row ({cell_name(1, index)})",
                row=1,
            )
        key = name.casefold()
        if key in seen:
            raise ImportFormatError(
                filename,
                f"names the column {name!r} twice in the header row "
                f"({cell_name(1, seen[key])} and {cell_name(1, index)})",
                row=1,
                column=name,
            )
        seen[key] = index
    if names and all(
        canonical_number(name) is not None or canonical_date(name) is not None for name in names
    ):
        raise ImportFormatError(
            filename,
            "has no header row: its first row should name the attributes (age, gender, ...) "
            f"but holds values such as {names[0]!r}",
            row=1,
        )
    return names


def _raw_rows(
    body: list[tuple[int, list[str]]], *, width: int, filename: str, cell_name: CellName
) -> tuple[_RawRow, ...]:
    rows: list[_RawRow] = []
    seen: dict[str, int] = {}
    for number, cells in body:
        if not any(cells):
            continue
        if len(rows) >= MAX_CASE_ROWS:
            raise ImportFormatError(filename, f"has more than {MAX_CASE_ROWS} cases")
        name = cells[0]
        if not name:
            raise ImportFormatError(
                filename,
                f"has a row without a case name ({cell_name(number, 1)} is empty but the row "
                "has values)",
                row=number,
            )
        key = name.casefold()
        if key in seen:
            raise ImportFormatError(
                filename,
                f"lists the case {name!r} twice (rows {seen[key]} and {number})",
                row=number,
            )
        seen[key] = number
        padded = (cells + [""] * width)[:width]
        rows.append(_RawRow(row=number, name=name, cells=tuple(padded[1:])))
    if not rows:
        raise ImportFormatError(filename, "has a header row but no cases below it")
    return tuple(rows)


def _column_spec(
    table: CaseTable, index: int, name: str, column_type: ColumnType, *, check: bool
) -> ColumnSpec:
    values = [row.cells[index] for row in table._raw]
    if check:
        for row in table._raw:
            value = row.cells[index]
            if value and canonical_value(value, column_type) is None:
                where = table._cell_name(row.row, index + 2) if table._cell_name else ""
                raise ImportFormatError(
                    table.filename,
                    f"cannot treat column {name!r} as {column_type}: {where} holds {value!r}",
                    row=row.row,
                    column=name,
                )
    choices = choices_of(values) if column_type == "choice" else ()
    return ColumnSpec(name=name, type=column_type, choices=choices)


def _rows(raw: tuple[_RawRow, ...], columns: tuple[ColumnSpec, ...]) -> tuple[CaseRow, ...]:
    rows: list[CaseRow] = []
    for row in raw:
        values: dict[str, str] = {}
        for spec, value in zip(columns, row.cells, strict=True):
            if value:
                canonical = canonical_value(value, spec.type)
                values[spec.name] = canonical if canonical is not None else value
        rows.append(CaseRow(name=row.name, values=values))
    return tuple(rows)
