"""Undo and redo: the domain's history of operations, kept in the project file."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, and_, delete, insert, select, true, update
from sqlalchemy.exc import IntegrityError

from coding import undo_recorder
from coding.changes import Changes
from coding.errors import Conflict, ProjectError
from coding.project import Project
from coding.team import live, shared_undo
from coding.team.coders import acting_coder
from models.base import Base
from models.history import UndoStep


@dataclass(frozen=True)
class HistoryState:
    undo: str | None
    redo: str | None


def state(project: Project) -> HistoryState:
    """What undo and redo would do; on a shared project, for the current coder's own steps."""
    mine = UndoStep.coder == acting_coder(project) if project.shared else true()
    with project.reading() as session:
        undo = session.scalar(
            select(UndoStep.description)
            .where(UndoStep.undone.is_(False), mine)
            .order_by(UndoStep.id.desc())
            .limit(1)
        )
        redo = session.scalar(
            select(UndoStep.description)
            .where(UndoStep.undone.is_(True), mine)
            .order_by(UndoStep.id.asc())
            .limit(1)
        )
    return HistoryState(undo=undo, redo=redo)


def undo(project: Project) -> Changes:
    return _move(project, forward=False)


def redo(project: Project) -> Changes:
    return _move(project, forward=True)


def _move(project: Project, *, forward: bool) -> Changes:
    if project.read_only:
        raise ProjectError(f"{project.path.name} is open read-only; nothing can be undone")
    description = ""
    try:
        with project.session() as session, session.begin():
            step = shared_undo.pick_step(session, project, forward=forward)
            if step is None:
                raise Conflict("nothing to redo" if forward else "nothing to undo")
            description = step.description
            changes: list[dict[str, Any]] = json.loads(step.changes)
            guard = None
            if project.shared:
                shared_undo.check_replayable(session, step, changes, forward=forward)
                guard = shared_undo.DeleteGuard(step.description, forward=forward)
            replay(session.connection(), changes, forward=forward, before_delete=guard)
            step.undone = not forward
            tables = frozenset(change["table"] for change in changes)
            live.record_change(session, acting_coder(project), tables)
    except (IntegrityError, ValueError) as error:
        # A later change (another coder's, or one outside the history) stands in the way.
        reason = error.orig if isinstance(error, IntegrityError) else error
        raise Conflict(
            f"cannot {'redo' if forward else 'undo'} '{description}': later changes depend on "
            f"it ({reason})"
        ) from None
    return Changes.from_tables(tables, description=description)


def replay(
    connection: Connection,
    changes: list[dict[str, Any]],
    *,
    forward: bool,
    before_delete: Callable[[Connection, Table, dict[str, Any]], None] | None = None,
) -> None:
    ordered = changes if forward else list(reversed(changes))
    for change in ordered:
        table = Base.metadata.tables[change["table"]]
        op = change["op"]
        if op == "shift":
            delta = change["delta"] if forward else -change["delta"]
            ids = change["ids"]
            for chunk in range(0, len(ids), 500):
                connection.execute(
                    update(table)
                    .where(table.c.id.in_(ids[chunk : chunk + 500]))
                    .values({name: table.c[name] + delta for name in change["columns"]})
                )
        elif op == "update":
            _update(connection, table, change, forward)
        elif (op == "insert") == forward:
            connection.execute(insert(table).values(**_decode_row(table, change["row"])))
        else:
            row = _decode_row(table, change["row"])
            if before_delete is not None:
                before_delete(connection, table, row)
            connection.execute(delete(table).where(_pk_condition(table, row)))


def _decode_row(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    return {
        name: undo_recorder.decode(value, table.c[name].type)
        for name, value in row.items()
        if name in table.c
    }


def _pk_condition(table: Table, values: dict[str, Any]) -> Any:
    return and_(*(table.c[column.name] == values[column.name] for column in table.primary_key))


def _update(connection: Connection, table: Table, change: dict[str, Any], forward: bool) -> None:
    pk = _decode_row(table, change["pk"])
    condition = _pk_condition(table, pk)
    values: dict[str, Any] = {}
    for name, new_value in change["after"].items():
        if isinstance(new_value, dict) and "splice" in new_value:
            current = connection.execute(select(table.c[name]).where(condition)).scalar_one()
            values[name] = undo_recorder.apply_splice(current, new_value, forward)
        else:
            chosen = new_value if forward else change["before"][name]
            values[name] = undo_recorder.decode(chosen, table.c[name].type)
    connection.execute(update(table).where(condition).values(**values))
