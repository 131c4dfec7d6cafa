"""Turning the names people type into a report filter into ids.

A filter that names something the project does not have must fail loudly: an empty report
caused by a typo reads like a finding. So every error lists what does exist.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding.cases import attribute_choices, canonical_value
from coding.errors import InvalidInput, NotFound
from coding.queries import CodeNode
from models.entities import (
    AttributeDefinition,
    AttributeTarget,
    AttributeType,
    Case,
    CaseValue,
    Coder,
    Document,
)

MAX_LISTED = 20


def listing(names: Iterable[str]) -> str:
    unique = sorted(set(names), key=str.casefold)
    if not unique:
        return "there are none in this project"
    shown = ", ".join(f"'{name}'" for name in unique[:MAX_LISTED])
    more = len(unique) - MAX_LISTED
    return shown + (f" and {more} more" if more > 0 else "")


def unknown(what: str, given: str, existing: Sequence[str], alike: Sequence[str] = ()) -> NotFound:
    """``alike``: other spellings worth suggesting (a code's bare name beside its path)."""
    close = difflib.get_close_matches(given, [*existing, *alike], n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return NotFound(f"no {what} '{given}'{hint}; the {what}s are: {listing(existing)}")


def _by_name(wanted: str | int, rows: Sequence[tuple[int, str]], what: str) -> int:
    """The id of ``wanted``: an id, an exact name, or a name in another letter case."""
    if isinstance(wanted, int):
        if not any(row_id == wanted for row_id, _ in rows):
            raise NotFound(f"no {what} with id {wanted}")
        return wanted
    name = " ".join(wanted.split())
    for row_id, row_name in rows:
        if row_name == name:
            return row_id
    folded = [row_id for row_id, row_name in rows if row_name.casefold() == name.casefold()]
    if len(folded) == 1:
        return folded[0]
    raise unknown(what, name, [row_name for _, row_name in rows])


def code_ids(
    nodes: Sequence[CodeNode], wanted: Iterable[str | int], include_subcodes: bool
) -> set[int]:
    """Codes by id, name or path (``Parent/Child``), with their descendants when asked."""
    chosen: set[int] = set()
    for item in wanted:
        if isinstance(item, int):
            if not any(node.id == item for node in nodes):
                raise NotFound(f"no code with id {item}")
            chosen.add(item)
            continue
        name = item.strip()
        matches = [n for n in nodes if n.path == name] or [n for n in nodes if n.name == name]
        if not matches:
            folded = name.casefold()
            matches = [n for n in nodes if folded in (n.path.casefold(), n.name.casefold())]
        if len(matches) > 1:
            paths = ", ".join(sorted(f"'{n.path}'" for n in matches))
            raise InvalidInput(f"'{name}' names several codes ({paths}); give the full path")
        if not matches:
            raise unknown("code", name, [n.path for n in nodes], [n.name for n in nodes])
        chosen.add(matches[0].id)
    if include_subcodes:
        # Codebook order is depth first, so a descendant always follows its ancestor.
        for node in nodes:
            if node.parent_id in chosen:
                chosen.add(node.id)
    return chosen


def document_ids(session: Session, wanted: Iterable[str | int]) -> set[int]:
    rows = list(session.execute(select(Document.id, Document.title)))
    return {_by_name(item, rows, "document") for item in wanted}


def case_ids(session: Session, wanted: Iterable[str | int]) -> set[int]:
    rows = list(session.execute(select(Case.id, Case.name)))
    return {_by_name(item, rows, "case") for item in wanted}


def coder_names(session: Session, wanted: Iterable[str]) -> set[str]:
    rows = list(session.execute(select(Coder.id, Coder.name)))
    names = dict(rows)
    return {names[_by_name(item, rows, "coder")] for item in wanted}


def case_attributes(session: Session) -> list[AttributeDefinition]:
    return list(
        session.scalars(
            select(AttributeDefinition)
            .where(AttributeDefinition.target == AttributeTarget.CASE.value)
            .order_by(AttributeDefinition.position, AttributeDefinition.id)
        )
    )


def attribute_names(session: Session, wanted: Iterable[str]) -> list[str]:
    """Case attribute names as the project spells them, in the order asked."""
    defined = case_attributes(session)
    rows = [(a.id, a.name) for a in defined]
    names = dict(rows)
    return [names[_by_name(item, rows, "case attribute")] for item in wanted]


def parse_condition(text: str) -> tuple[str, str]:
    """``origin=Russia`` as ``("origin", "Russia")``, the form the command line takes."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise InvalidInput(f"'{text}' is not a condition; write ATTRIBUTE=VALUE")
    return name.strip(), value.strip()


def cases_where(session: Session, conditions: Sequence[tuple[str, str]]) -> set[int]:
    """Ids of the cases that meet every condition; values of one attribute are alternatives."""
    defined = case_attributes(session)
    rows = [(a.id, a.name) for a in defined]
    by_id = {a.id: a for a in defined}
    # Per attribute, the accepted values casefolded, mapped to what the person typed.
    wanted: dict[int, dict[str, str]] = {}
    for name, raw in conditions:
        attribute = by_id[_by_name(name, rows, "case attribute")]
        value = canonical_value(attribute.type, raw, attribute_choices(attribute), attribute.name)
        wanted.setdefault(attribute.id, {})[value.casefold()] = value
    values: dict[int, dict[int, str]] = {}
    for case_id, attribute_id, value in session.execute(
        select(CaseValue.case_id, CaseValue.attribute_id, CaseValue.value).where(
            CaseValue.attribute_id.in_(list(wanted))
        )
    ):
        values.setdefault(attribute_id, {})[case_id] = value
    matching: set[int] | None = None
    for attribute_id, accepted in wanted.items():
        in_use = values.get(attribute_id, {})
        attribute = by_id[attribute_id]
        if attribute.type == AttributeType.TEXT.value:
            # Free text has no list of choices to check against, so a value no case has is
            # far more likely a typo than a question whose answer is "nobody".
            used = {value.casefold() for value in in_use.values()}
            missing = [typed for folded, typed in accepted.items() if folded not in used]
            if missing:
                raise InvalidInput(
                    f"no case has {attribute.name} = '{missing[0]}'; the values in use are: "
                    f"{listing(in_use.values())}"
                )
        cases = {case_id for case_id, value in in_use.items() if value.casefold() in accepted}
        matching = cases if matching is None else matching & cases
    return matching if matching is not None else set()
