"""Which codes occur together: code x code counts, Jaccard and c-coefficient, with passages.

Two codings co-occur when their spans overlap (``overlap``), when the gap between them is at
most ``distance`` characters (``near``; overlapping spans count too), or when they share a
speaker turn (``turn``; coding.analysis.turns). Counts:

- ``overlap`` / ``near``: n(A) is the number of codings of A, n(A,B) the number of
  co-occurring pairs of a coding of A and a coding of B.
- ``turn``: n(A) is the number of turns with A, n(A,B) the number of turns with both.

c-coefficient (ATLAS.ti) = n(A,B) / (n(A) + n(B) - n(A,B)). It can exceed 1 when one long
segment overlaps many short ones: the pairs then outnumber the segments, which is worth
seeing. Jaccard = the share of the codings of A and B that co-occur with the other code
(both / either); for turns it is the Jaccard index of the two sets of turns, and equals c.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from coding.analysis.dataset import Codings, Dataset, load_dataset
from coding.analysis.turns import Turns, load_segments, turns_of
from coding.errors import InvalidInput
from coding.project import Project
from models.entities import Document

MODES = ("overlap", "near", "turn")
_CHUNK = 500


@dataclass(frozen=True)
class CodeInfo:
    id: int
    name: str
    path: str
    depth: int
    color: str


@dataclass(frozen=True)
class CooccurrenceTable:
    codes: tuple[CodeInfo, ...]
    mode: str
    distance: int
    frequency: dict[int, int]
    # Unordered pairs as (smaller id, larger id).
    counts: dict[tuple[int, int], int]
    # Ordered pairs (a, b): codings (or turns) of a that co-occur with b.
    involved: dict[tuple[int, int], int]

    def count(self, a: int, b: int) -> int:
        if a == b:
            return self.frequency.get(a, 0)
        return self.counts.get((min(a, b), max(a, b)), 0)

    def c_coefficient(self, a: int, b: int) -> float:
        if a == b:
            return 1.0 if self.frequency.get(a) else 0.0
        both = self.count(a, b)
        either = self.frequency.get(a, 0) + self.frequency.get(b, 0) - both
        return both / either if either > 0 else 0.0

    def jaccard(self, a: int, b: int) -> float:
        if a == b:
            return 1.0 if self.frequency.get(a) else 0.0
        if self.mode == "turn":
            return self.c_coefficient(a, b)
        either = self.frequency.get(a, 0) + self.frequency.get(b, 0)
        both = self.involved.get((a, b), 0) + self.involved.get((b, a), 0)
        return both / either if either else 0.0

    def measure(self, name: str, a: int, b: int) -> float | int:
        if name == "count":
            return self.count(a, b)
        if name == "jaccard":
            return self.jaccard(a, b)
        if name == "c":
            return self.c_coefficient(a, b)
        raise InvalidInput(f"unknown measure '{name}'; use count, jaccard or c")

    def tidy(self) -> list[dict[str, Any]]:
        """One record per pair of different codes that co-occur."""
        names = [code.name for code in self.codes]
        ambiguous = {name for name in names if names.count(name) > 1}

        def label(code: CodeInfo) -> str:
            return code.path if code.name in ambiguous else code.name

        records = []
        for at, a in enumerate(self.codes):
            for b in self.codes[at + 1 :]:
                count = self.count(a.id, b.id)
                if count:
                    records.append(
                        {
                            "code_a": label(a),
                            "code_b": label(b),
                            "count": count,
                            "jaccard": round(self.jaccard(a.id, b.id), 3),
                            "c": round(self.c_coefficient(a.id, b.id), 3),
                        }
                    )
        return records


@dataclass(frozen=True)
class Passage:
    """A place where two codes co-occur: the span from the first to the last coded character
    of the pair (or the turn), with the two codings."""

    document_id: int
    document: str
    start: int
    end: int
    text: str
    coding_ids: tuple[int, ...]

    def record(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "codings": list(self.coding_ids),
        }


def check_mode(mode: str, distance: int) -> None:
    if mode not in MODES:
        raise InvalidInput(f"unknown co-occurrence mode '{mode}'; use one of: {', '.join(MODES)}")
    if distance < 0:
        raise InvalidInput("the distance is a number of characters, 0 or more")


def _by_document(codings: Codings, keep: Collection[int]) -> dict[int, list[int]]:
    """Per document, the positions of its codings of the codes ``keep``, by start."""
    grouped: dict[int, list[int]] = {}
    for at, (document_id, code_id) in enumerate(zip(codings.documents, codings.codes, strict=True)):
        if code_id in keep:
            grouped.setdefault(document_id, []).append(at)
    starts, ends, ids = codings.starts, codings.ends, codings.ids
    for positions in grouped.values():
        positions.sort(key=lambda at: (starts[at], ends[at], ids[at]))
    return grouped


def _pairs(
    codings: Codings, positions: list[int], mode: str, distance: int
) -> Iterator[tuple[int, int]]:
    """Co-occurring pairs of codings (positions sorted by start) of different codes, once each."""
    reach = 0 if mode == "overlap" else distance + 1
    starts, ends, codes = codings.starts, codings.ends, codings.codes
    for index, first in enumerate(positions):
        limit = ends[first] + reach
        code = codes[first]
        for second in positions[index + 1 :]:
            if starts[second] >= limit:
                break
            if codes[second] != code:
                yield first, second


def _texts_and_turns(project: Project, document_ids: Collection[int]) -> dict[int, Turns]:
    ids = sorted(document_ids)
    texts: dict[int, str] = {}
    with project.reading() as s:
        for at in range(0, len(ids), _CHUNK):
            query = select(Document.id, Document.text).where(Document.id.in_(ids[at : at + _CHUNK]))
            texts.update((row[0], row[1]) for row in s.execute(query))
    segments = load_segments(project, ids)
    return {doc: turns_of(texts[doc], segments.get(doc)) for doc in ids}


def _turn_codes(
    codings: Codings, positions: list[int], turns: Turns
) -> dict[int, dict[int, list[int]]]:
    """Per turn, the codes in it and their codings' ids."""
    present: dict[int, dict[int, list[int]]] = {}
    for at in positions:
        for turn in turns.indices_over(codings.starts[at], codings.ends[at]):
            present.setdefault(turn, {}).setdefault(codings.codes[at], []).append(codings.ids[at])
    return present


