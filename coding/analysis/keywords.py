"""Keywords by group: the lemmas each group uses most, stop words removed, from the index.

Besides raw counts, each word has its rate per 10,000 words (groups differ in size) and its
keyness: the log-likelihood (G2, Rayson and Garside 2000) of its rate in the group against the
other groups, signed positive where the group uses it more. G2 above 3.84 is p < 0.05.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coding.analysis.dataset import load_dataset
from coding.analysis.groups import Group, group_by
from coding.analysis.lemmas import stop_words
from coding.analysis.search_index import open_index
from coding.errors import InvalidInput
from coding.project import Project
from models.progress import Reporter

ORDERS = ("keyness", "count")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Keyword:
    lemma: str
    count: int
    per_10k: float
    keyness: float


@dataclass(frozen=True)
class GroupKeywords:
    group: Group
    words: int
    keywords: tuple[Keyword, ...]

    def record(self) -> dict[str, Any]:
        return {
            "group": self.group.as_dict(),
            "words": self.words,
            "keywords": [
                {
                    "lemma": word.lemma,
                    "count": word.count,
                    "per_10k": round(word.per_10k, 2),
                    "keyness": round(word.keyness, 2),
                }
                for word in self.keywords
            ],
        }


def log_likelihood(a: int, b: int, c: int, d: int) -> float:
    """Signed G2 of ``a`` hits in ``c`` words against ``b`` hits in ``d`` words."""
    if c == 0 or d == 0 or a + b == 0:
        return 0.0
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    g2 = 2 * ((a * math.log(a / e1) if a else 0.0) + (b * math.log(b / e2) if b else 0.0))
    return g2 if a / c >= b / d else -g2


def _content_word(lemma: str, stop: frozenset[str]) -> bool:
    return len(lemma) > 1 and lemma not in stop and _LETTER.search(lemma) is not None


def keywords(
    project: Project,
    *,
    by: Sequence[str],
    top: int = 30,
    min_count: int = 2,
    order: str = "keyness",
    reporter: Reporter | None = None,
) -> list[GroupKeywords]:
    if order not in ORDERS:
        raise InvalidInput(f"unknown order '{order}'; use one of: {', '.join(ORDERS)}")
    dataset = load_dataset(project)
    grouping = group_by(dataset, by)
    if any(dimension.source == "coder" for dimension in grouping.dimensions):
        raise InvalidInput("keywords compare what people said; group documents, not coders")
    index = open_index(project, reporter=reporter)
    stop = stop_words()
    per_group = [index.lemma_counts(sorted(group.document_ids)) for group in grouping.groups]
    total_counts: dict[str, int] = {}
    total_words = 0
    for counts, words in per_group:
        total_words += words
        for lemma, count in counts.items():
            total_counts[lemma] = total_counts.get(lemma, 0) + count
    result = []
    for group, (counts, words) in zip(grouping.groups, per_group, strict=True):
        found = []
        for lemma, count in counts.items():
            if count < min_count or not _content_word(lemma, stop):
                continue
            rest = total_counts[lemma] - count
            keyness = log_likelihood(count, rest, words, total_words - words)
            found.append(Keyword(lemma, count, 10_000 * count / words if words else 0.0, keyness))
        if order == "keyness":
            found.sort(key=lambda word: (-word.keyness, -word.count, word.lemma))
        else:
            found.sort(key=lambda word: (-word.count, word.lemma))
        result.append(GroupKeywords(group, words, tuple(found[:top])))
    return result
