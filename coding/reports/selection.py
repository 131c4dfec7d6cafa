"""Which coded segments a report shows, with everything needed to cite each one."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from coding import queries
from coding.errors import InvalidInput
from coding.project import Project
from coding.reports import resolve
from models.entities import (
    AttributeDefinition,
    Case,
    CaseValue,
    Coder,
    Coding,
    Document,
    Speaker,
    TranscriptSegment,
)

# SQLite refuses statements with too many bound parameters; older builds allow 999.
_CHUNK = 900


@dataclass(frozen=True)
class SegmentFilter:
    """What to select. Every field left empty means "all"; fields combine with AND.

    ``codes``, ``documents`` and ``cases`` take names (codes also ``Parent/Child`` paths) or
    ids. ``where`` holds case attribute conditions ``(attribute, value)``: several values of
    one attribute are alternatives (OR), different attributes must all hold (AND).
    """

    codes: Sequence[str | int] = ()
    include_subcodes: bool = True
    documents: Sequence[str | int] = ()
    cases: Sequence[str | int] = ()
    where: Sequence[tuple[str, str]] = ()
    coders: Sequence[str] = ()

    def __post_init__(self) -> None:
        # Lists are accepted for convenience; tuples keep the frozen value truly unchanging.
        # A lone name is taken as a list of one, not as a list of its letters.
        for name in ("codes", "documents", "cases", "coders"):
            value = getattr(self, name)
            object.__setattr__(
                self, name, (value,) if isinstance(value, str | int) else tuple(value)
            )
        where = tuple(tuple(condition) for condition in self.where)
        for condition in where:
            if len(condition) != 2 or not all(isinstance(part, str) for part in condition):
                raise InvalidInput(
                    f"{condition!r} is not a condition; give (attribute, value) pairs"
                )
        object.__setattr__(self, "where", where)


@dataclass(frozen=True)
class ReportSegment:
    coding_id: int
    code_id: int
    code_name: str
    code_path: str
    code_depth: int
    code_definition: str
    document_id: int
    document_title: str
    case_id: int | None
    case_name: str | None
    # Every value the case has, in the codebook's attribute order.
    case_values: dict[str, str] = field(default_factory=dict)
    speaker: str | None = None
    start_ms: int | None = None
    coder: str = ""
    text: str = ""
    memo: str = ""
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class _Resolved:
    code_ids: set[int] | None
    document_ids: set[int] | None
    case_ids: set[int] | None
    coders: set[str] | None


def _resolve(s: Session, nodes: Sequence[queries.CodeNode], flt: SegmentFilter) -> _Resolved:
    case_ids: set[int] | None = None
    if flt.cases:
        case_ids = resolve.case_ids(s, flt.cases)
    if flt.where:
        matching = resolve.cases_where(s, flt.where)
        case_ids = matching if case_ids is None else case_ids & matching
    return _Resolved(
        code_ids=resolve.code_ids(nodes, flt.codes, flt.include_subcodes) if flt.codes else None,
        document_ids=resolve.document_ids(s, flt.documents) if flt.documents else None,
        case_ids=case_ids,
        coders=resolve.coder_names(s, flt.coders) if flt.coders else None,
    )


def select_segments(
    project: Project,
    flt: SegmentFilter | None = None,
    *,
    codebook: Sequence[queries.CodeNode] | None = None,
) -> list[ReportSegment]:
    """The coded segments ``flt`` selects, by code in codebook order, then as they are read.

    ``codebook``: a snapshot from ``queries.codebook`` when the caller already has one, so
    that a report's headings and its segments come from the same reading.
    """
    flt = flt or SegmentFilter()
    nodes = queries.codebook(project) if codebook is None else codebook
    with project.reading() as s:
        chosen = _resolve(s, nodes, flt)
        if chosen.case_ids is not None and not chosen.case_ids:
            return []
        rows = _coding_rows(s, chosen)
        turns = _turns(s, rows)
        values = _case_values(s, {row.case_id for row in rows if row.case_id is not None})
    by_code = {node.id: node for node in nodes}
    order = {node.id: index for index, node in enumerate(nodes)}
    # A code made after the snapshot was read (another thread) waits for the next report.
    rows = [row for row in rows if row.code_id in order]
    rows.sort(key=lambda row: order[row.code_id])  # stable: reading order within a code
    segments = []
    for row in rows:
        node = by_code[row.code_id]
        speaker: str | None = None
        start_ms: int | None = None
        if row.segment_id is not None and row.segment_id in turns:
            speaker, start_ms = turns[row.segment_id]
        segments.append(
            ReportSegment(
                coding_id=row.id,
                code_id=node.id,
                code_name=node.name,
                code_path=node.path,
                code_depth=node.depth,
                code_definition=node.definition,
                document_id=row.document_id,
                document_title=row.title,
                case_id=row.case_id,
                case_name=row.case_name,
                case_values=values.get(row.case_id, {}) if row.case_id is not None else {},
                speaker=speaker,
                start_ms=start_ms,
                coder=row.coder,
                text=row.text,
                memo=row.memo,
                start=row.start,
                end=row.end,
            )
        )
    return segments


def describe_selection(
    project: Project,
    flt: SegmentFilter | None = None,
    *,
    codebook: Sequence[queries.CodeNode] | None = None,
) -> str:
    """One line saying what ``flt`` selects, in the project's own names."""
    flt = flt or SegmentFilter()
    nodes = queries.codebook(project) if codebook is None else codebook
    with project.reading() as s:
        chosen = _resolve(s, nodes, flt)
        titles = dict(s.execute(select(Document.id, Document.title)).all())
        names = dict(s.execute(select(Case.id, Case.name)).all())
        asked_cases = resolve.case_ids(s, flt.cases) if flt.cases else set()
    parts: list[str] = []
    if flt.codes and chosen.code_ids is not None:
        asked = resolve.code_ids(nodes, flt.codes, include_subcodes=False)
        listed = ", ".join(node.path for node in nodes if node.id in asked)
        parts.append(f"codes {listed}" + (" with their subcodes" if flt.include_subcodes else ""))
    else:
        parts.append("all codes")
    if chosen.document_ids is not None:
        parts.append("documents " + ", ".join(sorted(titles[i] for i in chosen.document_ids)))
    if asked_cases:
        parts.append("cases " + ", ".join(sorted(names[i] for i in asked_cases)))
    if flt.where:
        parts.append(_describe_conditions(flt.where))
    if chosen.coders is not None:
        parts.append("coded by " + ", ".join(sorted(chosen.coders)))
    return "; ".join(parts)


