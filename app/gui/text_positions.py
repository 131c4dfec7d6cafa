"""Converting text positions between Unicode code points and Qt's UTF-16 code units.

The project stores every offset in code points (REFI-QDA); QTextCursor counts UTF-16 code
units, in which a character outside the Basic Multilingual Plane (most emoji, some CJK and
historic scripts) takes two units. Georgian and Cyrillic are inside the BMP and count one each.
These are pure functions, with no Qt, so that they are cheap to test.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_length(text: str) -> int:
    """How many UTF-16 code units ``text`` takes (what Qt calls its length)."""
    return len(text) + sum(1 for _ in _ASTRAL.finditer(text))


def to_utf16(text: str, code_point: int) -> int:
    """The UTF-16 offset of code point ``code_point`` of ``text`` (clamped to the text)."""
    return PositionMap(text).to_utf16(code_point)


def to_code_point(text: str, unit: int) -> int:
    """The code point offset of UTF-16 offset ``unit``; inside a surrogate pair rounds down."""
    return PositionMap(text).to_code_point(unit)


class PositionMap:
    """Both conversions for one text, in O(log n) each after one O(n) scan.

    Only the positions of astral characters are kept, so a text without any (the usual case)
    costs one regular-expression scan and converts by identity.
    """

    __slots__ = ("_astral", "_astral16", "_length")

    def __init__(self, text: str) -> None:
        self._length = len(text)
        self._astral = [match.start() for match in _ASTRAL.finditer(text)]
        # UTF-16 offset of the high surrogate of the k-th astral character.
        self._astral16 = [position + k for k, position in enumerate(self._astral)]

    @property
    def identity(self) -> bool:
        return not self._astral

    @property
    def code_points(self) -> int:
        return self._length

    @property
    def utf16_units(self) -> int:
        return self._length + len(self._astral)

    def to_utf16(self, code_point: int) -> int:
        code_point = max(0, min(code_point, self._length))
        if not self._astral:
            return code_point
        return code_point + bisect_left(self._astral, code_point)

    def to_code_point(self, unit: int) -> int:
        unit = max(0, min(unit, self.utf16_units))
        if not self._astral:
            return unit
        # Astral characters that end at or before ``unit`` each took one extra unit.
        whole = bisect_right(self._astral16, unit - 2)
        code_point = unit - whole
        if whole < len(self._astral16) and self._astral16[whole] == unit - 1:
            code_point -= 1  # ``unit`` falls between the two halves of a surrogate pair
        return code_point

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def span_to_code_points(self, start: int, end: int) -> tuple[int, int]:
        """A UTF-16 span as code points; an end inside a pair rounds up to keep the character."""
        first = self.to_code_point(start)
        last = self.to_code_point(end)
        if self.to_utf16(last) < end:
            last += 1
        return first, min(last, self._length)
