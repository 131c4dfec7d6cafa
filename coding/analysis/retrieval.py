"""Retrieval: the coded segments that satisfy a code expression, with their provenance.

``Fear AND Police NOT Hope`` with scope ``segment`` returns the segments coded Fear or Police
that overlap a Police (resp. Fear) segment and no Hope segment; with scope ``document`` the
codes need only occur in the same document. Segments of the codes under NOT are never returned.
The context filters (documents, cases, attribute conditions, coders) are those of the Word
report (coding.reports.SegmentFilter), plus the speaker of the turn a segment starts in.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from coding import queries
from coding.analysis import boolean
from coding.errors import InvalidInput
from coding.project import Project
from coding.reports import ReportSegment, SegmentFilter, select_segments
from coding.reports.resolve import code_ids

SCOPES = ("segment", "document")


@dataclass(frozen=True)
class RetrievalQuery:
    codes: str
    scope: str = "segment"
    include_subcodes: bool = True
    documents: Sequence[str | int] = ()
    cases: Sequence[str | int] = ()
    where: Sequence[tuple[str, str]] = ()
    coders: Sequence[str] = ()
    speakers: Sequence[str] = ()

    def __post_init__(self) -> None:
        for name in ("documents", "cases", "where", "coders", "speakers"):
            object.__setattr__(self, name, tuple(getattr(self, name)))


@dataclass(frozen=True)
class Retrieval:
    query: RetrievalQuery
    description: str
    segments: list[ReportSegment] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        return [
            {
                "id": s.coding_id,
                "code": s.code_path,
                "document": s.document_title,
                "case": s.case_name,
                "speaker": s.speaker,
                "time_ms": s.start_ms,
                "coder": s.coder,
                "start": s.start,
                "end": s.end,
                "text": s.text,
            }
            for s in self.segments
        ]


def retrieve(project: Project, query: RetrievalQuery) -> Retrieval:
    if query.scope not in SCOPES:
        raise InvalidInput(f"unknown scope '{query.scope}'; use one of: {', '.join(SCOPES)}")
    tree = boolean.parse(query.codes, join_words=True)
    nodes = queries.codebook(project)
    term_codes = {
        term: code_ids(nodes, [term.text], query.include_subcodes) for term in boolean.terms(tree)
    }
    positive = set().union(*(term_codes[term] for term in boolean.positive_terms(tree)))
    if not positive:
        raise InvalidInput("the expression needs at least one code that is not negated by NOT")
    wanted = set().union(*term_codes.values())
    segments = select_segments(
        project,
        SegmentFilter(
            codes=sorted(wanted),
            include_subcodes=False,
            documents=query.documents,
            cases=query.cases,
            where=query.where,
            coders=query.coders,
        ),
    )
    by_document: dict[int, list[ReportSegment]] = {}
    for segment in segments:
        by_document.setdefault(segment.document_id, []).append(segment)
    neighbours = {doc: _Overlaps(items) for doc, items in by_document.items()}
    speakers = {name.casefold() for name in query.speakers}
    chosen = []
    for segment in segments:
        if segment.code_id not in positive:
            continue
        if speakers and (segment.speaker or "").casefold() not in speakers:
            continue
        if query.scope == "document":
            present = {item.code_id for item in by_document[segment.document_id]}
        else:
            present = neighbours[segment.document_id].codes_over(segment.start, segment.end)

        def units_with(term: boolean.Term, present: set[int] = present) -> set[int]:
            return {0} if term_codes[term] & present else set()

        if boolean.evaluate(tree, units_with, {0}):
            chosen.append(segment)
    return Retrieval(query=query, description=describe(query, tree), segments=chosen)


class _Overlaps:
    """The codes of a document's segments that overlap a span."""

    def __init__(self, segments: list[ReportSegment]) -> None:
        self.segments = sorted(segments, key=lambda item: item.start)
        self.starts = [item.start for item in self.segments]
        self.longest = max((item.end - item.start for item in self.segments), default=0)

    def codes_over(self, start: int, end: int) -> set[int]:
        first = bisect.bisect_left(self.starts, start - self.longest)
        last = bisect.bisect_left(self.starts, end)
        return {item.code_id for item in self.segments[first:last] if item.end > start}


def describe(query: RetrievalQuery, tree: boolean.Node | None = None) -> str:
    tree = tree or boolean.parse(query.codes, join_words=True)
    text = boolean.describe(tree)
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    parts = [f"codes {text} within the same {query.scope}"]
    if not query.include_subcodes:
        parts.append("without subcodes")
    if query.documents:
        parts.append("documents " + ", ".join(str(item) for item in query.documents))
    if query.cases:
        parts.append("cases " + ", ".join(str(item) for item in query.cases))
    if query.where:
        parts.append(" and ".join(f"{name} = {value}" for name, value in query.where))
    if query.coders:
        parts.append("coded by " + ", ".join(query.coders))
    if query.speakers:
        parts.append("spoken by " + ", ".join(query.speakers))
    return "; ".join(parts)
