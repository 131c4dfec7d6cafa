"""Intercoder agreement between the codings of two or more coders, per code, document and overall.

What is compared (see coding.team.units for the units themselves):

- ``char``: every non-whitespace character of every document that at least two of the coders
  coded. For each code, a coder's value for a character is 1 when one of their codings with
  that code covers it, else 0.
- ``turn``, ``paragraph``, ``sentence``: a coder's value for a unit is 1 when their codings
  with that code cover at least ``min_share`` of the unit's characters, else 0.

A coder who made no coding at all in a document has not coded it: their values there are
missing (Krippendorff's alpha uses the other coders; percent agreement and kappa use the units
every compared coder coded). Each code is a yes/no decision on every unit, so:

- per code: that code's decisions over all documents;
- per document: every code's decisions on that document's units, pooled;
- overall: every code's decisions on every unit, pooled.

Kappa is Cohen's for two coders; for more it is the mean of Cohen's kappa over all pairs
(Light's kappa). Undefined figures are ``None``: see coding.team.statistics.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select
from sqlalchemy.orm import Session

from coding.errors import InvalidInput, NotFound
from coding.project import Project
from coding.team import statistics
from coding.team.units import UNIT_KINDS, nonspace_prefix, units_of
from models.entities import Code, Coder, Coding, Document, TranscriptSegment

MISSING = -1
Patterns = dict[tuple[int, ...], float]


@dataclass(frozen=True)
class Figures:
    # Compared units: characters at char level, otherwise units; once per code when pooled.
    units: float
    percent_agreement: float | None
    cohen_kappa: float | None
    krippendorff_alpha: float | None


@dataclass(frozen=True)
class CodeAgreement:
    code_id: int
    code: str
    figures: Figures


@dataclass(frozen=True)
class DocumentAgreement:
    document_id: int
    document: str
    figures: Figures


@dataclass(frozen=True)
class Disagreement:
    document_id: int
    document: str
    code_id: int
    code: str
    start: int
    end: int
    text: str
    coded_by: tuple[str, ...]
    not_coded_by: tuple[str, ...]


@dataclass(frozen=True)
class AgreementReport:
    coders: tuple[str, ...]
    unit: str
    min_share: float
    kappa: str
    overall: Figures
    codes: tuple[CodeAgreement, ...]
    documents: tuple[DocumentAgreement, ...]
    disagreements: tuple[Disagreement, ...]
    # Documents fewer than two of the coders coded: nothing to compare there.
    skipped_documents: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        def figures(f: Figures) -> dict[str, Any]:
            return {
                "units": f.units,
                "percent_agreement": f.percent_agreement,
                "cohen_kappa": f.cohen_kappa,
                "krippendorff_alpha": f.krippendorff_alpha,
            }

        return {
            "coders": list(self.coders),
            "unit": self.unit,
            "min_share": self.min_share,
            "kappa": self.kappa,
            "overall": figures(self.overall),
            "codes": [{"code": c.code, **figures(c.figures)} for c in self.codes],
            "documents": [{"document": d.document, **figures(d.figures)} for d in self.documents],
            "disagreements": len(self.disagreements),
            "skipped_documents": list(self.skipped_documents),
        }


@dataclass
class _Tally:
    overall: Patterns
    codes: dict[int, Patterns]
    documents: dict[int, Patterns]
    disagreements: list[Disagreement]


def figures_of(patterns: Patterns, coders: int) -> Figures:
    if not patterns:
        return Figures(0.0, None, None, None)
    keys = list(patterns)
    data = np.array(keys, dtype=np.float64).T
    data[data == MISSING] = np.nan
    weights = np.array([patterns[key] for key in keys], dtype=np.float64)
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    return Figures(
        units=float(weights[pairable].sum()),
        percent_agreement=statistics.percent_agreement(data, weights),
        cohen_kappa=statistics.mean_pairwise_kappa(data, weights),
        krippendorff_alpha=statistics.krippendorff_alpha(data, weights),
    )


def measure_agreement(
    project: Project,
    *,
    coders: Iterable[str],
    unit: str = "char",
    min_share: float = 0.5,
    document_ids: Iterable[int] | None = None,
    code_ids: Iterable[int] | None = None,
) -> AgreementReport:
    names = tuple(dict.fromkeys(name.strip() for name in coders if name.strip()))
    if len(names) < 2:
        raise InvalidInput("agreement needs at least two different coders")
    if unit not in UNIT_KINDS:
        raise InvalidInput(f"unknown unit '{unit}'; choose one of {', '.join(UNIT_KINDS)}")
    if not 0 < min_share <= 1:
        raise InvalidInput(f"the minimum share must lie in (0, 1] (got {min_share})")
    with project.reading() as session:
        coder_ids = _coder_ids(session, names)
        paths = _code_paths(session)
        query = select(
            Coding.document_id, Coding.code_id, Coding.coder_id, Coding.start, Coding.end
        ).where(Coding.coder_id.in_(coder_ids))
        if document_ids is not None:
            query = query.where(Coding.document_id.in_(list(document_ids)))
        if code_ids is not None:
            query = query.where(Coding.code_id.in_(list(code_ids)))
        by_document: dict[int, list[tuple[int, int, int, int]]] = {}
        index = {coder_id: i for i, coder_id in enumerate(coder_ids)}
        for document_id, code_id, coder_id, start, end in session.execute(query):
            by_document.setdefault(document_id, []).append((code_id, index[coder_id], start, end))
        used_codes = sorted(
            {row[0] for rows in by_document.values() for row in rows},
            key=lambda code_id: paths[code_id],
        )
        tally = _Tally({}, {c: {} for c in used_codes}, {}, [])
        skipped: list[str] = []
        titles: dict[int, str] = {}
        for document_id in _document_order(session, by_document):
            document = session.get(Document, document_id)
            assert document is not None
            titles[document_id] = document.title
            rows = by_document[document_id]
            if len({row[1] for row in rows}) < 2:
                skipped.append(document.title)
                continue
            spans = _unit_spans(session, unit, document)
            _tally_document(tally, document, rows, spans, used_codes, names, paths, min_share)
    count = len(names)
    return AgreementReport(
        coders=names,
        unit=unit,
        min_share=min_share,
        kappa="Cohen's kappa" if count == 2 else "Light's kappa (mean pairwise Cohen's kappa)",
        overall=figures_of(tally.overall, count),
        codes=tuple(
            CodeAgreement(code_id, paths[code_id], figures_of(tally.codes[code_id], count))
            for code_id in used_codes
        ),
        documents=tuple(
            DocumentAgreement(document_id, titles[document_id], figures_of(patterns, count))
            for document_id, patterns in tally.documents.items()
        ),
        disagreements=tuple(tally.disagreements),
        skipped_documents=tuple(skipped),
    )


def _coder_ids(session: Session, names: tuple[str, ...]) -> list[int]:
    found = dict(session.execute(select(Coder.name, Coder.id).where(Coder.name.in_(names))).all())
    missing = [name for name in names if name not in found]
    if missing:
        known = ", ".join(session.scalars(select(Coder.name).order_by(Coder.name))) or "none"
        raise NotFound(f"no coder named {', '.join(missing)} in this project (coders: {known})")
    return [found[name] for name in names]


def _code_paths(session: Session) -> dict[int, str]:
    rows = {
        row[0]: (row[1], row[2])
        for row in session.execute(select(Code.id, Code.parent_id, Code.name))
    }

    def path(code_id: int) -> str:
        parent, name = rows[code_id]
        return name if parent is None else f"{path(parent)}/{name}"

    return {code_id: path(code_id) for code_id in rows}


def _document_order(session: Session, wanted: dict[int, Any]) -> list[int]:
    rows = session.execute(
        select(Document.id)
        .where(Document.id.in_(list(wanted)))
        .order_by(Document.position, Document.id)
    )
    return [row[0] for row in rows]


def _unit_spans(session: Session, unit: str, document: Document) -> list[tuple[int, int]] | None:
    if unit == "char":
        return None
    segments = [
        (row[0], row[1], row[2])
        for row in session.execute(
            select(
                TranscriptSegment.char_start,
                TranscriptSegment.char_end,
                TranscriptSegment.speaker_id,
            ).where(TranscriptSegment.document_id == document.id)
        )
    ]
    return units_of(unit, document.text, segments=segments, language=document.language)


def _tally_document(
    tally: _Tally,
    document: Document,
    rows: list[tuple[int, int, int, int]],
    spans: list[tuple[int, int]] | None,
    used_codes: list[int],
    names: tuple[str, ...],
    paths: dict[int, str],
    min_share: float,
) -> None:
    text = document.text
    prefix = nonspace_prefix(text)
    present = sorted({row[1] for row in rows})
    bounds = {0, len(text)}
    for _, _, start, end in rows:
        bounds.update((min(start, len(text)), min(end, len(text))))
    for start, end in spans or ():
        bounds.update((start, end))
    edges = np.array(sorted(bounds), dtype=np.int64)
    sizes = prefix[edges[1:]] - prefix[edges[:-1]]
    if spans is None:
        unit_starts, unit_ends = edges[:-1][sizes > 0], edges[1:][sizes > 0]
        unit_weights = sizes[sizes > 0].astype(np.float64)
    else:
        unit_starts = np.array([s for s, _ in spans], dtype=np.int64)
        unit_ends = np.array([e for _, e in spans], dtype=np.int64)
        unit_weights = np.ones(len(spans), dtype=np.float64)
    if len(unit_starts) == 0:
        return
    columns = {(code, coder): np.zeros(len(edges), dtype=np.int64) for code, coder, _, _ in rows}
    for code, coder, start, end in rows:
        column = columns[(code, coder)]
        column[np.searchsorted(edges, min(start, len(text)))] += 1
        column[np.searchsorted(edges, min(end, len(text)))] -= 1
    covered = {key: np.cumsum(diff)[:-1] > 0 for key, diff in columns.items()}
    if spans is None:
        keep = sizes > 0
        values = {key: cover[keep].astype(np.int8) for key, cover in covered.items()}
    else:
        owner = np.searchsorted(unit_starts, edges[:-1], side="right") - 1
        inside = (owner >= 0) & (edges[:-1] < unit_ends[np.maximum(owner, 0)])
        unit_sizes = (prefix[unit_ends] - prefix[unit_starts]).astype(np.float64)
        values = {}
        for key, cover in covered.items():
            hit = cover & inside
            share = np.bincount(owner[hit], weights=sizes[hit], minlength=len(unit_starts))
            values[key] = (share >= min_share * unit_sizes - 1e-9).astype(np.int8)
    document_patterns = tally.documents.setdefault(document.id, {})
    base = np.full((len(unit_starts), len(names)), MISSING, dtype=np.int8)
    base[:, present] = 0
    empty = tuple(int(v) for v in base[0])
    total = float(unit_weights.sum())
    used_here = {row[0] for row in rows}
    for code in used_codes:
        target = tally.codes[code]
        if code not in used_here:
            for patterns in (target, document_patterns, tally.overall):
                patterns[empty] = patterns.get(empty, 0.0) + total
            continue
        matrix = base.copy()
        for coder in present:
            if (code, coder) in values:
                matrix[:, coder] = values[(code, coder)]
        _add_patterns(matrix, unit_weights, (target, document_patterns, tally.overall))
        tally.disagreements.extend(
            _disagreements(
                document, code, paths[code], matrix, (unit_starts, unit_ends), names, spans is None
            )
        )


def _add_patterns(
    matrix: NDArray[np.int8], weights: NDArray[np.float64], targets: Iterable[Patterns]
) -> None:
    unique, inverse = np.unique(matrix, axis=0, return_inverse=True)
    sums = np.bincount(inverse.ravel(), weights=weights, minlength=len(unique))
    for row, weight in zip(unique, sums, strict=True):
        key = tuple(int(v) for v in row)
        for patterns in targets:
            patterns[key] = patterns.get(key, 0.0) + float(weight)


def _disagreements(
    document: Document,
    code_id: int,
    code: str,
    matrix: NDArray[np.int8],
    bounds: tuple[NDArray[np.int64], NDArray[np.int64]],
    names: tuple[str, ...],
    join: bool,
) -> list[Disagreement]:
    """Units on which the coders differ; at char level, touching pieces join into passages."""
    starts, ends = bounds
    found: list[Disagreement] = []
    yes = (matrix == 1).any(axis=1)
    no = (matrix == 0).any(axis=1)
    for i in np.flatnonzero(yes & no):
        row = matrix[i]
        with_code = tuple(names[c] for c in np.flatnonzero(row == 1))
        without = tuple(names[c] for c in np.flatnonzero(row == 0))
        start, end = int(starts[i]), int(ends[i])
        while start < end and document.text[start].isspace():
            start += 1
        while end > start and document.text[end - 1].isspace():
            end -= 1
        last = found[-1] if found else None
        if (
            join
            and last is not None
            and last.coded_by == with_code
            and last.not_coded_by == without
            and not document.text[last.end : start].strip()
        ):
            # Neighbouring characters with the same disagreement read as one passage.
            start = last.start
            found.pop()
        found.append(
            Disagreement(
                document_id=document.id,
                document=document.title,
                code_id=code_id,
                code=code,
                start=start,
                end=end,
                text=document.text[start:end],
                coded_by=with_code,
                not_coded_by=without,
            )
        )
    return found