def cooccurrence(
    project: Project,
    *,
    mode: str = "overlap",
    distance: int = 0,
    coders: Sequence[str] = (),
    code_ids: Collection[int] | None = None,
    document_ids: Collection[int] | None = None,
) -> CooccurrenceTable:
    check_mode(mode, distance)
    dataset = load_dataset(project, coders=coders, document_ids=document_ids)
    return build_table(project, dataset, mode=mode, distance=distance, code_ids=code_ids)


def build_table(
    project: Project,
    dataset: Dataset,
    *,
    mode: str,
    distance: int,
    code_ids: Collection[int] | None,
) -> CooccurrenceTable:
    codes = tuple(
        CodeInfo(node.id, node.name, node.path, node.depth, node.color)
        for node in dataset.codes
        if code_ids is None or node.id in code_ids
    )
    shown = {code.id for code in codes}
    codings = dataset.codings
    grouped = _by_document(codings, shown)
    frequency: dict[int, int] = {}
    counts: dict[tuple[int, int], int] = {}
    if mode == "turn":
        turns = _texts_and_turns(project, grouped)
        involved: dict[tuple[int, int], int] = {}
        for document_id, positions in grouped.items():
            for present in _turn_codes(codings, positions, turns[document_id]).values():
                ids = sorted(present)
                for a in ids:
                    frequency[a] = frequency.get(a, 0) + 1
                for at, a in enumerate(ids):
                    for b in ids[at + 1 :]:
                        counts[(a, b)] = counts.get((a, b), 0) + 1
                        involved[(a, b)] = involved.get((a, b), 0) + 1
                        involved[(b, a)] = involved.get((b, a), 0) + 1
        return CooccurrenceTable(codes, mode, distance, frequency, counts, involved)
    for code_id in codings.codes:
        if code_id in shown:
            frequency[code_id] = frequency.get(code_id, 0) + 1
    involved_sets: dict[tuple[int, int], set[int]] = {}
    of_code = codings.codes
    for positions in grouped.values():
        for first, second in _pairs(codings, positions, mode, distance):
            a, b = of_code[first], of_code[second]
            key = (a, b) if a < b else (b, a)
            counts[key] = counts.get(key, 0) + 1
            involved_sets.setdefault((a, b), set()).add(first)
            involved_sets.setdefault((b, a), set()).add(second)
    return CooccurrenceTable(
        codes,
        mode,
        distance,
        frequency,
        counts,
        {key: len(ids) for key, ids in involved_sets.items()},
    )


def cooccurrence_passages(
    project: Project,
    code_a: int,
    code_b: int,
    *,
    mode: str = "overlap",
    distance: int = 0,
    coders: Sequence[str] = (),
    document_ids: Collection[int] | None = None,
) -> list[Passage]:
    """Where ``code_a`` and ``code_b`` co-occur, in reading order: what a cell counts."""
    check_mode(mode, distance)
    dataset = load_dataset(project, coders=coders, document_ids=document_ids)
    codings = dataset.codings
    grouped = _by_document(codings, {code_a, code_b})
    spans: list[tuple[int, int, int, tuple[int, ...]]] = []
    if mode == "turn":
        turns = _texts_and_turns(project, grouped)
        for document_id, positions in grouped.items():
            document_turns = turns[document_id]
            found = _turn_codes(codings, positions, document_turns)
            for turn, present in sorted(found.items()):
                if code_a in present and code_b in present and code_a != code_b:
                    body = document_turns.turns[turn]
                    ids = tuple(sorted({*present[code_a], *present[code_b]}))
                    spans.append((document_id, body.body_start, body.body_end, ids))
    else:
        starts, ends, of_code, ids_of = codings.starts, codings.ends, codings.codes, codings.ids
        for document_id, positions in grouped.items():
            for first, second in _pairs(codings, positions, mode, distance):
                if {of_code[first], of_code[second]} == {code_a, code_b}:
                    start = min(starts[first], starts[second])
                    end = max(ends[first], ends[second])
                    spans.append((document_id, start, end, (ids_of[first], ids_of[second])))
    return _passages(project, dataset, spans)


def _passages(
    project: Project, dataset: Dataset, spans: list[tuple[int, int, int, tuple[int, ...]]]
) -> list[Passage]:
    ids = sorted({span[0] for span in spans})
    texts: dict[int, str] = {}
    with project.reading() as s:
        for at in range(0, len(ids), _CHUNK):
            query = select(Document.id, Document.text).where(Document.id.in_(ids[at : at + _CHUNK]))
            texts.update((row[0], row[1]) for row in s.execute(query))
    order = {key: info.position for key, info in dataset.documents.items()}
    spans.sort(key=lambda span: (order.get(span[0], 0), span[0], span[1], span[2]))
    return [
        Passage(
            document_id=document_id,
            document=dataset.documents[document_id].title,
            start=start,
            end=end,
            text=texts[document_id][start:end],
            coding_ids=coding_ids,
        )
        for document_id, start, end, coding_ids in spans
    ]
