"""Turning the character positions another tool wrote into positions in Transcoda's text.

Transcoda keeps text with ``\\n`` line endings, in NFC, and counts code points. Files from
Windows tools end lines with CRLF, and tools disagree on whether that is one character or two
(NVivo counts two, ATLAS.ti one). The text decides where it can: a selection's ``name`` is
usually the start of the selected text, so the convention under which the names match is the
one the file used; positions past the end of the one-character reading need two. Only when
nothing tells does the tool's name, and then the literal reading (two), decide.

Tools also disagree on what they count: NVivo counts UTF-16 code units (an emoji is two),
others code points. Texts without characters beyond U+FFFF hide the difference; where there
are some, both readings are scored on the selections' names and on how many selections begin
and end at word boundaries (a person selects whole words: on a real NVivo 12 export 302 of
303 do under the right reading, 80 under the wrong one). A reading that wins clearly is used;
a near tie is decided by the tool's name and reported as doubtful (``TextPositions.doubt``).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_CRLF = re.compile("\r\n")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_QUOTATION_ID = re.compile(r"^\d+:\d+\s+")  # ATLAS.ti names a quotation "1:12 text..."
_ELLIPSIS = ("...", "…")
_NAME_CHARS = 40
_MIN_NAME_CHARS = 3


@dataclass(frozen=True)
class Probe:
    """A selection as the file gives it: raw positions and the name the tool gave it."""

    start: int
    end: int
    name: str


class TextPositions:
    """The normalised text of a source and a mapping from the file's positions into it."""

    def __init__(self, raw: str, crlf_as_two: bool, *, utf16: bool = False) -> None:
        self.crlf_as_two = crlf_as_two
        self.utf16 = utf16
        self.has_crlf = "\r\n" in raw
        self.has_astral = _ASTRAL.search(raw) is not None
        # Set by read_positions when the evidence for the reading was thin.
        self.doubt: str | None = None
        self._pairs = [match.start() for match in _CRLF.finditer(raw)]
        self._raw_length = len(raw) if crlf_as_two else len(raw) - len(self._pairs)
        # Where each character beyond U+FFFF starts, in UTF-16 units of the counted text.
        self._astral: list[int] = []
        if utf16 and self.has_astral:
            counted = raw if crlf_as_two else raw.replace("\r\n", "\n")
            indices = [match.start() for match in _ASTRAL.finditer(counted)]
            self._astral = [index + before for before, index in enumerate(indices)]
            self._raw_length += len(indices)
        collapsed = raw.replace("\r\n", "\n").replace("\r", "\n")
        if unicodedata.is_normalized("NFC", collapsed):
            self.text = collapsed
            self._nfc: list[int] | None = None
        else:
            self.text, self._nfc = _nfc_with_map(collapsed)

    @property
    def file_length(self) -> int:
        """The text's length as the file counts it (CRLF as one or two characters)."""
        return self._raw_length

    def to_text(self, position: int) -> int | None:
        """The position in ``text``, or None when the file's position lies outside the text."""
        if not 0 <= position <= self._raw_length:
            return None
        if self._astral:
            before = bisect.bisect_left(self._astral, position)
            if before and self._astral[before - 1] == position - 1:
                return None  # between the two halves of a surrogate pair: no character edge
            position -= before
        if self.crlf_as_two:
            position -= bisect.bisect_left(self._pairs, position)
        return position if self._nfc is None else self._nfc[position]


def read_positions(raw: str, probes: Sequence[Probe], origin: str) -> TextPositions:
    """Decide how the file counted (see the module notes) and map its positions."""
    crlf = (False, True) if "\r\n" in raw else (False,)
    units = (False, True) if _ASTRAL.search(raw) else (False,)
    readings = [TextPositions(raw, two, utf16=wide) for two in crlf for wide in units]
    if len(readings) == 1:
        return readings[0]
    named = [probe for probe in probes if len(_words(probe.name)) >= _MIN_NAME_CHARS]
    scored = sorted(
        (
            (_score(reading, probes, named), _default_rank(reading, origin), reading)
            for reading in readings
        ),
        key=lambda item: (item[0], item[1]),
        reverse=True,
    )
    (best_score, _, best), (second_score, _, _) = scored[0], scored[1]
    if probes and best_score - second_score <= max(1, len(probes) // 20):
        best.doubt = (
            f"the positions fit {describe(best)} hardly better than another reading "
            f"({best_score} against {second_score} points from {len(probes)} selections); "
            "check a few codings against their text"
        )
    return best


def _score(reading: TextPositions, probes: Sequence[Probe], named: Sequence[Probe]) -> int:
    """Evidence for a reading: names that match count most, then whole-word selections."""
    score = 4 * sum(_matches(reading, probe) for probe in named)
    for probe in probes:
        start, end = reading.to_text(probe.start), reading.to_text(probe.end)
        if start is None or end is None or end < start:
            score -= 4  # outside the text under this reading
            continue
        score += _at_boundary(reading.text, start) + _at_boundary(reading.text, end)
    return score


def _at_boundary(text: str, position: int) -> bool:
    if position <= 0 or position >= len(text):
        return True
    return not (_is_word(text[position - 1]) and _is_word(text[position]))


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _default_rank(reading: TextPositions, origin: str) -> int:
    """When the evidence ties: what the tool is known to write."""
    tool = origin.lower()
    crlf_two = "atlas" not in tool
    utf16 = "nvivo" in tool
    return (reading.crlf_as_two == crlf_two) + (reading.utf16 == utf16)


def describe(reading: TextPositions) -> str:
    """How the file's positions were read, for the import report."""
    counted = "UTF-16 code units" if reading.utf16 else "characters (code points)"
    if reading.has_crlf:
        line = "two" if reading.crlf_as_two else "one"
        return f"{counted}, a line break as {line}"
    return counted


def _matches(positions: TextPositions, probe: Probe) -> bool:
    start, end = positions.to_text(probe.start), positions.to_text(probe.end)
    if start is None or end is None:
        return False
    name = _QUOTATION_ID.sub("", _words(probe.name))
    for ellipsis in _ELLIPSIS:
        name = name.removesuffix(ellipsis).rstrip()
    selected = _words(positions.text[start:end])
    wanted = name[:_NAME_CHARS]
    return bool(wanted) and selected.startswith(wanted)


def _words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _nfc_with_map(text: str) -> tuple[str, list[int]]:
    """NFC of ``text`` and, for every position, where it lands in the result.

    Composition never reaches back across an ASCII character (an ASCII letter is a starter
    that nothing composes onto), so the text is normalised in runs that each begin at one; a
    position inside a run that changes is placed by normalising the run up to it.
    """
    starts = [0] + [i for i, char in enumerate(text) if i and char < "\x80"]
    mapping = [0] * (len(text) + 1)
    parts: list[str] = []
    done = 0
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        run = text[start:end]
        normal = unicodedata.normalize("NFC", run)
        same = normal == run
        for offset in range(len(run)):
            mapping[start + offset] = done + (
                offset if same else len(unicodedata.normalize("NFC", run[:offset]))
            )
        parts.append(normal)
        done += len(normal)
    mapping[len(text)] = done
    return "".join(parts), mapping
