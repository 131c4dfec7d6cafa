"""Adding an imported code tree to a project, inside a running operation.

A code that already exists at the same place in the codebook (same names from the top) is
reused, so importing a team's shared codebook twice adds nothing the second time. Two codes of
one parent with the same name in the file become "Name" and "Name (2)"; a ``/`` in a name,
which Transcoda uses for paths, becomes a hyphen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding.codebook import create_code_in
from coding.refi.codebook_xml import RefiCode, split_description
from coding.refi.report import ImportReport
from models.entities import Code


@dataclass
class CodeMap:
    """Which project code each code GUID of the file became."""

    ids: dict[str, int] = field(default_factory=dict)
    # Held so that the session's identity map (weak references) keeps them for the codings.
    rows: list[Code] = field(default_factory=list)
    created: int = 0
    reused: int = 0


def add_codes(
    session: Session,
    codes: list[RefiCode],
    report: ImportReport,
    *,
    skip: frozenset[str] = frozenset(),
) -> CodeMap:
    mapping = CodeMap()
    _add_level(session, codes, None, mapping, report, skip, set())
    return mapping


def _add_level(
    session: Session,
    codes: list[RefiCode],
    parent_id: int | None,
    mapping: CodeMap,
    report: ImportReport,
    skip: frozenset[str],
    made_here: set[int],
) -> None:
    taken: set[str] = set()
    for code in codes:
        if code.guid in skip:
            continue
        if code.guid in mapping.ids:
            report.skip(f"the code '{code.name}' appears twice in the file; kept once")
            continue
        name = code.name.replace("/", "-")
        if name != code.name:
            report.notes.append(f"the code '{code.name}' is called '{name}' ('/' separates levels)")
        existing = _sibling(session, parent_id, name)
        if existing is not None and existing.id not in made_here and name.lower() not in taken:
            mapping.ids[code.guid] = existing.id
            mapping.rows.append(existing)
            mapping.reused += 1
        else:
            unique = _unique_name(session, parent_id, name)
            if unique != name:
                report.notes.append(f"a second code '{name}' at one level is called '{unique}'")
            fields = split_description(code.description)
            created = create_code_in(
                session,
                name=unique,
                parent_id=parent_id,
                color=code.color,
                definition=fields["definition"],
                when_to_use=fields["when_to_use"],
                when_not_to_use=fields["when_not_to_use"],
                example=fields["example"],
            )
            made_here.add(created.id)
            mapping.ids[code.guid] = created.id
            mapping.rows.append(created)
            mapping.created += 1
            name = unique
        taken.add(name.lower())
        _add_level(session, code.children, mapping.ids[code.guid], mapping, report, skip, made_here)


def _sibling(session: Session, parent_id: int | None, name: str) -> Code | None:
    # Compared in Python: SQLite's lower() folds ASCII only, and code names are often Cyrillic.
    query = select(Code).where(
        Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id
    )
    wanted = name.casefold()
    return next((code for code in session.scalars(query) if code.name.casefold() == wanted), None)


def _unique_name(session: Session, parent_id: int | None, name: str) -> str:
    candidate, number = name, 2
    while _sibling(session, parent_id, candidate) is not None:
        candidate = f"{name} ({number})"
        number += 1
    return candidate
