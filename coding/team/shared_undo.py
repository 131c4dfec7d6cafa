"""Undo on a shared project, where several coders change one database at the same time.

The rule, kept simple on purpose: every undo step records its coder, and ``undo`` takes back
the current coder's own latest step (``redo`` their own latest undone one). Undoing a step is
refused with a Conflict, naming who and what, when

- a later step of another coder, still in effect, changed one of the same rows (undoing would
  silently throw their work away), or
- rows that the undo would delete are now used by rows someone else added (a coding made with
  a code whose creation is being undone: the database would cascade and delete their coding).

Whatever else goes wrong while replaying (a foreign key, a text edited since) rolls the whole
undo back and is reported as a Conflict too: nothing is ever half undone.

A project file has one writer at a time, so its history stays one stack for everyone.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from sqlalchemy import Connection, Table, and_, select
from sqlalchemy.orm import Session

from coding.errors import Conflict
from coding.project import Project
from coding.team.coders import acting_coder
from models.base import Base
from models.history import UndoStep

RowKey = tuple[str, str]


def pick_step(session: Session, project: Project, *, forward: bool) -> UndoStep | None:
    query = select(UndoStep).where(UndoStep.undone.is_(forward))
    if project.shared:
        query = query.where(UndoStep.coder == acting_coder(project)).with_for_update()
    query = query.order_by(UndoStep.id.asc() if forward else UndoStep.id.desc()).limit(1)
    return session.scalars(query).first()


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _key(table: Table, values: dict[str, Any]) -> RowKey:
    pk = {column.name: values[column.name] for column in table.primary_key.columns}
    return table.name, json.dumps(pk, sort_keys=True)


def touched_rows(changes: list[dict[str, Any]]) -> set[RowKey]:
    keys: set[RowKey] = set()
    for change in changes:
        table = _table(change["table"])
        if change["op"] == "shift":
            keys.update(_key(table, {"id": row_id}) for row_id in change["ids"])
            continue
        keys.add(_key(table, change["pk"] if change["op"] == "update" else change["row"]))
    return keys


def check_replayable(
    session: Session, step: UndoStep, changes: list[dict[str, Any]], *, forward: bool
) -> None:
    """Refuse (Conflict) when replaying ``step`` would undo or break another coder's work."""
    mine = touched_rows(changes)
    later = session.scalars(
        select(UndoStep)
        .where(UndoStep.id > step.id, UndoStep.undone.is_(False), UndoStep.coder != step.coder)
        .order_by(UndoStep.id)
    )
    verb = "redo" if forward else "undo"
    for other in later:
        if mine & touched_rows(json.loads(other.changes)):
            raise Conflict(
                f"cannot {verb} '{step.description}': {other.coder or 'another coder'} changed "
                f"the same items later ('{other.description}'). Ask them to undo that first, "
                "or make the change by hand"
            )


@cache
def _references() -> dict[str, list[tuple[Table, list[tuple[str, str]]]]]:
    """For each table, the project tables whose foreign keys point at it, and the columns."""
    data_tables = {
        mapper.local_table.name
        for mapper in Base.registry.mappers
        if mapper.class_.__module__ == "models.entities" and isinstance(mapper.local_table, Table)
    }
    found: dict[str, list[tuple[Table, list[tuple[str, str]]]]] = {}
    for name in data_tables:
        child = _table(name)
        for constraint in child.foreign_key_constraints:
            pairs = [(fk.parent.name, fk.column.name) for fk in constraint.elements]
            found.setdefault(constraint.referred_table.name, []).append((child, pairs))
    return found


class DeleteGuard:
    """Called by the replay just before it deletes a row: refuses when others now use it.

    Checked at that moment, not beforehand, because the same step may first move the rows
    that pointed at it (merging codes moves their codings, then deletes the merged code).
    """

    def __init__(self, description: str, *, forward: bool) -> None:
        self.description = description
        self.forward = forward

    def __call__(self, connection: Connection, table: Table, row: dict[str, Any]) -> None:
        for child, pairs in _references().get(table.name, []):
            condition = and_(*(child.c[mine] == row[theirs] for mine, theirs in pairs))
            if connection.execute(select(1).select_from(child).where(condition).limit(1)).first():
                verb = "redo" if self.forward else "undo"
                made = "removed" if self.forward else "created"
                raise Conflict(
                    f"cannot {verb} '{self.description}': other coders have since used what it "
                    f"{made} ({child.name} refer to it). Ask them to remove their work first"
                )
