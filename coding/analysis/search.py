"""Search over every document: lemmas (Russian, German, English), exact words, or a regex.

``страх`` finds «страха» and «страхом», ``helfen`` finds «geholfen»: the query's words are
lemmatised as the texts were (coding.analysis.lemmas) and looked up in the lemma index.
Boolean operators combine terms within a unit: a speaker turn (default), a sentence or the
whole document; hits are the occurrences of the terms that are not negated, in the units where
the query holds. Each hit comes as a KWIC line: left context, the hit as written, right
context, with its document, speaker and the time of its transcript segment.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import select

from coding.analysis import boolean
from coding.analysis.kwic import Hits
from coding.analysis.lemmas import normalise, query_words
from coding.analysis.search_index import LemmaIndex, open_index
from coding.analysis.turns import Turns, load_segments, turns_of
from coding.errors import InvalidInput
from coding.project import Project
from models.entities import Document
from models.progress import Reporter

MODES = ("lemma", "exact", "regex")
WITHIN = ("turn", "sentence", "document")
DEFAULT_CONTEXT = 60
_CHUNK = 500

Spans = dict[int, list[tuple[int, int]]]


@dataclass(frozen=True)
class SearchResult:
    query: str
    mode: str
    within: str
    # A sequence that formats each KWIC line when it is read (coding.analysis.kwic).
    hits: Hits

    @property
    def documents(self) -> int:
        return self.hits.documents


def check_mode(mode: str, within: str) -> None:
    if mode not in MODES:
        raise InvalidInput(f"unknown search mode '{mode}'; use one of: {', '.join(MODES)}")
    if within not in WITHIN:
        raise InvalidInput(f"unknown unit '{within}'; use one of: {', '.join(WITHIN)}")


class _Texts:
    """Document titles in reading order, and texts loaded only when needed."""

    def __init__(self, project: Project, document_ids: Collection[int] | None) -> None:
        self.project = project
        with project.reading() as s:
            rows = s.execute(
                select(Document.id, Document.title).order_by(Document.position, Document.id)
            ).all()
        self.titles = {
            row[0]: row[1] for row in rows if document_ids is None or row[0] in document_ids
        }
        self.order = {document_id: at for at, document_id in enumerate(self.titles)}
        self.texts: dict[int, str] = {}

    def load(self, document_ids: Iterable[int]) -> dict[int, str]:
        missing = sorted(set(document_ids) - set(self.texts))
        with self.project.reading() as s:
            for at in range(0, len(missing), _CHUNK):
                query = select(Document.id, Document.text).where(
                    Document.id.in_(missing[at : at + _CHUNK])
                )
                self.texts.update((row[0], row[1]) for row in s.execute(query))
        return self.texts


def search(
    project: Project,
    query: str,
    *,
    mode: str = "lemma",
    within: str = "turn",
    document_ids: Collection[int] | None = None,
    speaker: str | None = None,
    context: int = DEFAULT_CONTEXT,
    case_sensitive: bool = False,
    reporter: Reporter | None = None,
) -> SearchResult:
    """Every hit of ``query`` in reading order. Lemma mode first indexes stale documents."""
    check_mode(mode, within)
    texts = _Texts(project, set(document_ids) if document_ids is not None else None)
    wanted = set(texts.titles)
    index: LemmaIndex | None = None
    if mode == "lemma" or within == "sentence":
        index = open_index(project, reporter=reporter)
    if mode == "regex":
        tree: boolean.Node = boolean.Term(query)
        spans = {tree: _regex_spans(texts, wanted, _compile_regex(query, case_sensitive))}
    else:
        tree = boolean.parse(query)
        spans = {}
        for term in boolean.terms(tree):
            if term in spans:
                continue
            if mode == "lemma":
                assert index is not None
                spans[term] = _lemma_spans(index, term, wanted)
            else:
                spans[term] = _exact_spans(texts, wanted, term, case_sensitive)
    positive = list(dict.fromkeys(boolean.positive_terms(tree)))
    if not positive:
        raise InvalidInput("a query needs at least one word that is not negated by NOT")
    candidates = sorted(
        {doc for term in positive for doc in spans[term]}, key=lambda doc: texts.order[doc]
    )
    texts.load(candidates)
    segments = load_segments(project, candidates)
    # Turns are worked out where they are used: speakers and times of transcripts, and
    # turn-level Boolean queries.
    by_turn = within == "turn" and boolean.needs_units(tree)
    turns = {
        doc: turns_of(texts.texts[doc], segments.get(doc))
        for doc in candidates
        if doc in segments or by_turn
    }
    sentences = index.sentences(candidates) if index is not None and within == "sentence" else {}
    hits = Hits(context)
    folded = None if speaker is None else speaker.strip().casefold()
    for document_id in candidates:
        found = _document_hits(tree, positive, spans, document_id, within, turns, sentences)
        document_turns = turns.get(document_id) if document_id in segments else None
        if folded is not None:
            found = _spoken_by(found, document_turns, folded)
        hits.add(
            document_id, texts.titles[document_id], texts.texts[document_id], found, document_turns
        )
    return SearchResult(query=query, mode=mode, within=within, hits=hits)


def _spoken_by(
    spans: list[tuple[int, int]], turns: Turns | None, speaker: str
) -> list[tuple[int, int]]:
    if turns is None:
        return []
    kept = []
    for span in spans:
        segment = turns.segment_at(span[0])
        if segment is not None and (segment.speaker or "").casefold() == speaker:
            kept.append(span)
    return kept


def _document_hits(
    tree: boolean.Node,
    positive: list[boolean.Term],
    spans: dict[boolean.Node, Spans],
    document_id: int,
    within: str,
    turns: dict[int, Turns],
    sentences: dict[int, list[tuple[int, int]]],
) -> list[tuple[int, int]]:
    if not boolean.needs_units(tree):
        if len(positive) == 1:
            return spans[positive[0]].get(document_id, [])
        return sorted({span for term in positive for span in spans[term].get(document_id, ())})
    # Units are numbered by where they start: the turn or sentence of an offset is found by
    # bisection (units shift by one against Turns.index_at, consistently).
    if within == "document":
        starts: list[int] = [0]
    elif within == "turn":
        starts = turns[document_id].blocks
    else:
        starts = [start for start, _ in sentences.get(document_id, [])]
    units: dict[boolean.Term, list[int]] = {}

    def units_with(term: boolean.Term) -> set[int]:
        if term not in units:
            units[term] = [bisect_right(starts, at) for at, _ in spans[term].get(document_id, ())]
        return set(units[term])

    holds = boolean.evaluate(tree, units_with, set(range(len(starts) + 1)))
    found = set()
    for term in positive:
        units_with(term)  # evaluated already, unless an operator never needed it
        for span, unit in zip(spans[term].get(document_id, ()), units[term], strict=True):
            if unit in holds:
                found.add(span)
    return sorted(found)


def _lemma_spans(index: LemmaIndex, term: boolean.Term, wanted: set[int]) -> Spans:
    slots: list[set[str]] = []
    for word in term.text.split():
        if word.endswith("*") and len(word) > 1:
            prefix = normalise(word.rstrip("*"))
            slots.append(index.lemmas_with_prefix(prefix) or {prefix})
        else:
            slots.extend(query_words(word))
    if not slots:
        raise InvalidInput(f"'{term.text}' has no word to search for")
    if len(slots) == 1:
        # One word: every occurrence is a hit, straight from the stored triples.
        single: Spans = {}
        for document_id, arrays in index.occurrences(slots[0], wanted).items():
            found = [pair for flat in arrays for pair in zip(flat[1::3], flat[2::3], strict=True)]
            found.sort()
            single[document_id] = found
        return single
    # Per slot and document: word position -> (start, end).
    positions: list[dict[int, dict[int, tuple[int, int]]]] = []
    for candidates in slots:
        per_document: dict[int, dict[int, tuple[int, int]]] = {}
        for document_id, arrays in index.occurrences(candidates, wanted).items():
            table = per_document.setdefault(document_id, {})
            for flat in arrays:
                for at in range(0, len(flat), 3):
                    table[flat[at]] = (flat[at + 1], flat[at + 2])
        positions.append(per_document)
    result: Spans = {}
    for document_id, first in positions[0].items():
        rest = [slot[document_id] for slot in positions[1:] if document_id in slot]
        if len(rest) < len(positions) - 1:
            continue
        spans = []
        for position, (start, end) in first.items():
            for offset, table in enumerate(rest, start=1):
                following = table.get(position + offset)
                if following is None:
                    break
                end = following[1]
            else:
                spans.append((start, end))
        if spans:
            result[document_id] = sorted(spans)
    return result


def _exact_spans(
    texts: _Texts, wanted: set[int], term: boolean.Term, case_sensitive: bool
) -> Spans:
    """Whole words as written (``word*``: words starting so), ignoring case unless asked.

    Lower-cased text with a plain pattern lets the regex engine jump to its literal start;
    IGNORECASE and a look-behind would make it try every position. The look-behind is
    checked by hand instead.
    """
    words = []
    for word in term.text.split():
        typed = word if case_sensitive else word.lower()
        if typed.endswith("*") and len(typed) > 1:
            words.append(re.escape(typed.rstrip("*")) + r"\w*")
        else:
            words.append(re.escape(typed))
    pattern = re.compile(r"\s+".join(words) + r"(?!\w)")
    careful = re.compile(r"(?<!\w)" + pattern.pattern, 0 if case_sensitive else re.IGNORECASE)
    result: Spans = {}
    loaded = texts.load(wanted)
    for document_id in wanted:
        text = loaded[document_id]
        searched = text if case_sensitive else text.lower()
        if len(searched) != len(text):  # a letter whose lower case is longer (İ): no shortcut
            spans = [match.span() for match in careful.finditer(text)]
        else:
            spans = [
                match.span()
                for match in pattern.finditer(searched)
                if match.start() == 0 or not _is_word(searched[match.start() - 1])
            ]
        if spans:
            result[document_id] = spans
    return result


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _compile_regex(query: str, case_sensitive: bool) -> re.Pattern[str]:
    if not query:
        raise InvalidInput("the regular expression is empty")
    try:
        return re.compile(query, 0 if case_sensitive else re.IGNORECASE)
    except re.error as error:
        raise InvalidInput(f"not a valid regular expression: {error}") from error


def _regex_spans(texts: _Texts, wanted: set[int], pattern: re.Pattern[str]) -> Spans:
    result: Spans = {}
    loaded = texts.load(wanted)
    for document_id in wanted:
        spans = [match.span() for match in pattern.finditer(loaded[document_id]) if match.end()]
        spans = [(start, end) for start, end in spans if end > start]
        if spans:
            result[document_id] = spans
    return result
