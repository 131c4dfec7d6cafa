"""Codebooks as CSV files (one row per code, its place in the tree as a ``/`` path)."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding import queries
from coding.changes import Changes
from coding.codebook import COLOR_PATTERN, create_code_in
from coding.errors import InvalidInput
from coding.operations import operation
from coding.project import Project
from coding.spreadsheet_safety import csv_cell, restore
from models.entities import Code

if TYPE_CHECKING:
    from coding.privacy.outbound import Outbound

COLUMNS = ("path", "color", "definition", "when_to_use", "when_not_to_use", "example")
STARTER = "starter"


@dataclass(frozen=True)
class CodebookRow:
    path: str
    color: str
    definition: str
    when_to_use: str
    when_not_to_use: str
    example: str


def parse_codebook_csv(text: str, *, source: str) -> list[CodebookRow]:
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text))
    try:
        header = [column.strip().lower() for column in next(reader)]
    except StopIteration:
        raise InvalidInput(f"{source} is empty") from None
    except csv.Error as error:
        raise InvalidInput(f"{source} is not a readable CSV file: {error}") from None
    if "path" not in header:
        raise InvalidInput(
            f"{source} has no 'path' column; the header must be: {','.join(COLUMNS)}"
        )
    index = {name: header.index(name) for name in COLUMNS if name in header}
    rows: list[CodebookRow] = []
    seen: set[str] = set()
    try:
        for number, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue

            def cell(name: str, record: list[str] = record) -> str:
                at = index.get(name)
                return restore(record[at]).strip() if at is not None and at < len(record) else ""

            path = "/".join(part.strip() for part in cell("path").split("/"))
            if not path or any(not part for part in path.split("/")):
                raise InvalidInput(f"{source}, row {number}: the code path '{path}' is incomplete")
            if path.lower() in seen:
                raise InvalidInput(f"{source}, row {number}: the code '{path}' appears twice")
            color = cell("color")
            if color and not COLOR_PATTERN.match(color):
                raise InvalidInput(f"{source}, row {number}: '{color}' is not a #RRGGBB colour")
            seen.add(path.lower())
            rows.append(
                CodebookRow(
                    path,
                    color,
                    cell("definition"),
                    cell("when_to_use"),
                    cell("when_not_to_use"),
                    cell("example"),
                )
            )
    except csv.Error as error:
        raise InvalidInput(f"{source} is not a readable CSV file: {error}") from None
    if not rows:
        raise InvalidInput(f"{source} lists no codes")
    return rows


def starter_rows() -> list[CodebookRow]:
    text = resources.files("resources").joinpath("codebooks", "starter.csv").read_text("utf-8")
    return parse_codebook_csv(text, source="the starter codebook")


def read_codebook_file(path: Path) -> list[CodebookRow]:
    from coding.importers.limits import DEFAULT_MAX_TEXT_BYTES
    from coding.input_files import read_input

    data = read_input(path, limit=DEFAULT_MAX_TEXT_BYTES, what="a codebook")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        from coding.importers.text import decode_text

        text = decode_text(data, filename=path.name).text
    return parse_codebook_csv(text, source=path.name)


def add_rows_in(session: Session, rows: list[CodebookRow]) -> int:
    """Create the codes a codebook lists; codes already there keep their own descriptions."""
    by_path: dict[str, int] = {}
    for code in session.scalars(select(Code)):
        parts = [code.name]
        parent = code.parent
        while parent is not None:
            parts.append(parent.name)
            parent = parent.parent
        by_path["/".join(reversed(parts)).lower()] = code.id
    created = 0
    for row in rows:
        parent_id: int | None = None
        parts = row.path.split("/")
        for depth, name in enumerate(parts):
            key = "/".join(parts[: depth + 1]).lower()
            if key not in by_path:
                leaf = depth == len(parts) - 1
                code = create_code_in(
                    session,
                    name=name,
                    parent_id=parent_id,
                    color=(row.color or None) if leaf else None,
                    definition=row.definition if leaf else "",
                    when_to_use=row.when_to_use if leaf else "",
                    when_not_to_use=row.when_not_to_use if leaf else "",
                    example=row.example if leaf else "",
                )
                by_path[key] = code.id
                created += 1
            parent_id = by_path[key]
    return created


def import_codebook(project: Project, *, source: Path | str) -> Changes:
    """Import a codebook CSV file, or the starter codebook when ``source`` is ``"starter"``."""
    if Path(source).suffix.lower() == ".qdc":
        from coding.refi.qdc import import_qdc

        return import_qdc(project, Path(source))[0]
    if str(source) == STARTER:
        rows, name = starter_rows(), "the starter codebook"
    else:
        rows, name = read_codebook_file(Path(source)), Path(source).name
    with operation(project, f"Import codebook from {name}") as op:
        op.id = add_rows_in(op.session, rows)
    return op.changes


def import_starter(project: Project) -> Changes:
    return import_codebook(project, source=STARTER)


def codebook_csv(project: Project, *, out: Outbound | None = None) -> tuple[str, int]:
    """The codebook as CSV, names in codes, definitions and examples through ``out``."""
    from coding.privacy.outbound import resolve

    gate = resolve(project, out)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    nodes = queries.codebook(project)
    for node in nodes:
        # A definition that starts with "-" or "=" must stay text in a spreadsheet.
        writer.writerow(
            [
                csv_cell(gate.text(value))
                for value in (
                    node.path,
                    node.color,
                    node.definition,
                    node.when_to_use,
                    node.when_not_to_use,
                    node.example,
                )
            ]
        )
    return buffer.getvalue(), len(nodes)


def export_codebook_csv(project: Project, path: Path, *, out: Outbound | None = None) -> int:
    if not path.parent.is_dir():
        raise InvalidInput(f"the folder {path.parent} does not exist")
    text, count = codebook_csv(project, out=out)
    write_atomically(path, text.encode("utf-8"))
    return count


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename, so a failure leaves no half file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
