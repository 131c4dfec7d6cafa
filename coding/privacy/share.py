"""A pseudonymised copy of a project, to hand to a colleague or an archive.

The copy is made with SQLite's backup API, then every name that exports would hide (all but
the rejected ones) is applied to its text through the same service as ``apply_to_project``,
and the undo history, the mapping and the recordings are removed from it: a voice identifies
a person as surely as a name. The copy is not encrypted (its purpose is to be shared) and
never gets backups of its own. REFI-QDA exports of a pseudonymised project start from it.

Like every export (coding.privacy.outbound), the copy names coders by the coder name the user
chose, never by a login name, and carries no change-history timestamps unless asked for:
the change feed and the search index (which holds the old words) are emptied, and every
creation and change time is set to one fixed moment.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from sqlalchemy import DateTime, delete, select, update
from sqlalchemy.orm import Session

from coding.errors import ProjectError
from coding.privacy.apply import ApplySummary, apply_to_project
from coding.privacy.detection import detect
from coding.privacy.forget import forget
from coding.privacy.outbound import exported_coder_names
from coding.project import Project
from models.base import Base
from models.entities import Coder, Document, Media, Memo
from models.history import ChangeEvent
from models.privacy import FindingStatus, PrivacyEntity, PrivacyFinding
from models.search_index import SearchDocument, SearchPosting

# What every creation and change time in a copy without timestamps becomes.
NO_TIME = datetime(2000, 1, 1)


def pseudonymised_copy(
    project: Project, target: Path | str, *, timestamps: bool = False
) -> ApplySummary:
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
                _rename_coders(session)
                session.execute(delete(ChangeEvent))
                session.execute(delete(SearchPosting))
                session.execute(delete(SearchDocument))
                if not timestamps:
                    _clear_times(session)
            forget(copy, mapping=True)
    except BaseException:
        for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    finally:
        Path(f"{target}.lock").unlink(missing_ok=True)
    return summary


def _rename_coders(session: Session) -> None:
    """Coders stored under a login name take the name the user chose (or ``Coder N``)."""
    for old, new in exported_coder_names(session).items():
        session.execute(update(Coder).where(Coder.name == old).values(name=new))
        session.execute(update(Memo).where(Memo.author == old).values(author=new))


def _clear_times(session: Session) -> None:
    for table in Base.metadata.sorted_tables:
        columns = {
            column.name: NO_TIME for column in table.columns if isinstance(column.type, DateTime)
        }
        if columns:
            session.execute(update(table).values(**columns))


def _plain_copy(project: Project, target: Path) -> None:
    import sqlite3

    from coding.crypto import database as cipher
    from models.private_files import create_private

    partial = target.with_name(f".{target.name}.part")
    partial.unlink(missing_ok=True)
    create_private(partial)  # owner-only until the researcher decides to share it
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
