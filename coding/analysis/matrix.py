"""The code matrix: codes down, groups across (MAXQDA's Code Matrix Browser, NVivo's matrix
coding query, ATLAS.ti's code-document table).

Each cell counts the coded segments of a code in a group, the cases and documents that have
it, and the share of the group's cases that have it (of its documents when the group has no
cases), so that groups of different size compare. Every cell keeps its coding ids: a figure
in a table can always be traced to its passages.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from coding.analysis.dataset import Dataset, load_dataset
from coding.analysis.groups import Group, Grouping, group_by
from coding.errors import InvalidInput
from coding.project import Project

VALUES = ("segments", "cases", "documents", "share")


@dataclass(frozen=True)
class MatrixRow:
    code_id: int
    name: str
    path: str
    depth: int
    color: str


@dataclass(frozen=True)
class MatrixCell:
    segments: int
    cases: int
    documents: int
    # None when the group has neither cases nor documents (cannot happen for a listed group).
    share: float | None
    coding_ids: tuple[int, ...]

    def value(self, name: str) -> float | int | None:
        if name == "share":
            return self.share
        return int(getattr(self, name))


_EMPTY = MatrixCell(0, 0, 0, 0.0, ())


@dataclass(frozen=True)
class CodeMatrix:
    rows: tuple[MatrixRow, ...]
    groups: tuple[Group, ...]
    cells: dict[tuple[int, int], MatrixCell]
    value: str
    aggregate: bool
    coders: tuple[str, ...]

    def cell(self, code_id: int, group: int) -> MatrixCell:
        return self.cells.get((code_id, group), _share_zero(self.groups[group]))

    def values(self) -> list[list[float | int | None]]:
        """The table of the chosen value, rows by groups."""
        return [
            [self.cell(row.code_id, at).value(self.value) for at in range(len(self.groups))]
            for row in self.rows
        ]

    def tidy(self) -> list[dict[str, Any]]:
        """One record per code and group, as ``matrix --json`` prints them."""
        names = [row.name for row in self.rows]
        ambiguous = {name for name in names if names.count(name) > 1}
        records = []
        for row in self.rows:
            for at, group in enumerate(self.groups):
                cell = self.cell(row.code_id, at)
                records.append(
                    {
                        "code": row.path if row.name in ambiguous else row.name,
                        "group": group.as_dict(),
                        "segments": cell.segments,
                        "cases": cell.cases,
                        "documents": cell.documents,
                        "share": None if cell.share is None else round(cell.share, 2),
                    }
                )
        return records


def _share_zero(group: Group) -> MatrixCell:
    return _EMPTY if group.case_ids or group.document_ids else MatrixCell(0, 0, 0, None, ())


def code_matrix(
    project: Project,
    *,
    by: Sequence[str],
    value: str = "segments",
    coders: Sequence[str] = (),
    aggregate: bool = False,
    code_ids: Collection[int] | None = None,
    document_ids: Collection[int] | None = None,
) -> CodeMatrix:
    """Codes (all, or ``code_ids``) by the groups of ``by``; ``aggregate`` adds subcodes'
    codings into their parents' rows."""
    if value not in VALUES:
        raise InvalidInput(f"unknown cell value '{value}'; use one of: {', '.join(VALUES)}")
    dataset = load_dataset(project, coders=coders, document_ids=document_ids)
    grouping = group_by(dataset, by)
    return build_matrix(
        dataset, grouping, value=value, aggregate=aggregate, code_ids=code_ids, coders=tuple(coders)
    )


def build_matrix(
    dataset: Dataset,
    grouping: Grouping,
    *,
    value: str = "segments",
    aggregate: bool = False,
    code_ids: Collection[int] | None = None,
    coders: tuple[str, ...] = (),
) -> CodeMatrix:
    rows = tuple(
        MatrixRow(node.id, node.name, node.path, node.depth, node.color)
        for node in dataset.codes
        if code_ids is None or node.id in code_ids
    )
    shown = {row.code_id for row in rows}
    chains = dataset.ancestors() if aggregate else {code: (code,) for code in shown}
    codings = dataset.codings
    # Positions of the codings in each cell; the figures are worked out per cell afterwards.
    members_of: dict[tuple[int, int], list[int]] = {}
    for at, (code_id, group) in enumerate(
        zip(codings.codes, grouping.groups_of(codings), strict=True)
    ):
        if group is None:
            continue
        for target in chains.get(code_id, ()):
            if target in shown:
                members_of.setdefault((target, group), []).append(at)
    case_of = {key: info.case_id for key, info in dataset.documents.items()}
    ids, in_documents = codings.ids, codings.documents
    cells = {}
    for key, positions in members_of.items():
        members = grouping.groups[key[1]]
        coding_ids = [ids[at] for at in positions]
        documents = {in_documents[at] for at in positions}
        with_cases = len({case_of[doc] for doc in documents} - {None})
        with_documents = len(documents)
        if members.case_ids:
            share: float | None = with_cases / len(members.case_ids)
        elif members.document_ids:
            share = with_documents / len(members.document_ids)
        else:
            share = None
        cells[key] = MatrixCell(
            segments=len(coding_ids),
            cases=with_cases,
            documents=with_documents,
            share=share,
            coding_ids=tuple(coding_ids),
        )
    return CodeMatrix(
        rows=rows,
        groups=grouping.groups,
        cells=cells,
        value=value,
        aggregate=aggregate,
        coders=coders,
    )
