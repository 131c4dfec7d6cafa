"""The units that agreement is measured on: characters, speaker turns, paragraphs, sentences.

Positions are code points of the document text, end exclusive. Whitespace never counts: a
coder who includes the space after a sentence agrees with one who does not, so characters are
the non-whitespace ones, and a unit's size is its number of non-whitespace characters.

- ``turn``: the transcript segments of one speaker in a row, from the first segment's words to
  the last one's (timestamps and speaker names stay out). A document without a transcript
  falls back to paragraphs.
- ``paragraph``: blocks of text separated by blank lines; a text without any blank line is
  split at each line instead (plain text often puts one paragraph on each line).
- ``sentence``: spaCy's rule-based sentencizer (no trained model needed) inside each paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

UNIT_KINDS = ("char", "turn", "paragraph", "sentence")
Span = tuple[int, int]
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LINE = re.compile(r"\n")


def nonspace_prefix(text: str) -> NDArray[np.int64]:
    """``prefix[i]``: how many non-whitespace characters come before position ``i``."""
    flags = np.fromiter((not ch.isspace() for ch in text), dtype=np.int64, count=len(text))
    prefix = np.zeros(len(text) + 1, dtype=np.int64)
    np.cumsum(flags, out=prefix[1:])
    return prefix


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _split(
    text: str, pattern: re.Pattern[str], start: int = 0, end: int | None = None
) -> list[Span]:
    end = len(text) if end is None else end
    spans: list[Span] = []
    at = start
    for match in pattern.finditer(text, start, end):
        trimmed = _trim(text, at, match.start())
        if trimmed:
            spans.append(trimmed)
        at = match.end()
    trimmed = _trim(text, at, end)
    if trimmed:
        spans.append(trimmed)
    return spans


def paragraphs(text: str) -> list[Span]:
    if _BLANK_LINE.search(text):
        return _split(text, _BLANK_LINE)
    return _split(text, _LINE)


def turns(text: str, segments: Sequence[tuple[int, int, int | None]]) -> list[Span]:
    """``segments``: (char_start, char_end, speaker id) in text order."""
    if not segments:
        return paragraphs(text)
    spans: list[Span] = []
    speaker: Any = object()
    for char_start, char_end, segment_speaker in sorted(segments):
        if spans and segment_speaker == speaker and segment_speaker is not None:
            spans[-1] = (spans[-1][0], max(spans[-1][1], char_end))
        else:
            spans.append((char_start, char_end))
        speaker = segment_speaker
    return [t for span in spans if (t := _trim(text, *span))]


@cache
def _sentencizer(language: str) -> Any:
    import spacy

    try:
        nlp = spacy.blank(language or "xx")
    except (ImportError, KeyError, ValueError, OSError):
        # spaCy has no tokenizer rules for this language (or none was set): the
        # multi-language one splits on the same punctuation.
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 10_000_000
    return nlp


def sentences(text: str, language: str = "") -> list[Span]:
    nlp = _sentencizer(language.split("-")[0].lower())
    spans: list[Span] = []
    for start, end in paragraphs(text):
        doc = nlp(text[start:end])
        for sentence in doc.sents:
            trimmed = _trim(text, start + sentence.start_char, start + sentence.end_char)
            if trimmed:
                spans.append(trimmed)
    return spans


def units_of(
    kind: str,
    text: str,
    *,
    segments: Sequence[tuple[int, int, int | None]] = (),
    language: str = "",
) -> list[Span]:
    """The units of one kind in a text (``char`` has none: it is computed from the codings)."""
    if kind == "turn":
        return turns(text, segments)
    if kind == "paragraph":
        return paragraphs(text)
    if kind == "sentence":
        return sentences(text, language)
    raise ValueError(f"unknown unit '{kind}'; choose one of {', '.join(UNIT_KINDS[1:])}")
