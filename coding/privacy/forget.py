"""Forgetting what pseudonymisation replaced: the undo history, and optionally the backups.

Applying pseudonyms is undoable, so the undo history keeps the original words, and backups
keep the project as it was. Before a pseudonymised project leaves the researcher's hands,
both must go. The database is then vacuumed (rewritten page by page) and, with
``secure_delete`` on, freed pages are zeroed, so no recovery tool finds the old text in the
file. The mapping (real name -> pseudonym) stays: it is how later interviews get the same
pseudonyms. Delete it with ``forget_mapping`` when the project is shared.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select

from coding.backups import list_backups
from coding.errors import ProjectError
from coding.project import Project
from models.history import UndoStep
from models.privacy import PrivacyEntity, PrivacyFinding


@dataclass(frozen=True)
class Forgotten:
    undo_steps: int
    backups: int
    names: int


def forget(project: Project, *, backups: bool = False, mapping: bool = False) -> Forgotten:
    """Drop the undo history (and the backups, and the mapping when asked); not undoable."""
    if project.read_only:
        raise ProjectError(f"{project.path.name} is open read-only")
    with project.session() as session, session.begin():
        steps = session.scalar(select(func.count()).select_from(UndoStep)) or 0
        session.execute(delete(UndoStep))
        names = 0
        if mapping:
            names = session.scalar(select(func.count()).select_from(PrivacyEntity)) or 0
            session.execute(delete(PrivacyFinding))
            session.execute(delete(PrivacyEntity))
    with project.engine.connect() as connection:
        connection.exec_driver_sql("VACUUM")
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    removed = 0
    if backups:
        for backup in list_backups(project.path):
            backup.path.unlink(missing_ok=True)
            removed += 1
    return Forgotten(steps, removed, names)
