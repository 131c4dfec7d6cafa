"""A pseudonymised copy of a project, to hand to a colleague or an archive.

The copy is made with SQLite's backup API, then every name that exports would hide (all but
the rejected ones) is applied to its text through the same service as ``apply_to_project``,
and the undo history, the mapping and the recordings are removed from it: a voice identifies
a person as surely as a name. The copy is not encrypted (its purpose is to be shared) and
never gets backups of its own. REFI-QDA exports of a pseudonymised project start from it.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import select, update

from coding.errors import ProjectError
from coding.privacy.apply import ApplySummary, apply_to_project
from coding.privacy.detection import detect
from coding.privacy.forget import forget
from coding.project import Project
from models.entities import Document, Media
from models.privacy import FindingStatus, PrivacyEntity, PrivacyFinding


def pseudonymised_copy(project: Project, target: Path | str) -> ApplySummary:
    target = Path(target)
    if target.exists():
        raise ProjectError(f"{target} already exists; choose a new file name for the copy")
    if not target.parent.is_dir():
        raise ProjectError(f"the folder {target.parent} does not exist")
    _plain_copy(project, target)
    try:
        copy = Project.open(target, backup=False)
        with copy:
            # Interviews added since the last detection hold known names too.
            detect(copy, ner=False)
            _accept_for_sharing(copy)
            _, summary = apply_to_project(copy)
            with copy.session() as session, session.begin():
                session.execute(update(Document).values(media_id=None))
                for media in session.scalars(select(Media)):
                    session.delete(media)
            forget(copy, mapping=True)
    except BaseException:
        for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    finally:
        Path(f"{target}.lock").unlink(missing_ok=True)
    return summary


def _plain_copy(project: Project, target: Path) -> None:
    import sqlite3

    from coding.crypto import database as cipher

    partial = target.with_name(f".{target.name}.part")
    if project.password is None:
        source = sqlite3.connect(project.path)
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
    else:
        cipher.export_plain(project.path, partial, project.password)
    os.replace(partial, target)


def _accept_for_sharing(project: Project) -> None:
    """What exports hide, the copy hides: every finding not rejected, of every name kept."""
    with project.session() as session, session.begin():
        rejected = set(
            session.scalars(
                select(PrivacyEntity.id).where(
                    PrivacyEntity.decision == FindingStatus.REJECTED.value
                )
            )
        )
        for finding in session.scalars(
            select(PrivacyFinding).where(PrivacyFinding.status == FindingStatus.PENDING.value)
        ):
            if finding.entity_id not in rejected:
                finding.status = FindingStatus.ACCEPTED.value
