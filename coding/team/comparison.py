"""Two coders' codings of one document side by side, aligned passage by passage.

The text is cut at every start and end of either coder's codings; each piece that either coder
coded becomes a row with the codes each of them applied there, and neighbouring pieces with the
same codes on both sides join. A row agrees when both applied the same codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from sqlalchemy import select

from coding import lookup
from coding.errors import InvalidInput
from coding.project import Project
from models.entities import Code, Coder, Coding


@dataclass(frozen=True)
class ComparedSpan:
    start: int
    end: int
    text: str
    first: tuple[str, ...]  # codes the first coder applied to this passage
    second: tuple[str, ...]

    @property
    def agree(self) -> bool:
        return self.first == self.second


@dataclass(frozen=True)
class Comparison:
    document_id: int
    document: str
    first_coder: str
    second_coder: str
    spans: tuple[ComparedSpan, ...]

    @property
    def agreeing(self) -> int:
        return sum(1 for span in self.spans if span.agree)


def compare_coders(project: Project, *, document_id: int, first: str, second: str) -> Comparison:
    if first == second:
        raise InvalidInput("choose two different coders to compare")
    with project.reading() as session:
        document = lookup.document(session, document_id)
        rows = session.execute(
            select(Coder.name, Code.name, Coding.start, Coding.end)
            .join(Coder, Coder.id == Coding.coder_id)
            .join(Code, Code.id == Coding.code_id)
            .where(Coding.document_id == document_id, Coder.name.in_([first, second]))
        ).all()
        text, title = document.text, document.title
    edges = sorted({0, len(text), *(r[2] for r in rows), *(r[3] for r in rows)})
    spans: list[ComparedSpan] = []
    for start, end in pairwise(edges):
        sides: dict[str, set[str]] = {first: set(), second: set()}
        for coder, code, coding_start, coding_end in rows:
            if coding_start <= start and end <= coding_end:
                sides[coder].add(code)
        if not sides[first] and not sides[second]:
            continue
        mine, theirs = tuple(sorted(sides[first])), tuple(sorted(sides[second]))
        last = spans[-1] if spans else None
        if last is not None and last.end == start and (last.first, last.second) == (mine, theirs):
            spans[-1] = ComparedSpan(last.start, end, text[last.start : end], mine, theirs)
        else:
            spans.append(ComparedSpan(start, end, text[start:end], mine, theirs))
    return Comparison(document_id, title, first, second, tuple(spans))
