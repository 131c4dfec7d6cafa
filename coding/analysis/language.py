"""Which lemmatiser a text gets: the document's language, or the script the text is written in.

Interviews mix languages (a Russian respondent quotes an English slogan), so the choice is made
per paragraph: the document's language when the paragraph is in that language's script,
otherwise a guess from the script and, for Latin script, from a few function words.
"""

from __future__ import annotations

import re

LEMMATISED = ("ru", "de", "en")
# Tokenised and case-folded only: no lemmatiser that works offline for these (Azerbaijani,
# Georgian...) or an unknown language.
GENERIC = "xx"

_NAMES = {
    "russian": "ru",
    "русский": "ru",
    "german": "de",
    "deutsch": "de",
    "english": "en",
    "englisch": "en",
    "английский": "en",
    "немецкий": "de",
}
_SCRIPT_OF = {"ru": "cyrillic", "de": "latin", "en": "latin"}

_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_GEORGIAN = re.compile(r"[\u10a0-\u10ff\u1c90-\u1cbf]")
_WORDS = re.compile(r"[^\W\d_]+")

_GERMAN_WORDS = frozenset(
    "der die das und ist ich nicht wir sie es zu mit ein eine war auf dass haben hat sich "
    "auch aber wie bei mein meine noch nach uns".split()
)
_ENGLISH_WORDS = frozenset(
    "the and is was i you to of it that we they in not my with have had this but what "
    "there be at so our".split()
)


def normalise_language(code: str) -> str:
    """``ru``, ``de-DE``, ``Russian`` -> two-letter code; "" when empty."""
    code = code.strip().casefold()
    if not code:
        return ""
    code = _NAMES.get(code, code)
    return re.split(r"[-_ ]", code)[0]


def script(text: str) -> str:
    """The dominant letter script: ``cyrillic``, ``latin``, ``georgian`` or ``""``."""
    counts = {
        "cyrillic": len(_CYRILLIC.findall(text)),
        "latin": len(_LATIN.findall(text)),
        "georgian": len(_GEORGIAN.findall(text)),
    }
    best = max(counts, key=lambda name: counts[name])
    return best if counts[best] else ""


def guess_latin(text: str) -> str:
    """German or English from function words; ``""`` when the text gives no sign."""
    words = [word.casefold() for word in _WORDS.findall(text)]
    german = sum(word in _GERMAN_WORDS for word in words)
    english = sum(word in _ENGLISH_WORDS for word in words)
    if german == english == 0:
        return ""
    return "de" if german > english else "en"


def paragraph_language(document_language: str, text: str) -> str:
    """The lemmatiser for one paragraph of a document in ``document_language``."""
    wanted = normalise_language(document_language)
    found = script(text)
    if wanted in LEMMATISED and (not found or _SCRIPT_OF[wanted] == found):
        return wanted
    if found == "cyrillic":
        return "ru" if wanted in ("", *LEMMATISED) else GENERIC
    if found == "latin":
        if wanted and wanted not in LEMMATISED:
            return GENERIC  # Azerbaijani and other Latin-script languages
        return guess_latin(text) or GENERIC
    return GENERIC


def query_languages(word: str) -> tuple[str, ...]:
    """The lemmatisers that could have produced a query word's lemma in some document."""
    found = script(word)
    if found == "cyrillic":
        return ("ru",)
    if found == "latin":
        # English first: its tokenizer splits contractions (don't) as it did in the text.
        return ("en", "de")
    return ()
