"""Renaming encrypted recordings that an older version named after their SHA-256.

Before, an encrypted recording was stored as ``<first 16 hex of its SHA-256>.<ext>.enc``, so
anyone with a copy of the audio could prove that it is in the project. Now the name is keyed
(``encrypted_name``). When an encrypted project is opened for writing, each old-named file is
renamed to its keyed name and its rows are pointed at it.

Order and crash safety: the file is renamed first, then the rows are updated in one
transaction. A crash in between leaves rows with the old name and the file under the new one;
``coding.queries.media_file`` finds the keyed name from the row's checksum, and the next open
finishes the update. The same fallback serves rows that still carry an old name from a backup
or an undo step made before the rename. The update is not an undo step (like the recordings'
key, it is bookkeeping, not the researcher's change).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from coding.crypto.media import ENCRYPTED_SUFFIX, encrypted_name, media_key_of
from models.entities import Media

if TYPE_CHECKING:
    from coding.project import Project


def migrate_media_names(project: Project) -> int:
    """Give old-named encrypted recordings their keyed names; the number of files renamed."""
    folder = project.media_dir
    if not folder.is_dir():
        return 0
    renamed = 0
    with project.session() as session, session.begin():
        key = media_key_of(session)
        if key is None:
            return 0
        rows = session.execute(
            select(Media.id, Media.path, Media.sha256).where(Media.linked.is_(False))
        ).all()
        for media_id, stored, digest in rows:
            if not stored.endswith(ENCRYPTED_SUFFIX) or not digest:
                continue
            new = encrypted_name(key, digest)
            if stored == new:
                continue
            old_file, new_file = folder / stored, folder / new
            if not new_file.exists():
                if not old_file.is_file():
                    continue  # missing: the row keeps its name and says so when played
                os.replace(old_file, new_file)
                renamed += 1
            elif old_file.is_file() and old_file != new_file:
                # A crash after the rename, or two rows of one recording: keep one copy.
                old_file.unlink()
            session.execute(update(Media).where(Media.id == media_id).values(path=new))
    return renamed


def keyed_fallback(folder: Path, media: Media, key: bytes | None) -> Path | None:
    """Where an encrypted recording whose row has an old name is stored now, if it is."""
    if key is None or not media.sha256 or not media.path.endswith(ENCRYPTED_SUFFIX):
        return None
    candidate = folder / encrypted_name(key, media.sha256)
    return candidate if candidate.is_file() else None
