"""One operation = one transaction = one undo step.

Every service that changes a project runs its body inside ``operation``. The body's ORM changes
are recorded (coding.undo_recorder), committed together with one UndoStep, and the redo stack
is cleared. On any error the transaction rolls back and the project is as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from coding import lookup, undo_recorder
from coding.changes import Changes
from coding.errors import Conflict, ProjectError
from coding.project import Project
from coding.team import live
from coding.team.coders import acting_coder
from models.history import UndoStep

HISTORY_LIMIT = 2000


class Operation:
    def __init__(self, session: Session, description: str) -> None:
        self.session = session
        self.description = description
        self.id: int | None = None
        self.changes = Changes()
        # Set False for changes that must not be undoable on their own (job bookkeeping).
        self.undoable = True


@contextmanager
def operation(project: Project, description: str) -> Iterator[Operation]:
    if project.read_only:
        raise ProjectError(
            f"{project.path.name} is open read-only; nothing can be changed ({description})"
        )
    session = project.session()
    recorder = undo_recorder.attach(session)
    coder = acting_coder(project)
    session.info[lookup.SESSION_CODER] = coder
    op = Operation(session, description)
    try:
        with session.begin():
            yield op
            session.flush()
            if recorder.changes and op.undoable:
                redo_stack = delete(UndoStep).where(UndoStep.undone.is_(True))
                if project.shared:
                    # Each coder has their own redo stack on a shared project.
                    redo_stack = redo_stack.where(UndoStep.coder == coder)
                session.execute(redo_stack)
                session.add(
                    UndoStep(
                        description=op.description,
                        changes=undo_recorder.dumps(recorder.changes),
                        coder=coder,
                    )
                )
                _trim_history(session)
            if recorder.changes:
                live.record_change(session, coder, recorder.tables)
        op.changes = Changes.from_tables(recorder.tables, id=op.id, description=op.description)
    except StaleDataError:
        raise Conflict(
            f"someone else changed the same item while you were editing it ({op.description}); "
            "your change was not saved: look at the current version and try again"
        ) from None
    finally:
        session.close()


def _trim_history(session: Session) -> None:
    newest = session.scalar(select(func.max(UndoStep.id)))
    if newest is None or newest <= HISTORY_LIMIT:
        return
    # SKIP LOCKED (PostgreSQL; SQLite has one writer anyway): coders who commit at the same
    # time never wait for, or deadlock on, each other's trimming.
    old = (
        select(UndoStep.id)
        .where(UndoStep.id <= newest - HISTORY_LIMIT)
        .with_for_update(skip_locked=True)
    )
    ids = list(session.scalars(old))
    if ids:
        session.execute(delete(UndoStep).where(UndoStep.id.in_(ids)))
