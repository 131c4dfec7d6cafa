"""Turning the character positions another tool wrote into positions in Transcoda's text.

Transcoda keeps text with ``\\n`` line endings, in NFC, and counts code points. Files from
Windows tools end lines with CRLF, and tools disagree on whether that is one character or two
(NVivo counts two, ATLAS.ti one). The text decides where it can: a selection's ``name`` is
usually the start of the selected text, so the convention under which the names match is the
one the file used; positions past the end of the one-character reading need two. Only when
nothing tells does the tool's name, and then the literal reading (two), decide.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_CRLF = re.compile("\r\n")
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

    def __init__(self, raw: str, crlf_as_two: bool) -> None:
        self.crlf_as_two = crlf_as_two
        self.has_crlf = "\r\n" in raw
        self._pairs = [match.start() for match in _CRLF.finditer(raw)]
        self._raw_length = len(raw) if crlf_as_two else len(raw) - len(self._pairs)
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
        if self.crlf_as_two:
            position -= bisect.bisect_left(self._pairs, position)
        return position if self._nfc is None else self._nfc[position]


def read_positions(raw: str, probes: Sequence[Probe], origin: str) -> TextPositions:
    """Decide how the file counted CRLF (see the module notes) and map its positions."""
    if "\r\n" not in raw:
        return TextPositions(raw, crlf_as_two=False)
    one = TextPositions(raw, crlf_as_two=False)
    two = TextPositions(raw, crlf_as_two=True)
    named = [probe for probe in probes if len(_words(probe.name)) >= _MIN_NAME_CHARS]
    matches_one = sum(_matches(one, probe) for probe in named)
    matches_two = sum(_matches(two, probe) for probe in named)
    if matches_one != matches_two:
        return one if matches_one > matches_two else two
    if any(one.to_text(probe.end) is None for probe in probes):
        return two
    return one if "atlas" in origin.lower() else two


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
