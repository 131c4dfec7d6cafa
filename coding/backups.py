"""Rolling backups of a project, made with SQLite's online backup API.

The backup API copies a consistent snapshot even while the project is open and its WAL holds
recent commits, which copying the file would not. Backups live in a folder beside the project
(``study-backups/``): the newest ``keep`` are kept. One is made when a project is opened and
the last one is older than ``interval``, and the desktop app asks again at that interval.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from coding.crypto import database as cipher
from coding.errors import InvalidInput, NotFound, ProjectError
from coding.project import Project
from coding.project_lock import ProjectLock
from models.entities import Setting
from models.private_files import create_private, private_folder

DEFAULT_KEEP = 10
DEFAULT_INTERVAL = timedelta(minutes=15)
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z-]+)\.tcproj$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    reason: str
    size_bytes: int

    @property
    def name(self) -> str:
        return self.path.name


def backup_dir(project_path: Path) -> Path:
    return project_path.parent / f"{project_path.stem}-backups"


def list_backups(project_path: Path) -> list[BackupInfo]:
    """Newest first."""
    folder = backup_dir(project_path)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match is None or match["stem"] != project_path.stem:
            continue
        created = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S-%f").replace(tzinfo=UTC)
        found.append(BackupInfo(path, created, match["reason"], path.stat().st_size))
    return sorted(found, key=lambda info: info.created, reverse=True)


def _keep(project: Project) -> int:
    with project.reading() as session:
        value = session.scalar(select(Setting.value).where(Setting.key == "backups_keep"))
    try:
        return max(1, int(value)) if value else DEFAULT_KEEP
    except ValueError:
        return DEFAULT_KEEP


def make_backup(project: Project, *, reason: str = "manual") -> BackupInfo:
    if project.shared:
        raise ProjectError(
            f"{project.url} is a shared project on a server: its administrator backs it up "
            "(pg_dump), Transcoda keeps no copies of it"
        )
    folder = private_folder(backup_dir(project.path))
    now = datetime.now(UTC)
    target = folder / f"{project.path.stem}-{now:%Y%m%d-%H%M%S-%f}-{reason}.tcproj"
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    create_private(partial)  # owner-only, like the project (SQLite keeps an existing mode)
    _copy_database(project.path, partial, project.password)
    os.replace(partial, target)
    for old in list_backups(project.path)[_keep(project) :]:
        old.path.unlink(missing_ok=True)
    return BackupInfo(target, now, reason, target.stat().st_size)


def backup_if_due(project: Project, *, interval: timedelta = DEFAULT_INTERVAL) -> BackupInfo | None:
    newest = next(iter(list_backups(project.path)), None)
    if newest is not None and datetime.now(UTC) - newest.created < interval:
        return None
    return make_backup(project, reason="auto")


def restore_backup(
    project_path: Path, backup_name: str, *, password: str | None = None
) -> BackupInfo:
    """Put a backup in place of the project; the current state is backed up first.

    The project must not be open anywhere: the lock is taken for the whole restore. An
    encrypted project's backups are encrypted with its password, and restored with it.
    """
    matches = [b for b in list_backups(project_path) if b.name == backup_name]
    if not matches:
        raise NotFound(f"no backup named '{backup_name}' for {project_path.name}")
    chosen = matches[0]
    _check_backup(chosen.path, password)
    lock = ProjectLock(project_path)
    lock.acquire()
    try:
        folder = private_folder(backup_dir(project_path))
        now = datetime.now(UTC)
        safety = folder / f"{project_path.stem}-{now:%Y%m%d-%H%M%S-%f}-before-restore.tcproj"
        create_private(safety)
        _copy_database(project_path, safety, password)
        _copy_database(chosen.path, project_path, password)
    finally:
        lock.release()
    return chosen


def _connect(path: Path, password: str | None, *, read_only: bool = False) -> Any:
    if password is not None:
        return cipher.connect(path, password, read_only=read_only)
    if read_only:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    return sqlite3.connect(path)


def _check_backup(path: Path, password: str | None = None) -> None:
    connection = _connect(path, password, read_only=True)
    try:
        result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    except Exception as error:
        if password is not None and cipher.is_wrong_key(error):
            raise InvalidInput(f"the password does not open the backup {path.name}") from None
        raise InvalidInput(f"the backup {path.name} is damaged: {error}") from None
    finally:
        connection.close()
    if result != "ok":
        raise InvalidInput(f"the backup {path.name} is damaged: {result}")


def _copy_database(source: Path, target: Path, password: str | None = None) -> None:
    # Both ends keyed alike, so an encrypted project's backup is encrypted page by page and
    # no plaintext copy ever touches the disk.
    try:
        src = _connect(source, password)
        dst = _connect(target, password)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    except Exception as error:
        if not _is_database_error(error):
            raise
        raise ProjectError(f"cannot copy {source.name}: {error}") from None


def _is_database_error(error: BaseException) -> bool:
    if isinstance(error, sqlite3.DatabaseError):
        return True
    import sqlcipher3

    return isinstance(error, sqlcipher3.DatabaseError)
