"""Attribute values of cases: recognising numbers, dates and choices, and their canonical form.

Canonical strings make values comparable across files and locales: numbers as plain
decimals with a dot ("3.5", never "3,50" or "3.5E+0"), dates as ISO ``yyyy-mm-dd``.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Final, Literal

ColumnType = Literal["text", "number", "date", "choice"]
COLUMN_TYPES: Final[tuple[ColumnType, ...]] = ("text", "number", "date", "choice")

MAX_CHOICES = 12
"""More distinct values than this are not a choice list a researcher would filter by."""

CHOICE_SHARE = 0.6
"""A choice column repeats its values: at most this many distinct values per filled cell."""

# Thousands may be grouped with spaces (Russian, German in print) or apostrophes (Swiss).
_NUMBER = re.compile(
    r"(?P<sign>[+-]?)(?P<whole>[0-9]+|[0-9]{1,3}(?:[ \u00a0\u202f'][0-9]{3})+)"
    r"(?:[.,](?P<fraction>[0-9]+))?"
)
_ISO_DATE = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})")
_DOTTED_DATE = re.compile(r"(?P<day>[0-9]{1,2})\.(?P<month>[0-9]{1,2})\.(?P<year>[0-9]{4})")


def canonical_number(value: str) -> str | None:
    """Return "1234.5" for "1 234,50"; None for anything else, including IDs with leading zeros."""
    match = _NUMBER.fullmatch(value.strip())
    if match is None:
        return None
    whole = re.sub(r"[ \u00a0\u202f']", "", match.group("whole"))
    if len(whole) > 1 and whole.startswith("0"):
        return None  # "007", "01067": identifiers and postcodes, not quantities
    fraction = match.group("fraction")
    try:
        number = Decimal(
            f"{match.group('sign')}{whole}.{fraction}"
            if fraction
            else f"{match.group('sign')}{whole}"
        )
    except InvalidOperation:
        return None
    return format_decimal(number)


def format_decimal(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "+0") else text


def canonical_date(value: str) -> str | None:
    """ISO ``2024-03-12`` or German/Russian ``12.03.2024`` -> ``2024-03-12``."""
    value = value.strip()
    match = _ISO_DATE.fullmatch(value) or _DOTTED_DATE.fullmatch(value)
    if match is None:
        return None
    try:
        day = datetime.date(
            int(match.group("year")), int(match.group("month")), int(match.group("day"))
        )
    except ValueError:
        return None
    return day.isoformat()


def infer_type(values: list[str]) -> ColumnType:
    """The narrowest type that fits every filled value of a column."""
    filled = [value for value in values if value]
    if not filled:
        return "text"
    if all(canonical_number(value) is not None for value in filled):
        return "number"
    if all(canonical_date(value) is not None for value in filled):
        return "date"
    distinct = len(set(filled))
    if distinct <= MAX_CHOICES and distinct <= CHOICE_SHARE * len(filled):
        return "choice"
    return "text"


def canonical_value(value: str, column_type: ColumnType) -> str | None:
    """The canonical form of a filled value, or None when it does not fit the type."""
    if column_type == "number":
        return canonical_number(value)
    if column_type == "date":
        return canonical_date(value)
    return value


def choices_of(values: list[str]) -> tuple[str, ...]:
    """Distinct filled values in the order they first appear (the order of the file)."""
    return tuple(dict.fromkeys(value for value in values if value))
