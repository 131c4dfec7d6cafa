"""Checking QDA-XML: the REFI-QDA schemas, and the GUID references they do not check.

The schemas only say that a reference looks like a GUID; a ``CodeRef`` that points nowhere
is valid to them and breaks every tool that reads the file. ``reference_problems`` closes that
gap: every reference must name an element of the right kind, and every GUID must be defined
once.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any, Literal

from coding.refi.guids import normalise_guid
from coding.refi.xml_tools import Element, local

SchemaKind = Literal["project", "codebook"]
_FILES = {"project": "Project-mrt2019.xsd", "codebook": "Codebook-mrt2019.xsd"}

_SOURCES = frozenset({"textsource", "picturesource", "pdfsource", "audiosource", "videosource"})
_SELECTIONS = frozenset(
    {
        "plaintextselection",
        "pictureselection",
        "pdfselection",
        "audioselection",
        "videoselection",
        "transcriptselection",
    }
)
# Which element kinds a reference may point at, by (referring element, attribute).
_TARGETS: dict[tuple[str, str], frozenset[str]] = {
    ("noteref", "targetguid"): frozenset({"note"}),
    ("membernote", "targetguid"): frozenset({"note"}),
    ("coderef", "targetguid"): frozenset({"code"}),
    ("membercode", "targetguid"): frozenset({"code"}),
    ("membercode", "guid"): frozenset({"code"}),  # the codebook schema's spelling
    ("sourceref", "targetguid"): _SOURCES,
    ("membersource", "targetguid"): _SOURCES,
    ("selectionref", "targetguid"): _SELECTIONS,
    ("variableref", "targetguid"): frozenset({"variable"}),
    ("transcriptselection", "fromsyncpoint"): frozenset({"syncpoint"}),
    ("transcriptselection", "tosyncpoint"): frozenset({"syncpoint"}),
    ("edge", "sourcevertex"): frozenset({"vertex"}),
    ("edge", "targetvertex"): frozenset({"vertex"}),
}
_USER_ATTRIBUTES = frozenset(
    {"creatinguser", "modifyinguser", "creatinguserguid", "modifyinguserguid"}
)
_ANY_TARGET = frozenset({"originguid", "targetguid", "representedguid"})


@cache
def _schema(kind: SchemaKind) -> Any:
    from lxml import etree

    text = resources.files("resources").joinpath("refi_qda", _FILES[kind]).read_bytes()
    return etree.XMLSchema(etree.fromstring(text))


def schema_problems(root: Element, kind: SchemaKind) -> list[str]:
    """What the REFI-QDA schema finds wrong with a document ([] when it is valid)."""
    schema = _schema(kind)
    if schema.validate(root):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]


def reference_problems(root: Element) -> list[str]:
    """GUIDs defined twice, and references that point at nothing or at the wrong kind."""
    problems: list[str] = []
    defined: dict[str, tuple[str, Element]] = {}
    for element in root.iter():
        guid = element.get("guid")
        if guid is None or local(element) in ("membercode",):
            continue
        key = normalise_guid(guid) or guid
        if key in defined:
            problems.append(
                f"line {element.sourceline}: GUID {guid} is defined again "
                f"(first by {defined[key][0]})"
            )
        else:
            defined[key] = (local(element), element)
    for element in root.iter():
        name = local(element)
        for attribute, value in element.attrib.items():
            key = str(attribute).lower()
            if key in _USER_ATTRIBUTES:
                allowed: frozenset[str] | None = frozenset({"user"})
            elif (name, key) in _TARGETS:
                allowed = _TARGETS[(name, key)]
            elif key in _ANY_TARGET:
                allowed = None
            else:
                continue
            target = defined.get(normalise_guid(value) or value)
            where = f"line {element.sourceline}: {name} {attribute}={value}"
            if target is None:
                problems.append(f"{where} refers to no element")
            elif allowed is not None and target[0] not in allowed:
                problems.append(
                    f"{where} refers to a {target[0]}, not a {'/'.join(sorted(allowed))}"
                )
            elif key in ("fromsyncpoint", "tosyncpoint"):
                owner = element.getparent()
                if target[1].getparent() is not owner:
                    problems.append(f"{where} refers to a sync point of another transcript")
    return problems
