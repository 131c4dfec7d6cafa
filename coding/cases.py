"""Cases (the people or units compared) and their typed attributes."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coding import lookup
from coding.changes import Changes
from coding.errors import Conflict, InvalidInput, NotFound
from coding.operations import operation
from coding.project import Project
from models.entities import (
    AttributeDefinition,
    AttributeTarget,
    AttributeType,
    Case,
    CaseValue,
    DocumentValue,
)

TYPES = tuple(kind.value for kind in AttributeType)
_DOTTED_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def canonical_value(kind: str, raw: str, choices: list[str], name: str) -> str:
    """The stored form of a typed value: numbers as plain decimals, dates as ISO."""
    raw = raw.strip()
    if raw == "":
        return ""
    if kind == AttributeType.NUMBER:
        try:
            number = Decimal(raw.replace(",", ".").replace(" ", "").replace("\u00a0", ""))
        except InvalidOperation:
            raise InvalidInput(f"'{raw}' is not a number (attribute '{name}')") from None
        if not number.is_finite():
            raise InvalidInput(f"'{raw}' is not a number (attribute '{name}')")
        text = format(number.normalize(), "f")
        return text
    if kind == AttributeType.DATE:
        dotted = _DOTTED_DATE.match(raw)
        try:
            if dotted:
                day, month, year = (int(part) for part in dotted.groups())
                return date(year, month, day).isoformat()
            return date.fromisoformat(raw).isoformat()
        except ValueError:
            raise InvalidInput(
                f"'{raw}' is not a date (attribute '{name}'); write YYYY-MM-DD"
            ) from None
    if kind == AttributeType.CHOICE and choices and raw not in choices:
        raise InvalidInput(f"'{raw}' is not one of the choices for '{name}': {', '.join(choices)}")
    return raw


def _check_case_name(session: Session, name: str, own: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("a case needs a name")
    query = select(Case.id).where(func.lower(Case.name) == name.lower())
    if own is not None:
        query = query.where(Case.id != own)
    if session.scalar(query) is not None:
        raise Conflict(f"a case named '{name}' already exists")
    return name


def create_case_in(session: Session, name: str, description: str = "") -> Case:
    case = Case(name=_check_case_name(session, name), description=description)
    session.add(case)
    session.flush()
    return case


def create_case(project: Project, *, name: str, description: str = "") -> Changes:
    with operation(project, f"Create case '{name.strip()}'") as op:
        op.id = create_case_in(op.session, name, description).id
    return op.changes


def rename_case(project: Project, *, case_id: int, name: str) -> Changes:
    with operation(project, "Rename case") as op:
        case = lookup.case(op.session, case_id)
        new_name = _check_case_name(op.session, name, own=case.id)
        op.description = f"Rename case '{case.name}' to '{new_name}'"
        case.name = new_name
        op.id = case.id
    return op.changes


def delete_case(project: Project, *, case_id: int) -> Changes:
    """Delete a case; its documents stay, unassigned."""
    with operation(project, "Delete case") as op:
        case = lookup.case(op.session, case_id)
        op.description = f"Delete case '{case.name}'"
        for document in list(case.documents):
            document.case_id = None
        op.session.flush()
        op.session.expire(case, ["documents"])
        op.session.delete(case)
    return op.changes


def attribute_choices(attribute: AttributeDefinition) -> list[str]:
    return [choice for choice in attribute.choices.split("\n") if choice]


def define_attribute_in(
    session: Session,
    name: str,
    kind: str = AttributeType.TEXT.value,
    choices: list[str] | None = None,
    target: str = AttributeTarget.CASE.value,
) -> AttributeDefinition:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("an attribute needs a name")
    if kind not in TYPES:
        raise InvalidInput(f"unknown attribute type '{kind}'; use one of: {', '.join(TYPES)}")
    if target not in (AttributeTarget.CASE, AttributeTarget.DOCUMENT):
        raise InvalidInput(f"attributes belong to cases or documents, not '{target}'")
    exists = session.scalar(
        select(AttributeDefinition.id).where(
            func.lower(AttributeDefinition.name) == name.lower(),
            AttributeDefinition.target == target,
        )
    )
    if exists is not None:
        raise Conflict(f"an attribute named '{name}' already exists")
    position = session.scalar(select(func.max(AttributeDefinition.position)))
    attribute = AttributeDefinition(
        name=name,
        type=kind,
        choices="\n".join(choice.strip() for choice in choices or [] if choice.strip()),
        target=target,
        position=0 if position is None else position + 1,
    )
    session.add(attribute)
    session.flush()
    return attribute


def define_attribute(
    project: Project,
    *,
    name: str,
    kind: str = AttributeType.TEXT.value,
    choices: list[str] | None = None,
    target: str = AttributeTarget.CASE.value,
) -> Changes:
    with operation(project, f"Add attribute '{name.strip()}'") as op:
        op.id = define_attribute_in(op.session, name, kind, choices, target).id
    return op.changes


def change_attribute_type(
    project: Project, *, attribute_id: int, kind: str, choices: list[str] | None = None
) -> Changes:
    """Retype an attribute; every stored value must fit the new type or nothing changes."""
    with operation(project, "Change attribute type") as op:
        attribute = lookup.get(op.session, AttributeDefinition, attribute_id, "attribute")
        if kind not in TYPES:
            raise InvalidInput(f"unknown attribute type '{kind}'")
        attribute.type = kind
        if choices is not None:
            attribute.choices = "\n".join(c.strip() for c in choices if c.strip())
        allowed = attribute_choices(attribute)
        values: list[CaseValue | DocumentValue] = [
            *attribute.case_values,
            *attribute.document_values,
        ]
        for value in values:
            value.value = canonical_value(kind, value.value, allowed, attribute.name)
        op.description = f"Make '{attribute.name}' a {kind} attribute"
        op.id = attribute.id
    return op.changes


def delete_attribute(project: Project, *, attribute_id: int) -> Changes:
    with operation(project, "Delete attribute") as op:
        attribute = lookup.get(op.session, AttributeDefinition, attribute_id, "attribute")
        op.description = f"Delete attribute '{attribute.name}'"
        op.session.delete(attribute)
    return op.changes


def attribute_by_name(session: Session, name: str, target: str = "case") -> AttributeDefinition:
    found = session.scalars(
        select(AttributeDefinition).where(
            func.lower(AttributeDefinition.name) == name.strip().lower(),
            AttributeDefinition.target == target,
        )
    ).first()
    if found is None:
        raise NotFound(f"no {target} attribute named '{name}'")
    return found


def set_case_value_in(
    session: Session, case: Case, attribute: AttributeDefinition, raw: str
) -> None:
    if attribute.target != AttributeTarget.CASE:
        raise InvalidInput(f"'{attribute.name}' is a document attribute, not a case attribute")
    value = canonical_value(attribute.type, raw, attribute_choices(attribute), attribute.name)
    row = session.get(CaseValue, (case.id, attribute.id))
    if row is None:
        if value:
            session.add(CaseValue(case_id=case.id, attribute_id=attribute.id, value=value))
    elif value:
        row.value = value
    else:
        session.delete(row)
    session.flush()


def set_case_value(project: Project, *, case_id: int, attribute_id: int, value: str) -> Changes:
    with operation(project, "Set attribute value") as op:
        case = lookup.case(op.session, case_id)
        attribute = lookup.get(op.session, AttributeDefinition, attribute_id, "attribute")
        set_case_value_in(op.session, case, attribute, value)
        op.description = f"Set '{attribute.name}' of '{case.name}'"
        op.id = case.id
    return op.changes


def set_document_value(
    project: Project, *, document_id: int, attribute_id: int, value: str
) -> Changes:
    with operation(project, "Set attribute value") as op:
        document = lookup.document(op.session, document_id)
        attribute = lookup.get(op.session, AttributeDefinition, attribute_id, "attribute")
        if attribute.target != AttributeTarget.DOCUMENT:
            raise InvalidInput(f"'{attribute.name}' is a case attribute, not a document attribute")
        canonical = canonical_value(
            attribute.type, value, attribute_choices(attribute), attribute.name
        )
        row = op.session.get(DocumentValue, (document.id, attribute.id))
        if row is None:
            if canonical:
                op.session.add(
                    DocumentValue(
                        document_id=document.id, attribute_id=attribute.id, value=canonical
                    )
                )
        elif canonical:
            row.value = canonical
        else:
            op.session.delete(row)
        op.description = f"Set '{attribute.name}' of '{document.title}'"
        op.id = document.id
    return op.changes
