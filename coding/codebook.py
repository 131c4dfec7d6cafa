"""The codebook: a tree of codes with colours and the rules for applying them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coding import lookup
from coding.changes import Changes
from coding.errors import Conflict, InvalidInput
from coding.operations import operation
from coding.project import Project
from models.entities import Code, Coding

COLOR_PATTERN = re.compile(r"^#[0-9A-Fa-f]{6}$")
# Distinct, light enough to read text through, dark enough to see as a stripe.
PALETTE = (
    "#F2C744",
    "#7FB3D5",
    "#F1948A",
    "#82E0AA",
    "#C39BD3",
    "#F8C471",
    "#76D7C4",
    "#E59866",
    "#AED6F1",
    "#D7BDE2",
    "#A9DFBF",
    "#F5B7B1",
)
DESCRIPTION_FIELDS = ("definition", "when_to_use", "when_not_to_use", "example")


@dataclass(frozen=True)
class DeleteImpact:
    subcodes: int
    codings: int


def _check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("a code needs a name")
    if "/" in name:
        raise InvalidInput(f"a code name cannot contain '/' ('{name}'): '/' separates levels")
    return name


def _check_color(color: str) -> str:
    if not COLOR_PATTERN.match(color):
        raise InvalidInput(f"'{color}' is not a colour; write it as #RRGGBB")
    return color.upper()


def _check_sibling_free(
    session: Session, parent_id: int | None, name: str, own: int | None
) -> None:
    query = select(Code.id).where(func.lower(Code.name) == name.lower())
    query = query.where(
        Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id
    )
    if own is not None:
        query = query.where(Code.id != own)
    if session.scalar(query) is not None:
        raise Conflict(f"a code named '{name}' already exists at that level of the codebook")


def _next_position(session: Session, parent_id: int | None) -> int:
    query = select(func.max(Code.position))
    query = query.where(
        Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id
    )
    current = session.scalar(query)
    return 0 if current is None else current + 1


def create_code_in(
    session: Session,
    *,
    name: str,
    parent_id: int | None = None,
    color: str | None = None,
    definition: str = "",
    when_to_use: str = "",
    when_not_to_use: str = "",
    example: str = "",
) -> Code:
    """Add a code inside an operation that is already running (imports use it in bulk)."""
    name = _check_name(name)
    if parent_id is not None:
        lookup.code(session, parent_id)
    _check_sibling_free(session, parent_id, name, None)
    if color is None:
        count = session.scalar(select(func.count(Code.id))) or 0
        color = PALETTE[count % len(PALETTE)]
    code = Code(
        name=name,
        parent_id=parent_id,
        color=_check_color(color),
        definition=definition,
        when_to_use=when_to_use,
        when_not_to_use=when_not_to_use,
        example=example,
        position=_next_position(session, parent_id),
    )
    session.add(code)
    session.flush()
    return code


def create_code(
    project: Project,
    *,
    name: str,
    parent_id: int | None = None,
    color: str | None = None,
    definition: str = "",
    when_to_use: str = "",
    when_not_to_use: str = "",
    example: str = "",
) -> Changes:
    with operation(project, f"Create code '{name.strip()}'") as op:
        code = create_code_in(
            op.session,
            name=name,
            parent_id=parent_id,
            color=color,
            definition=definition,
            when_to_use=when_to_use,
            when_not_to_use=when_not_to_use,
            example=example,
        )
        op.id = code.id
    return op.changes


def check_version(code: Code, expected_version: int | None) -> None:
    """Optimistic locking for an edit made from a view: it showed ``expected_version``."""
    if expected_version is not None and code.version != expected_version:
        raise Conflict(
            f"the code '{code.name}' was changed by someone else after you opened it; your "
            "change was not saved: look at the current version and try again"
        )


def rename_code(
    project: Project, *, code_id: int, name: str, expected_version: int | None = None
) -> Changes:
    with operation(project, "Rename code") as op:
        code = lookup.code(op.session, code_id)
        check_version(code, expected_version)
        new_name = _check_name(name)
        _check_sibling_free(op.session, code.parent_id, new_name, code.id)
        op.description = f"Rename code '{code.name}' to '{new_name}'"
        code.name = new_name
        op.id = code.id
    return op.changes


def recolor_code(
    project: Project, *, code_id: int, color: str, expected_version: int | None = None
) -> Changes:
    with operation(project, "Change code colour") as op:
        code = lookup.code(op.session, code_id)
        check_version(code, expected_version)
        code.color = _check_color(color)
        op.description = f"Change colour of '{code.name}'"
        op.id = code.id
    return op.changes


def describe_code(
    project: Project,
    *,
    code_id: int,
    definition: str | None = None,
    when_to_use: str | None = None,
    when_not_to_use: str | None = None,
    example: str | None = None,
    expected_version: int | None = None,
) -> Changes:
    with operation(project, "Edit code description") as op:
        code = lookup.code(op.session, code_id)
        check_version(code, expected_version)
        values = {
            "definition": definition,
            "when_to_use": when_to_use,
            "when_not_to_use": when_not_to_use,
            "example": example,
        }
        for field, value in values.items():
            if value is not None:
                setattr(code, field, value)
        op.description = f"Edit description of '{code.name}'"
        op.id = code.id
    return op.changes


def move_code(
    project: Project,
    *,
    code_id: int,
    parent_id: int | None,
    position: int | None = None,
    expected_version: int | None = None,
) -> Changes:
    """Put a code under another parent (None: top level), at a position among its siblings."""
    with operation(project, "Move code") as op:
        session = op.session
        code = lookup.code(session, code_id)
        check_version(code, expected_version)
        if parent_id is not None:
            ancestor: Code | None = lookup.code(session, parent_id)
            while ancestor is not None:
                if ancestor.id == code.id:
                    raise InvalidInput(f"'{code.name}' cannot move under itself or its subcodes")
                ancestor = ancestor.parent
        _check_sibling_free(session, parent_id, code.name, code.id)
        siblings = list(
            session.scalars(
                select(Code)
                .where(
                    Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id
                )
                .where(Code.id != code.id)
                .order_by(Code.position, Code.id)
            )
        )
        index = len(siblings) if position is None else max(0, min(position, len(siblings)))
        siblings.insert(index, code)
        code.parent_id = parent_id
        for number, sibling in enumerate(siblings):
            if sibling.position != number:
                sibling.position = number
        target = "top level" if parent_id is None else f"'{lookup.code(session, parent_id).name}'"
        op.description = f"Move code '{code.name}' under {target}"
        op.id = code.id
    return op.changes


def merge_codes(project: Project, *, source_id: int, target_id: int) -> Changes:
    """Merge ``source`` into ``target``: its codings, subcodes and memos move; source goes."""
    if source_id == target_id:
        raise InvalidInput("a code cannot be merged into itself")
    with operation(project, "Merge codes") as op:
        session = op.session
        source = lookup.code(session, source_id)
        target = lookup.code(session, target_id)
        ancestor: Code | None = target
        while ancestor is not None:
            if ancestor.id == source.id:
                raise InvalidInput(f"'{source.name}' cannot be merged into its own subcode")
            ancestor = ancestor.parent
        existing = {
            (c.document_id, c.coder_id, c.start, c.end)
            for c in session.scalars(select(Coding).where(Coding.code_id == target.id))
        }
        for coding in list(source.codings):
            key = (coding.document_id, coding.coder_id, coding.start, coding.end)
            if key in existing:
                session.delete(coding)  # an exact duplicate of a target coding collapses
            else:
                coding.code_id = target.id
                existing.add(key)
        session.flush()
        session.expire(source, ["codings"])
        position = _next_position(session, target.id)
        for child in list(source.children):
            _check_sibling_free(session, target.id, child.name, child.id)
            child.parent_id = target.id
            child.position = position
            position += 1
        for memo in list(source.memos):
            memo.code_id = target.id
        session.flush()
        session.expire(source, ["children", "memos"])
        session.delete(source)
        op.description = f"Merge '{source.name}' into '{target.name}'"
        op.id = target.id
    return op.changes


def delete_impact(project: Project, *, code_id: int) -> DeleteImpact:
    with project.reading() as session:
        ids = subtree_ids(session, code_id)
        codings = session.scalar(select(func.count(Coding.id)).where(Coding.code_id.in_(ids)))
    return DeleteImpact(subcodes=len(ids) - 1, codings=codings or 0)


def delete_code(project: Project, *, code_id: int, expected_version: int | None = None) -> Changes:
    with operation(project, "Delete code") as op:
        code = lookup.code(op.session, code_id)
        check_version(code, expected_version)
        op.description = f"Delete code '{code.name}'"
        op.session.delete(code)
    return op.changes


def subtree_ids(session: Session, code_id: int) -> list[int]:
    lookup.code(session, code_id)
    children: dict[int | None, list[int]] = {}
    for row_id, parent in session.execute(select(Code.id, Code.parent_id)):
        children.setdefault(parent, []).append(row_id)
    result = [code_id]
    index = 0
    while index < len(result):
        result.extend(children.get(result[index], []))
        index += 1
    return result
