"""Seeing other coders' changes: a change counter to poll, and PostgreSQL notifications.

Every committed operation, undo and redo adds a ``change_events`` row (in the same
transaction, so a reader never sees the counter move before the data). A view polls
``change_counter`` (one indexed ``max(id)``) and, when it moved, asks ``changes_since`` which
kinds of rows changed, then refreshes only those. On PostgreSQL the same commit also sends a
``NOTIFY``, so ``wait_for_change`` wakes at once instead of polling.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from coding.changes import Changes
from coding.project import Project
from models.history import ChangeEvent

CHANNEL = "transcoda_changes"
KEEP_EVENTS = 10_000
PRUNE_EVERY = 500
FEED_LOCK = 7_264_002  # any fixed number: the advisory lock that orders the change feed


@dataclass(frozen=True)
class ChangeFeed:
    counter: int
    changes: Changes
    coders: tuple[str, ...]
    # True when events were pruned since ``counter``: refresh everything.
    everything: bool = False


def record_change(session: Session, coder: str, tables: Iterable[str]) -> None:
    postgresql = session.get_bind().dialect.name == "postgresql"
    if postgresql:
        # Held to the commit, so that event ids grow in commit order: otherwise a poller that
        # saw id 11 would never see an id 10 committed a moment later. Only the end of each
        # transaction waits (PostgreSQL's NOTIFY serialises commits much the same anyway).
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": FEED_LOCK})
    event = ChangeEvent(coder=coder, tables=",".join(sorted(set(tables))))
    session.add(event)
    session.flush()
    if event.id % PRUNE_EVERY == 0:
        session.execute(delete(ChangeEvent).where(ChangeEvent.id <= event.id - KEEP_EVENTS))
    if postgresql:
        # Delivered by the server at commit, never for a rolled back change.
        session.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {
                "channel": CHANNEL,
                "payload": str(event.id),
            },
        )


def change_counter(project: Project) -> int:
    """A number that grows with every committed change to the project, whoever made it."""
    with project.reading() as session:
        return int(session.scalar(select(func.max(ChangeEvent.id))) or 0)


def changes_since(project: Project, counter: int) -> ChangeFeed:
    with project.reading() as session:
        oldest = session.scalar(select(func.min(ChangeEvent.id)))
        rows = session.execute(
            select(ChangeEvent.id, ChangeEvent.coder, ChangeEvent.tables)
            .where(ChangeEvent.id > counter)
            .order_by(ChangeEvent.id)
        ).all()
    if not rows:
        return ChangeFeed(counter, Changes(), ())
    tables: set[str] = set()
    coders: list[str] = []
    for _, coder, names in rows:
        tables.update(name for name in names.split(",") if name)
        if coder not in coders:
            coders.append(coder)
    everything = oldest is not None and counter < oldest - 1
    description = "changes by " + ", ".join(coders)
    changes = Changes.from_tables(frozenset(tables), description=description)
    if everything:
        flags: dict[str, Any] = {
            f.name: True for f in dataclasses.fields(Changes) if f.type in (bool, "bool")
        }
        changes = dataclasses.replace(changes, **flags)
    return ChangeFeed(
        counter=int(rows[-1][0]),
        changes=changes,
        coders=tuple(coders),
        everything=everything,
    )


def wait_for_change(project: Project, counter: int, *, timeout: float) -> int:
    """Block until the counter passes ``counter`` or ``timeout`` seconds pass; the new counter.

    On PostgreSQL this listens for notifications; elsewhere it polls twice a second.
    """
    deadline = time.monotonic() + timeout
    if project.engine.dialect.name == "postgresql":
        return _listen(project, counter, deadline)
    while True:
        current = change_counter(project)
        if current > counter or time.monotonic() >= deadline:
            return current
        time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))


def _listen(project: Project, counter: int, deadline: float) -> int:
    raw = project.engine.raw_connection()
    connection = raw.driver_connection
    assert connection is not None
    raw.rollback()
    connection.autocommit = True
    try:
        connection.execute(f"LISTEN {CHANNEL}")
        # Checked after LISTEN, so that a change committed in between is not missed.
        current = change_counter(project)
        while current <= counter:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            for note in connection.notifies(timeout=left, stop_after=1):
                if note.payload.isdigit():
                    current = max(current, int(note.payload))
        return current
    finally:
        # The connection goes back to the pool: leave it as the pool lent it.
        try:
            connection.execute(f"UNLISTEN {CHANNEL}")
        finally:
            connection.autocommit = False
            raw.close()
