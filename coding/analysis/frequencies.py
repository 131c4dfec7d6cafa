"""How often codes were applied, per document, case, group or coder: the figures behind the
bar charts. Built on the code matrix, so both always agree."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from coding.analysis.dataset import load_dataset
from coding.analysis.groups import Group, group_by
from coding.analysis.matrix import CodeMatrix, build_matrix
from coding.project import Project


@dataclass(frozen=True)
class Frequencies:
    matrix: CodeMatrix
    # Coded segments per group over every code counted (each coding once).
    totals: tuple[int, ...]

    @property
    def groups(self) -> tuple[Group, ...]:
        return self.matrix.groups

    @property
    def labels(self) -> list[str]:
        return [group.label for group in self.matrix.groups]

    def series(self, code_id: int | None = None) -> list[int]:
        """Segments per group: of one code, or of all of them (``None``)."""
        if code_id is None:
            return list(self.totals)
        return [self.matrix.cell(code_id, at).segments for at in range(len(self.groups))]

    def tidy(self) -> list[dict[str, Any]]:
        return [
            {"group": group.as_dict(), "segments": total}
            for group, total in zip(self.groups, self.totals, strict=True)
        ]


def frequencies(
    project: Project,
    *,
    by: Sequence[str] = ("document",),
    coders: Sequence[str] = (),
    code_ids: Collection[int] | None = None,
    aggregate: bool = False,
) -> Frequencies:
    dataset = load_dataset(project, coders=coders)
    grouping = group_by(dataset, by)
    matrix = build_matrix(
        dataset, grouping, aggregate=aggregate, code_ids=code_ids, coders=tuple(coders)
    )
    counted = set(code_ids) if code_ids is not None else None
    if counted is not None and aggregate:
        counted = {code for chosen in counted for code in dataset.descendants(chosen)}
    totals = [0] * len(grouping.groups)
    groups = grouping.groups_of(dataset.codings)
    for code_id, group in zip(dataset.codings.codes, groups, strict=True):
        if group is not None and (counted is None or code_id in counted):
            totals[group] += 1
    return Frequencies(matrix=matrix, totals=tuple(totals))