def _describe_conditions(conditions: Iterable[tuple[str, str]]) -> str:
    grouped: dict[str, list[str]] = {}
    for name, value in conditions:
        grouped.setdefault(name.strip(), []).append(value.strip())
    return " and ".join(f"{name} = {' or '.join(values)}" for name, values in grouped.items())


@dataclass(frozen=True)
class _Row:
    id: int
    code_id: int
    document_id: int
    title: str
    case_id: int | None
    case_name: str | None
    coder: str
    start: int
    end: int
    text: str
    memo: str
    segment_id: int | None


def _coding_rows(s: Session, chosen: _Resolved) -> list[_Row]:
    seg = aliased(TranscriptSegment)
    same_document = seg.document_id == Coding.document_id
    # The transcript segment a quote starts in: the last one starting at or before it, found
    # through the (document, char_start) index; its end says whether the quote starts inside
    # it or in the gap before the next turn (a stamp, a name), where the next segment counts.
    before = select(seg.id).where(same_document, seg.char_start <= Coding.start)
    before = before.order_by(seg.char_start.desc(), seg.id.desc()).limit(1)
    before_end = select(seg.char_end).where(same_document, seg.char_start <= Coding.start)
    before_end = before_end.order_by(seg.char_start.desc(), seg.id.desc()).limit(1)
    after = select(seg.id).where(
        same_document, seg.char_start > Coding.start, seg.char_start < Coding.end
    )
    after = after.order_by(seg.char_start, seg.id).limit(1)
    query = (
        select(
            Coding.id,
            Coding.code_id,
            Coding.document_id,
            Document.title,
            Document.case_id,
            Case.name,
            Coder.name,
            Coding.start,
            Coding.end,
            Coding.memo,
            before.scalar_subquery(),
            before_end.scalar_subquery(),
            after.scalar_subquery(),
        )
        .join(Document, Document.id == Coding.document_id)
        .join(Coder, Coder.id == Coding.coder_id)
        .outerjoin(Case, Case.id == Document.case_id)
        .order_by(Document.position, Document.id, Coding.start, Coding.end, Coding.id)
    )
    if chosen.code_ids is not None:
        query = query.where(Coding.code_id.in_(sorted(chosen.code_ids)))
    if chosen.document_ids is not None:
        query = query.where(Coding.document_id.in_(sorted(chosen.document_ids)))
    if chosen.case_ids is not None:
        query = query.where(Document.case_id.in_(sorted(chosen.case_ids)))
    if chosen.coders is not None:
        query = query.where(Coder.name.in_(sorted(chosen.coders)))
    found = list(s.execute(query))
    texts = _texts(s, {r[2] for r in found})
    rows = []
    for r in found:
        before_id, before_stop, after_id = r[10], r[11], r[12]
        inside = before_id is not None and before_stop is not None and before_stop > r[7]
        rows.append(
            _Row(
                id=r[0],
                code_id=r[1],
                document_id=r[2],
                title=r[3],
                case_id=r[4],
                case_name=r[5],
                coder=r[6],
                start=r[7],
                end=r[8],
                # Python slices by code points, as coding offsets count.
                text=texts[r[2]][r[7] : r[8]],
                memo=r[9] or "",
                segment_id=before_id if inside or after_id is None else after_id,
            )
        )
    return rows


