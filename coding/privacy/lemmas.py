"""Matching names on lemmas, so that every inflected form of a listed name is found.

Russian names decline (Иванов, Ивановым, Ивановой; Москва, Москвы), so a name is matched on
its lemmas: pymorphy3, the analyser behind spaCy's Russian lemmatizer, gives every possible
normal form of a word, including guesses for names it does not know. Used directly rather
than through a spaCy pipeline because exports ask for thousands of short strings. Latin
script words also match without a plural or genitive ``s`` (Ivanovs, Müllers); ``'s`` is a
separate token. A listed term ending in ``*`` matches every word that starts with it, for
languages with case suffixes and no analyser here (Azerbaijani ``Bakı*``: Bakıda, Bakıya).
Listed terms are matched loosely as well: a word that begins with a listed word of five or
more letters is caught (Berliner, Berlinerin), since the researcher asked for them by name.
Georgian has no analyser here either: its case endings and postpositions are cut off a word
(ნინოს, ნინომ, თბილისში, თბილისისთვის), and a stem that lost its nominative ``ი`` gets it
back, so that a listed Georgian name matches its inflected forms. A person's name of several
words also matches each of its words alone (``name_parts``): a surname on its own names a
person as surely as the full name does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

WORD = re.compile(r"[^\W_]+")
# What may stand between the words of one name: a space, a line break, a hyphen, an apostrophe.
_JOINER = re.compile(r"[\s\-\u2010\u2011'\u2019]{1,3}")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_GEORGIAN = re.compile(r"[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]")
# Case endings and the postpositions written onto a Georgian noun, longest first.
_GEORGIAN_ENDINGS = tuple(
    sorted(
        (
            "ისთვის სთვის ისგან სგან ისკენ სკენ ისადმი სადმი ისთან სთან ისში სში ისზე სზე "
            "ამდე მდე იდან დან ებში ებზე ებით ებს ები ით ად ის ში ზე თან ს მ ი"
        ).split(),
        key=len,
        reverse=True,
    )
)
_GEORGIAN_STEM_MIN = 3
# Words inside a person's name that are no name on their own: particles, initials.
_NAME_PARTICLES = frozenset(
    "von van der den de del della di da du la le bin ibn al el ben oglu oğlu kyzy qizi "
    "оглы кызы ибн бен фон ван дер де ди да".split()
)
NAME_PART_MIN = 3
WILDCARD = "*"
LOOSE_MIN = 5


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def is_cyrillic(word: str) -> bool:
    return _CYRILLIC.search(word) is not None


def is_georgian(word: str) -> bool:
    return _GEORGIAN.search(word) is not None


def _georgian_stems(word: str) -> set[str]:
    stems = {word}
    for ending in _GEORGIAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _GEORGIAN_STEM_MIN:
            stem = word[: -len(ending)]
            stems.update({stem, stem + "ი"})
    return stems


@lru_cache(maxsize=200_000)
def forms(word: str) -> frozenset[str]:
    """Every lemma ``word`` may stand for, casefolded, the word itself included."""
    folded = word.casefold()
    found = {folded}
    if is_cyrillic(folded):
        found.update(parse.normal_form.replace("ё", "е") for parse in _morph().parse(folded))
        found.add(folded.replace("ё", "е"))
    elif is_georgian(folded):
        found.update(_georgian_stems(folded))
    elif len(folded) >= 4 and folded.endswith("s"):
        found.add(folded[:-1])
        if folded.endswith("es"):
            found.add(folded[:-2])
    return frozenset(found)


def lemma(word: str) -> str:
    """The most likely lemma: the key under which a name is stored."""
    folded = word.casefold()
    if is_cyrillic(folded):
        return str(_morph().parse(folded)[0].normal_form).replace("ё", "е")
    return folded


def words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]


def name_key(name: str) -> str:
    """The key of a name: its words' lemmas; a trailing ``*`` (wildcard) is kept."""
    tokens = [lemma(word) for _, _, word in words(name)]
    if name.rstrip().endswith(WILDCARD) and tokens:
        tokens[-1] = name.rstrip()[:-1].split()[-1].casefold() + WILDCARD
    return " ".join(tokens)


def display_name(name: str) -> str:
    """A found name in its dictionary form where one is known (Иваном Петровым: Иван Петров)."""
    parts = []
    for _, _, word in words(name):
        if is_cyrillic(word) and not word.isupper():
            base = lemma(word)
            parts.append(base[:1].upper() + base[1:] if word[:1].isupper() else base)
        else:
            parts.append(word)
    return " ".join(parts) if parts else name.strip()


def name_parts(name: str) -> list[str]:
    """The words of a name of several words that name the person alone (not "von", not "J.")."""
    if name.rstrip().endswith(WILDCARD):
        return []
    found = [word for _, _, word in words(name)]
    if len(found) < 2:
        return []
    return [
        word
        for word in dict.fromkeys(found)
        if len(word) >= NAME_PART_MIN and word.casefold() not in _NAME_PARTICLES
    ]


