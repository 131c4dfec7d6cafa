"""Each analysis result as a Table (coding.analysis.tables), ready to export or print."""

from __future__ import annotations

from coding.analysis.cooccurrence import CooccurrenceTable
from coding.analysis.frequencies import Frequencies
from coding.analysis.keywords import GroupKeywords
from coding.analysis.matrix import CodeMatrix
from coding.analysis.search import SearchResult
from coding.analysis.tables import Cell, Table
from models.transcript_layout import format_stamp

_VALUE_NAMES = {
    "segments": "coded segments",
    "cases": "cases with the code",
    "documents": "documents with the code",
    "share": "share of the group's cases with the code",
}


def matrix_table(matrix: CodeMatrix, value: str | None = None) -> Table:
    value = value or matrix.value
    header = ("Code", *(group.label for group in matrix.groups))
    rows = tuple(
        (row.path, *(matrix.cell(row.code_id, at).value(value) for at in range(len(header) - 1)))
        for row in matrix.rows
    )
    note = f"Cells: {_VALUE_NAMES[value]}"
    if matrix.aggregate:
        note += ", subcodes counted in their parents"
    if matrix.coders:
        note += ", coded by " + ", ".join(matrix.coders)
    dimensions = " x ".join(matrix.groups[0].dimensions) if matrix.groups else ""
    return Table(
        title=f"Code matrix by {dimensions}" if dimensions else "Code matrix",
        header=header,
        rows=rows,
        heat_from=1,
        share_columns=frozenset(range(1, len(header))) if value == "share" else frozenset(),
        note=note + ".",
    )


def cooccurrence_table(table: CooccurrenceTable, measure: str = "count") -> Table:
    header = ("Code", *(code.path for code in table.codes))
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (a.path, *(table.measure(measure, a.id, b.id) for b in table.codes)) for a in table.codes
    )
    how = {
        "overlap": "overlapping segments",
        "near": f"segments within {table.distance} characters",
        "turn": "the same speaker turn",
    }[table.mode]
    return Table(
        title="Code co-occurrence",
        header=header,
        rows=rows,
        heat_from=1,
        note=f"Co-occurrence: {how}; cells: {measure}.",
    )


def frequencies_table(frequencies: Frequencies) -> Table:
    codes = frequencies.matrix.rows
    header = ("Group", "All codes", *(row.path for row in codes))
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (
            group.label,
            frequencies.totals[at],
            *(frequencies.matrix.cell(row.code_id, at).segments for row in codes),
        )
        for at, group in enumerate(frequencies.groups)
    )
    return Table(title="Code frequencies", header=header, rows=rows, heat_from=2)


def keywords_table(groups: list[GroupKeywords]) -> Table:
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (entry.group.label, word.lemma, word.count, round(word.per_10k, 2), round(word.keyness, 2))
        for entry in groups
        for word in entry.keywords
    )
    return Table(
        title="Keywords by group",
        header=("Group", "Lemma", "Count", "Per 10,000 words", "Keyness (G2)"),
        rows=rows,
        note="Stop words removed; keyness is the log-likelihood against the other groups.",
    )


def kwic_table(result: SearchResult) -> Table:
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (
            hit.document,
            hit.speaker,
            None if hit.time_ms is None else format_stamp(hit.time_ms),
            hit.left,
            hit.hit,
            hit.right,
            hit.start,
            hit.end,
        )
        for hit in result.hits
    )
    return Table(
        title="Search",
        header=("Document", "Speaker", "Time", "Left", "Hit", "Right", "Start", "End"),
        rows=rows,
        note=f"Search «{result.query}» ({result.mode}, within {result.within}).",
    )