def _texts(s: Session, document_ids: set[int]) -> dict[int, str]:
    """Each document's text, read once. Cutting quotes with SQL substr instead made SQLite
    read a whole interview (its overflow pages) for every quote: 2 s for 2,000 quotes."""
    texts: dict[int, str] = {}
    ids = sorted(document_ids)
    for at in range(0, len(ids), _CHUNK):
        query = select(Document.id, Document.text).where(Document.id.in_(ids[at : at + _CHUNK]))
        texts.update((document_id, text) for document_id, text in s.execute(query))
    return texts


def _turns(s: Session, rows: Sequence[_Row]) -> dict[int, tuple[str | None, int]]:
    """Speaker name and start time of each transcript segment the rows point at."""
    ids = sorted({row.segment_id for row in rows if row.segment_id is not None})
    found: dict[int, tuple[str | None, int]] = {}
    for at in range(0, len(ids), _CHUNK):
        query = (
            select(TranscriptSegment.id, Speaker.name, TranscriptSegment.start_ms)
            .outerjoin(Speaker, Speaker.id == TranscriptSegment.speaker_id)
            .where(TranscriptSegment.id.in_(ids[at : at + _CHUNK]))
        )
        for segment_id, name, start_ms in s.execute(query):
            found[segment_id] = (name, start_ms)
    return found


def _case_values(s: Session, case_ids: set[int]) -> dict[int, dict[str, str]]:
    values: dict[int, dict[str, str]] = {case_id: {} for case_id in case_ids}
    ids = sorted(case_ids)
    for at in range(0, len(ids), _CHUNK):
        query = (
            select(CaseValue.case_id, AttributeDefinition.name, CaseValue.value)
            .join(AttributeDefinition, AttributeDefinition.id == CaseValue.attribute_id)
            .where(CaseValue.case_id.in_(ids[at : at + _CHUNK]))
            .order_by(AttributeDefinition.position, AttributeDefinition.id)
        )
        for case_id, name, value in s.execute(query):
            values[case_id][name] = value
    return values
