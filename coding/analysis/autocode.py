"""Auto-coding: code every search hit (or its sentence, or its speaker turn), or every turn of a
speaker, after a preview. Applying a plan is one operation: one undo step takes it all back.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from coding import lookup
from coding.analysis.search import search
from coding.analysis.search_index import open_index
from coding.analysis.turns import Turns, load_segments, turns_of
from coding.changes import Changes
from coding.codings import NewCoding, apply_codings
from coding.errors import InvalidInput, NotFound
from coding.project import Project
from coding.reports.resolve import listing
from models.entities import Coder, Coding, Document

SCOPES = ("hit", "sentence", "turn")
_CHUNK = 500


@dataclass(frozen=True)
class ProposedCoding:
    document_id: int
    document: str
    start: int
    end: int
    text: str
    hits: int
    # The same code, coder and span exist already: applying skips it.
    exists: bool


@dataclass(frozen=True)
class AutocodePlan:
    code_id: int
    code: str
    coder: str
    description: str
    items: tuple[ProposedCoding, ...]

    @property
    def new(self) -> list[ProposedCoding]:
        return [item for item in self.items if not item.exists]

    def records(self) -> list[dict[str, Any]]:
        return [
            {
                "document": item.document,
                "start": item.start,
                "end": item.end,
                "text": item.text,
                "hits": item.hits,
                "exists": item.exists,
            }
            for item in self.items
        ]


def _code(project: Project, code: str | int) -> tuple[int, str]:
    with project.reading() as s:
        found = lookup.code(s, code) if isinstance(code, int) else lookup.code_by_name(s, code)
        return found.id, found.name


def _texts(project: Project, document_ids: Collection[int]) -> dict[int, tuple[str, str]]:
    ids = sorted(document_ids)
    found: dict[int, tuple[str, str]] = {}
    with project.reading() as s:
        for at in range(0, len(ids), _CHUNK):
            query = select(Document.id, Document.title, Document.text).where(
                Document.id.in_(ids[at : at + _CHUNK])
            )
            found.update((row[0], (row[1], row[2])) for row in s.execute(query))
    return found


def _existing(project: Project, code_id: int, coder: str) -> set[tuple[int, int, int]]:
    with project.reading() as s:
        rows = s.execute(
            select(Coding.document_id, Coding.start, Coding.end)
            .join(Coder, Coder.id == Coding.coder_id)
            .where(Coding.code_id == code_id, Coder.name == coder)
        )
        return {(row[0], row[1], row[2]) for row in rows}


def _plan(
    project: Project,
    code_id: int,
    code_name: str,
    coder: str,
    description: str,
    spans: dict[tuple[int, int, int], int],
) -> AutocodePlan:
    texts = _texts(project, {span[0] for span in spans})
    existing = _existing(project, code_id, coder)
    order = _reading_order(project)
    items = tuple(
        ProposedCoding(
            document_id=document_id,
            document=texts[document_id][0],
            start=start,
            end=end,
            text=texts[document_id][1][start:end],
            hits=hits,
            exists=(document_id, start, end) in existing,
        )
        for (document_id, start, end), hits in sorted(
            spans.items(), key=lambda item: (order.get(item[0][0], 0), item[0])
        )
    )
    return AutocodePlan(code_id, code_name, coder, description, items)


def _reading_order(project: Project) -> dict[int, int]:
    with project.reading() as s:
        rows = s.scalars(select(Document.id).order_by(Document.position, Document.id))
        return {document_id: at for at, document_id in enumerate(rows)}


def _expand(
    start: int, end: int, scope: str, turns: Turns, sentences: list[tuple[int, int]]
) -> tuple[int, int]:
    turn_index = turns.index_at(start)
    turn = turns.turns[turn_index] if 0 <= turn_index < len(turns.turns) else None
    if scope == "turn" and turn is not None:
        return min(turn.body_start, start), max(turn.body_end, end)
    if scope == "sentence" and sentences:
        starts = [sentence[0] for sentence in sentences]
        first = sentences[max(bisect.bisect_right(starts, start) - 1, 0)]
        last = sentences[max(bisect.bisect_right(starts, max(start, end - 1)) - 1, 0)]
        new_start, new_end = min(first[0], start), max(last[1], end)
        if turn is not None and turn.body_start <= start:
            # A turn's first sentence begins with its stamp and speaker name: leave them out.
            new_start = max(new_start, turn.body_start)
        return new_start, new_end
    return start, end


def plan_from_search(
    project: Project,
    *,
    code: str | int,
    query: str,
    mode: str = "lemma",
    within: str = "turn",
    scope: str = "hit",
    coder: str | None = None,
    document_ids: Collection[int] | None = None,
    speaker: str | None = None,
) -> AutocodePlan:
    """What auto-coding the hits of ``query`` would code, nothing written yet."""
    if scope not in SCOPES:
        raise InvalidInput(f"unknown scope '{scope}'; use one of: {', '.join(SCOPES)}")
    code_id, code_name = _code(project, code)
    coder = (coder or lookup.default_coder_name()).strip()
    result = search(
        project, query, mode=mode, within=within, document_ids=document_ids, speaker=speaker
    )
    hit_documents = sorted({hit.document_id for hit in result.hits})
    texts = _texts(project, hit_documents) if scope != "hit" else {}
    segments = load_segments(project, hit_documents) if scope != "hit" else {}
    sentences = open_index(project).sentences(hit_documents) if scope == "sentence" else {}
    turns = {doc: turns_of(texts[doc][1], segments.get(doc)) for doc in texts}
    spans: dict[tuple[int, int, int], int] = {}
    for hit in result.hits:
        start, end = hit.start, hit.end
        if scope != "hit":
            start, end = _expand(
                start, end, scope, turns[hit.document_id], sentences.get(hit.document_id, [])
            )
        key = (hit.document_id, start, end)
        spans[key] = spans.get(key, 0) + 1
    description = f"Auto-code '{code_name}': {scope}s of «{query}» ({len(spans)})"
    return _plan(project, code_id, code_name, coder, description, spans)


def plan_from_speaker(
    project: Project,
    *,
    code: str | int,
    speaker: str,
    coder: str | None = None,
    document_ids: Collection[int] | None = None,
) -> AutocodePlan:
    """Every turn of ``speaker`` (by name, in transcripts), to be coded with ``code``."""
    code_id, code_name = _code(project, code)
    coder = (coder or lookup.default_coder_name()).strip()
    segments = load_segments(project, document_ids)
    texts = _texts(project, segments)
    wanted = speaker.strip().casefold()
    spans: dict[tuple[int, int, int], int] = {}
    names: set[str] = set()
    for document_id, document_segments in segments.items():
        for turn in turns_of(texts[document_id][1], document_segments).turns:
            if turn.speaker:
                names.add(turn.speaker)
            if (turn.speaker or "").casefold() == wanted and turn.body_end > turn.body_start:
                spans[(document_id, turn.body_start, turn.body_end)] = 1
    if not spans:
        raise NotFound(f"no turns of a speaker '{speaker}'; the speakers are: {listing(names)}")
    description = f"Auto-code '{code_name}': turns of {speaker} ({len(spans)})"
    return _plan(project, code_id, code_name, coder, description, spans)


def apply_plan(
    project: Project, plan: AutocodePlan, *, chosen: Collection[int] | None = None
) -> Changes:
    """Code the plan's new items (those at the indices ``chosen``, when given): one undo step."""
    items = [
        item
        for at, item in enumerate(plan.items)
        if not item.exists and (chosen is None or at in chosen)
    ]
    codings = [
        NewCoding(item.document_id, plan.code_id, item.start, item.end, coder=plan.coder)
        for item in items
    ]
    return apply_codings(project, codings=codings, description=plan.description)
