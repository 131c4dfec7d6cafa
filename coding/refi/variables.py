"""Attributes as REFI variables, both ways.

REFI types a variable Text, Boolean, Integer, Float, Date or DateTime. A Transcoda number is
an Integer when every value is whole, a date is a Date, text is Text. A choice attribute is a
Text variable whose description lists the choices under a ``Choices:`` line, so that other
tools show the list to their users and a re-import restores it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from coding.refi.xml_tools import Element, attr, children, local, sub, text_child, text_of
from models.entities import AttributeType

CHOICES_LABEL = "Choices:"
_VALUE_ELEMENTS = {
    "Text": "TextValue",
    "Boolean": "BooleanValue",
    "Integer": "IntegerValue",
    "Float": "FloatValue",
    "Date": "DateValue",
    "DateTime": "DateTimeValue",
}
_VALUE_TAGS = {tag.lower() for tag in _VALUE_ELEMENTS.values()}
_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})


def refi_type(kind: str, values: Iterable[str]) -> str:
    if kind == AttributeType.NUMBER:
        whole = all("." not in value for value in values if value)
        return "Integer" if whole else "Float"
    if kind == AttributeType.DATE:
        return "Date"
    return "Text"


def choices_description(choices: list[str]) -> str:
    return "\n".join([CHOICES_LABEL, *choices]) if choices else ""


def add_variable_value(parent: Element, variable_guid: str, type_name: str, value: str) -> None:
    element = sub(parent, "VariableValue")
    sub(element, "VariableRef", {"targetGUID": variable_guid})
    text_child(element, _VALUE_ELEMENTS[type_name], value)


@dataclass(frozen=True)
class ImportedType:
    kind: str
    choices: tuple[str, ...] = ()


def transcoda_type(type_name: str | None, description: str) -> ImportedType:
    """The attribute type for a REFI variable (choices come from the description)."""
    name = (type_name or "Text").strip().lower()
    if name in ("integer", "float"):
        return ImportedType(AttributeType.NUMBER.value)
    if name == "date":
        return ImportedType(AttributeType.DATE.value)
    if name == "boolean":
        return ImportedType(AttributeType.CHOICE.value, ("true", "false"))
    lines = [line.strip() for line in description.strip().split("\n")]
    if name == "text" and lines and lines[0].lower() == CHOICES_LABEL.lower():
        choices = tuple(dict.fromkeys(line for line in lines[1:] if line))
        if choices:
            return ImportedType(AttributeType.CHOICE.value, choices)
    return ImportedType(AttributeType.TEXT.value)


def read_value(element: Element) -> tuple[str | None, str | None, str]:
    """(variable GUID as written, value element name, value text) of a ``VariableValue``."""
    reference = next(children(element, "VariableRef"), None)
    guid = attr(reference, "targetGUID") if reference is not None else None
    for value in element:
        if local(value) in _VALUE_TAGS:
            return guid, local(value), text_of(value).strip()
    return guid, None, ""


def canonical_boolean(value: str) -> str | None:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return "true"
    if lowered in _FALSE:
        return "false"
    return None
