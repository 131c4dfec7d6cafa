"""Codes in QDA-XML, shared by codebooks (.qdc) and projects (.qdpx).

A REFI code has one ``Description``; a Transcoda code has a definition and three rules for
applying it. They travel as one text with labelled paragraphs ("When to use: ..."), which
reads naturally in any other tool and is split back into the four fields on import.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from coding.privacy.outbound import Outbound
from coding.refi.guids import normalise_guid
from coding.refi.xml_tools import Element, attr, child, children, sub, text_child, text_of
from models.entities import Code

_SECTIONS = (
    ("when_to_use", "When to use"),
    ("when_not_to_use", "When not to use"),
    ("example", "Example"),
)
_SECTION_START = re.compile(
    r"(?:^|\n[ \t]*\n)(?P<label>When to use|When not to use|Example):[ \t]*\n?", re.IGNORECASE
)
_LABEL_FIELDS = {label.lower(): name for name, label in _SECTIONS}
_SHORT_COLOR = re.compile(r"#?([0-9A-Fa-f])([0-9A-Fa-f])([0-9A-Fa-f])")
_LONG_COLOR = re.compile(r"#?([0-9A-Fa-f]{6})")


@dataclass
class RefiCode:
    guid: str
    name: str
    color: str | None
    description: str
    codable: bool
    note_refs: list[str] = field(default_factory=list)
    children: list[RefiCode] = field(default_factory=list)


def code_description(code: Code) -> str:
    parts = [code.definition.strip()] if code.definition.strip() else []
    for name, label in _SECTIONS:
        value = str(getattr(code, name)).strip()
        if value:
            parts.append(f"{label}: {value}")
    return "\n\n".join(parts)


def split_description(text: str) -> dict[str, str]:
    """The four code fields from a description written by ``code_description`` (or a person)."""
    fields = {"definition": "", "when_to_use": "", "when_not_to_use": "", "example": ""}
    matches = list(_SECTION_START.finditer(text))
    fields["definition"] = (text[: matches[0].start()] if matches else text).strip()
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        name = _LABEL_FIELDS[match.group("label").lower()]
        value = text[match.end() : end].strip()
        fields[name] = f"{fields[name]}\n\n{value}".strip() if fields[name] else value
    return fields


def normalise_color(raw: str | None) -> str | None:
    """``#RRGGBB`` in upper case from the colour forms tools write, or None."""
    if not raw:
        return None
    raw = raw.strip()
    long = _LONG_COLOR.fullmatch(raw)
    if long:
        return f"#{long.group(1).upper()}"
    short = _SHORT_COLOR.fullmatch(raw)
    if short:
        return "#" + "".join(part * 2 for part in short.groups()).upper()
    return None


def add_code_elements(
    parent: Element,
    codes: Sequence[Code],
    children_of: dict[int | None, list[Code]],
    guid_of: Callable[[Code], str],
    notes_of: Callable[[Code], list[str]] | None = None,
    *,
    out: Outbound,
) -> None:
    """``Code`` elements for ``codes`` and their subcodes, in schema order; names and
    descriptions (with their examples) leave through ``out``."""
    for code in codes:
        element = sub(
            parent,
            "Code",
            {
                "guid": guid_of(code),
                "name": out.text(code.name),
                "isCodable": "true",
                "color": code.color,
            },
        )
        description = out.text(code_description(code))
        if description:
            text_child(element, "Description", description)
        for note in notes_of(code) if notes_of else []:
            sub(element, "NoteRef", {"targetGUID": note})
        add_code_elements(
            element, children_of.get(code.id, []), children_of, guid_of, notes_of, out=out
        )


def read_codes(container: Element, problems: list[str]) -> list[RefiCode]:
    """The code tree under a ``Codes`` element (or a ``Code``), liberal about what it skips."""
    result: list[RefiCode] = []
    for element in children(container, "Code"):
        guid = normalise_guid(attr(element, "guid"))
        name = " ".join((attr(element, "name") or "").split())
        if guid is None or not name:
            problems.append(
                f"a code without a {'name' if guid else 'valid GUID'} "
                f"({attr(element, 'name') or attr(element, 'guid') or '?'}) was left out, "
                "with its subcodes"
            )
            continue
        code = RefiCode(
            guid=guid,
            name=name,
            color=normalise_color(attr(element, "color")),
            description=text_of(child(element, "Description")),
            codable=(attr(element, "isCodable") or "true").strip().lower() not in ("false", "0"),
            note_refs=[
                ref
                for note in children(element, "NoteRef")
                if (ref := normalise_guid(attr(note, "targetGUID")))
            ],
        )
        code.children = read_codes(element, problems)
        result.append(code)
    return result
