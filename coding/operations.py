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

from coding import undo_recorder
from coding.changes import Changes
from coding.errors import ProjectError
from coding.project import Project
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
    op = Operation(session, description)
    try:
        with session.begin():
            yield op
            session.flush()
            if recorder.changes and op.undoable:
                session.execute(delete(UndoStep).where(UndoStep.undone.is_(True)))
                session.add(
                    UndoStep(
                        description=op.description,
                        changes=undo_recorder.dumps(recorder.changes),
                    )
                )
                _trim_history(session)
        op.changes = Changes.from_tables(recorder.tables, id=op.id, description=op.description)
    finally:
        session.close()


def _trim_history(session: Session) -> None:
    newest = session.scalar(select(func.max(UndoStep.id)))
    if newest is not None and newest > HISTORY_LIMIT:
        session.execute(delete(UndoStep).where(UndoStep.id <= newest - HISTORY_LIMIT))