def _variants(word: str) -> frozenset[str]:
    """What a word of a name matches: a Russian word only by its most likely lemma, since
    its other readings would catch other names (Иванов is also "of the Ivans": Иван)."""
    if is_cyrillic(word):
        return frozenset({lemma(word), word.casefold().replace("ё", "е")})
    if is_georgian(word):
        # A Georgian name as listed, and its stem without the nominative ``ი`` (თბილის-ში).
        folded = word.casefold()
        if folded.endswith("ი") and len(folded) > _GEORGIAN_STEM_MIN:
            return frozenset({folded, folded[:-1]})
        return frozenset({folded})
    return forms(word)


@dataclass(frozen=True)
class Pattern:
    """One name to look for: per word, the lemmas that match it, or a prefix (wildcard)."""

    entity_id: int
    variants: tuple[frozenset[str], ...]
    prefixes: tuple[str | None, ...]
    loose: bool = False

    @classmethod
    def of(cls, entity_id: int, name: str, *, loose: bool = False) -> Pattern:
        variants: list[frozenset[str]] = []
        prefixes: list[str | None] = []
        stripped = name.strip()
        found = words(stripped)
        for index, (_, _, word) in enumerate(found):
            last = index == len(found) - 1
            if last and stripped.endswith(WILDCARD):
                prefixes.append(word.casefold())
                variants.append(frozenset())
            else:
                prefixes.append(word.casefold() if loose and len(word) >= LOOSE_MIN else None)
                variants.append(_variants(word))
        return cls(entity_id, tuple(variants), tuple(prefixes), loose)

    def matches_word(self, index: int, word: str) -> bool:
        if not self.variants[index].isdisjoint(forms(word)):
            return True
        prefix = self.prefixes[index]
        return prefix is not None and word.casefold().startswith(prefix)

    @property
    def keys(self) -> frozenset[str]:
        """Index keys of the first word: its lemmas, and its first letters when loose."""
        first = set(self.variants[0])
        if self.prefixes[0] is not None:
            first.add(self.prefixes[0][:LOOSE_MIN])
        return frozenset(first)


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    entity_id: int
    # A loose or wildcard pattern: an exact one wins over it on the same words.
    loose: bool = False


class Matcher:
    """Finds names in any text: leftmost, longest, never two on the same characters."""

    def __init__(self, patterns: Iterable[Pattern]) -> None:
        self._by_key: dict[str, list[Pattern]] = {}
        self._short: list[Pattern] = []
        self.patterns = [p for p in patterns if p.variants]
        for pattern in self.patterns:
            prefix = pattern.prefixes[0]
            if prefix is not None and len(prefix) < LOOSE_MIN:
                self._short.append(pattern)  # a short wildcard: checked at every word
            for key in pattern.keys:
                self._by_key.setdefault(key, []).append(pattern)

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def find(self, text: str) -> list[Match]:
        if not self.patterns:
            return []
        tokens = words(text)
        found: list[Match] = []
        for index, (start, _, word) in enumerate(tokens):
            keys = {*forms(word), word.casefold()[:LOOSE_MIN]}
            candidates = {id(p): p for key in keys for p in self._by_key.get(key, ())}
            for pattern in self._short:
                candidates[id(pattern)] = pattern
            for pattern in candidates.values():
                end = _match_at(pattern, tokens, index, text)
                if end is not None:
                    loose = pattern.loose or any(p is not None for p in pattern.prefixes)
                    found.append(Match(start, end, pattern.entity_id, loose))
        return choose(found)

    def replace(self, text: str, pseudonyms: dict[int, str]) -> str:
        pieces: list[str] = []
        at = 0
        for match in self.find(text):
            pieces.append(text[at : match.start])
            pieces.append(pseudonyms[match.entity_id])
            at = match.end
        pieces.append(text[at:])
        return "".join(pieces)


def _match_at(
    pattern: Pattern, tokens: Sequence[tuple[int, int, str]], index: int, text: str
) -> int | None:
    size = len(pattern.variants)
    if index + size > len(tokens):
        return None
    for offset in range(size):
        start, _, word = tokens[index + offset]
        if offset and not _JOINER.fullmatch(text[tokens[index + offset - 1][1] : start]):
            return None
        if not pattern.matches_word(offset, word):
            return None
    return tokens[index + size - 1][1]


def choose(matches: Iterable[Match]) -> list[Match]:
    """Leftmost first, the longest at a position, dropping any that overlap a chosen one."""
    chosen: list[Match] = []
    end = -1
    ordered = sorted(matches, key=lambda m: (m.start, -(m.end - m.start), m.loose, m.entity_id))
    for match in ordered:
        if match.start >= end:
            chosen.append(match)
            end = match.end
    return chosen
