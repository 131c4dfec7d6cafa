"""Finding rows by id or by the names people type, with errors that say what was not found."""

from __future__ import annotations

import getpass
import os
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coding.errors import InvalidInput, NotFound
from models.base import Base
from models.entities import Case, Code, Coder, Coding, Document

T = TypeVar("T", bound=Base)

CODER_ENV = "TRANSCODA_CODER"


def get(session: Session, model: type[T], row_id: int, what: str) -> T:
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(f"no {what} with id {row_id}")
    return row


def document(session: Session, document_id: int) -> Document:
    return get(session, Document, document_id, "document")


def code(session: Session, code_id: int) -> Code:
    return get(session, Code, code_id, "code")


def case(session: Session, case_id: int) -> Case:
    return get(session, Case, case_id, "case")


def coding(session: Session, coding_id: int) -> Coding:
    return get(session, Coding, coding_id, "coding")


def document_by_title(session: Session, title: str) -> Document:
    found = session.scalars(select(Document).where(Document.title == title)).first()
    if found is None:
        found = session.scalars(
            select(Document).where(func.lower(Document.title) == title.lower())
        ).first()
    if found is None:
        raise NotFound(f"no document titled '{title}'")
    return found


def case_by_name(session: Session, name: str) -> Case:
    found = session.scalars(select(Case).where(Case.name == name)).first()
    if found is None:
        raise NotFound(f"no case named '{name}'")
    return found


def code_path(code: Code) -> str:
    parts = [code.name]
    parent = code.parent
    while parent is not None:
        parts.append(parent.name)
        parent = parent.parent
    return "/".join(reversed(parts))


def code_by_name(session: Session, name: str) -> Code:
    """A code by its name, or by its path ``Parent/Child`` when the name is ambiguous."""
    if "/" in name:
        parent: Code | None = None
        for part in name.split("/"):
            query = select(Code).where(Code.name == part)
            query = query.where(
                Code.parent_id.is_(None) if parent is None else Code.parent_id == parent.id
            )
            parent = session.scalars(query).first()
            if parent is None:
                break
        if parent is not None:
            return parent
    matches = list(session.scalars(select(Code).where(Code.name == name)))
    if not matches:
        matches = list(session.scalars(select(Code).where(func.lower(Code.name) == name.lower())))
    if not matches:
        raise NotFound(f"no code named '{name}'")
    if len(matches) > 1:
        paths = ", ".join(sorted(code_path(match) for match in matches))
        raise InvalidInput(f"'{name}' names several codes ({paths}); give the full path")
    return matches[0]


def default_coder_name() -> str:
    name = os.environ.get(CODER_ENV, "").strip()
    if name:
        return name
    try:
        return getpass.getuser() or "coder"
    except Exception:  # getuser fails without a login name (some containers)
        return "coder"


# An operation leaves its project's acting coder here (coding.operations), so that a coding made
# without a name belongs to whoever works in that project rather than to the login name.
SESSION_CODER = "transcoda_coder"


def ensure_coder(session: Session, name: str | None) -> Coder:
    name = (name or session.info.get(SESSION_CODER) or default_coder_name()).strip()
    if not name:
        raise InvalidInput("a coder needs a name")
    found = session.scalars(select(Coder).where(Coder.name == name)).first()
    if found is None:
        found = Coder(name=name)
        session.add(found)
        session.flush()
    return found
