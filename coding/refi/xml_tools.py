"""Small helpers for writing QDA-XML strictly and reading it liberally.

Writing follows the schema to the letter. Reading compares element and attribute names by their
local name without regard to case or namespace version, because tools differ in both
(``urn:QDA-XML:project:1.0`` and older drafts, ``startPosition`` and ``StartPosition``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "Transcoda"

Element = Any  # lxml.etree._Element; lxml ships no type information this project can use


def sub(parent: Element, tag: str, attributes: Mapping[str, str | None] | None = None) -> Element:
    """A child element in the parent's namespace; attributes that are None are left out."""
    from lxml import etree

    namespace = etree.QName(parent).namespace
    child = etree.SubElement(parent, f"{{{namespace}}}{tag}" if namespace else tag)
    for key, value in (attributes or {}).items():
        if value is not None:
            child.set(key, xml_safe(value))
    return child


def text_child(parent: Element, tag: str, text: str) -> Element:
    child = sub(parent, tag)
    child.text = xml_safe(text)
    return child


def xml_safe(text: str) -> str:
    """Text without the control characters XML 1.0 cannot carry (they cannot be escaped)."""
    if text.isprintable() or not any(_forbidden(c) for c in text):
        return text
    return "".join(c for c in text if not _forbidden(c))


def _forbidden(char: str) -> bool:
    code = ord(char)
    if code < 0x20:
        return char not in "\t\n\r"
    return 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF)


def xml_datetime(value: datetime | None) -> str | None:
    """xsd:dateTime in UTC; the project stores naive UTC times."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.replace(microsecond=0).isoformat() + "Z"


def parse_datetime(text: str | None) -> datetime | None:
    """Naive UTC from xsd:dateTime or the looser forms tools write; None if unreadable."""
    if not text:
        return None
    value = text.strip().replace(" ", "T", 1)
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


# -- liberal reading ------------------------------------------------------------------------


def local(element: Element) -> str:
    """An element's name without namespace, in lower case; '' for comments and the like."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2].lower()


def children(element: Element, *names: str) -> Iterator[Element]:
    wanted = {name.lower() for name in names}
    for child in element:
        if local(child) in wanted:
            yield child


def child(element: Element, name: str) -> Element | None:
    return next(children(element, name), None)


def attr(element: Element, name: str) -> str | None:
    value = element.get(name)
    if value is not None:
        return str(value)
    lowered = name.lower()
    for key, found in element.attrib.items():
        if str(key).rpartition("}")[2].lower() == lowered:
            return str(found)
    return None


def int_attr(element: Element, name: str) -> int | None:
    value = attr(element, name)
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        try:
            return round(float(value.strip()))
        except (ValueError, OverflowError):
            return None


def text_of(element: Element | None) -> str:
    if element is None:
        return ""
    return "".join(element.itertext())
