"""Records every row an operation inserts, updates or deletes, so that it can be undone.

The recorder hangs on ORM mapper events, so it sees every mutation made through the ORM,
cascades included, in the order the database saw them. Services therefore never use bulk DML
on project tables. Undo replays the inverse of the recorded rows with Core statements, redo
replays them forward; neither depends on the services that made the change, so undo works
after any sequence of operations and across reopening the project.

Long text values (a 9,000-word transcript) are stored as a splice, the changed middle only, so
that correcting one word of a transcript does not store two copies of the whole interview.
"""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Date, DateTime, LargeBinary, Table, and_, event, select
from sqlalchemy.orm import Mapper, Session, object_session
from sqlalchemy.orm.attributes import get_history

from models.base import Base
from models.history import HISTORY_TABLES

RECORDER_KEY = "transcoda_undo_recorder"
SPLICE_THRESHOLD = 2000

Row = dict[str, Any]
Change = dict[str, Any]


class Recorder:
    """Collects the row changes of one operation (one session transaction)."""

    def __init__(self) -> None:
        self.changes: list[Change] = []

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(change["table"] for change in self.changes)


def attach(session: Session) -> Recorder:
    recorder = Recorder()
    session.info[RECORDER_KEY] = recorder
    return recorder


def _recorder_for(target: Any) -> Recorder | None:
    session = object_session(target)
    if session is None:
        return None
    recorder = session.info.get(RECORDER_KEY)
    return recorder if isinstance(recorder, Recorder) else None


def encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, bytes):
        return {"b": base64.b64encode(value).decode("ascii")}
    return value


def decode(value: Any, column_type: Any) -> Any:
    if isinstance(value, dict):
        if "dt" in value:
            return datetime.fromisoformat(value["dt"])
        if "d" in value:
            return date.fromisoformat(value["d"])
        if "b" in value:
            return base64.b64decode(value["b"])
    if value is not None and isinstance(column_type, DateTime) and isinstance(value, str):
        return datetime.fromisoformat(value)
    if value is not None and isinstance(column_type, Date) and isinstance(value, str):
        return date.fromisoformat(value)
    if value is not None and isinstance(column_type, LargeBinary) and isinstance(value, str):
        return base64.b64decode(value)
    return value


def _table(mapper: Mapper[Any]) -> Table:
    table = mapper.local_table
    assert isinstance(table, Table)
    return table


def _primary_key(table: Table, row: Row) -> Row:
    return {column.name: row[column.name] for column in table.primary_key.columns}


def _current_row(connection: Connection, table: Table, target: Any, mapper: Mapper[Any]) -> Row:
    state = target.__dict__
    names = [column.name for column in table.columns]
    keys = {column.name: mapper.get_property_by_column(column).key for column in table.columns}
    if all(keys[name] in state for name in names):
        return {name: state[keys[name]] for name in names}
    pk = {column.name: state[keys[column.name]] for column in table.primary_key.columns}
    condition = and_(*(table.c[name] == value for name, value in pk.items()))
    found = connection.execute(select(table).where(condition)).mappings().one()
    return dict(found)


def _splice(old: str, new: str) -> dict[str, Any]:
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    return {
        "splice": prefix,
        "old": old[prefix : len(old) - suffix],
        "new": new[prefix : len(new) - suffix],
    }


def apply_splice(current: str, splice: dict[str, Any], forward: bool) -> str:
    remove, insert = (splice["old"], splice["new"]) if forward else (splice["new"], splice["old"])
    at = int(splice["splice"])
    if current[at : at + len(remove)] != remove:
        raise ValueError("the text has changed since this step; it cannot be replayed")
    return str(current[:at] + insert + current[at + len(remove) :])


def _after_insert(mapper: Mapper[Any], connection: Connection, target: Any) -> None:
    recorder = _recorder_for(target)
    table = _table(mapper)
    if recorder is None or table.name in HISTORY_TABLES:
        return
    row = _current_row(connection, table, target, mapper)
    recorder.changes.append(
        {"table": table.name, "op": "insert", "row": {k: encode(v) for k, v in row.items()}}
    )


def _before_update(mapper: Mapper[Any], connection: Connection, target: Any) -> None:
    recorder = _recorder_for(target)
    table = _table(mapper)
    if recorder is None or table.name in HISTORY_TABLES:
        return
    before: Row = {}
    after: Row = {}
    missing: list[str] = []
    for column in table.columns:
        key = mapper.get_property_by_column(column).key
        history = get_history(target, key)
        if not history.added:
            continue
        after[column.name] = history.added[0]
        if history.deleted:
            before[column.name] = history.deleted[0]
        else:
            missing.append(column.name)
    if not after:
        return
    pk: Row = {}
    for column in table.primary_key.columns:
        key = mapper.get_property_by_column(column).key
        history = get_history(target, key)
        known = [*history.deleted, *history.unchanged, *history.added]
        pk[column.name] = known[0]
    version = mapper.version_id_col
    if version is not None and version.name not in after:
        # SQLAlchemy bumps a version column during the flush, after this event: record the
        # bump too, so that undo restores the version together with the values it belongs to.
        versions = get_history(target, mapper.get_property_by_column(version).key)
        current = [*versions.deleted, *versions.unchanged]
        if current:
            before[version.name] = current[0]
        else:
            missing.append(version.name)
        after[version.name] = None
    if missing:
        condition = and_(*(table.c[name] == value for name, value in pk.items()))
        stored = connection.execute(select(table).where(condition)).mappings().one()
        for name in missing:
            before[name] = stored[name]
    if version is not None and after.get(version.name, 0) is None:
        generate = mapper.version_id_generator
        after[version.name] = generate(before[version.name]) if callable(generate) else None
    old: Row = {}
    new: Row = {}
    for name, value in after.items():
        previous = before[name]
        if previous == value:
            continue
        if (
            isinstance(previous, str)
            and isinstance(value, str)
            and max(len(previous), len(value)) > SPLICE_THRESHOLD
        ):
            new[name] = _splice(previous, value)
            old[name] = "__splice__"
        else:
            old[name] = encode(previous)
            new[name] = encode(value)
    if new:
        recorder.changes.append(
            {"table": table.name, "op": "update", "pk": pk, "before": old, "after": new}
        )


def _before_delete(mapper: Mapper[Any], connection: Connection, target: Any) -> None:
    recorder = _recorder_for(target)
    table = _table(mapper)
    if recorder is None or table.name in HISTORY_TABLES:
        return
    row = _current_row(connection, table, target, mapper)
    recorder.changes.append(
        {"table": table.name, "op": "delete", "row": {k: encode(v) for k, v in row.items()}}
    )


def record_shift(
    session: Session, table: str, ids: list[int], columns: tuple[str, ...], delta: int
) -> None:
    """Record a bulk offset shift made with one UPDATE (text edits move everything after)."""
    recorder = session.info.get(RECORDER_KEY)
    if isinstance(recorder, Recorder):
        recorder.changes.append(
            {"table": table, "op": "shift", "ids": ids, "columns": list(columns), "delta": delta}
        )


def install() -> None:
    """Listen on every mapped class; idempotent."""
    if event.contains(Base, "after_insert", _after_insert):
        return
    event.listen(Base, "after_insert", _after_insert, propagate=True)
    event.listen(Base, "before_update", _before_update, propagate=True)
    event.listen(Base, "before_delete", _before_delete, propagate=True)


def dumps(changes: list[Change]) -> str:
    return json.dumps(changes, ensure_ascii=False, separators=(",", ":"))
