"""A project: one SQLite database file, with its media folder beside it.

``Project`` owns the engine; every thread makes its own Session through ``session()``
(SQLAlchemy sessions are not thread-safe). Opening a project migrates it to the current schema.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from sqlalchemy import Engine, select
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from coding import undo_recorder
from coding.errors import ProjectError
from coding.project_lock import ProjectLock
from models import db
from models.entities import Setting

PROJECT_SUFFIX = ".tcproj"
FORMAT_KEY = "format"
FORMAT_VALUE = "transcoda-project"


class Project:
    def __init__(
        self,
        path: Path,
        engine: Engine,
        *,
        read_only: bool = False,
        lock: ProjectLock | None = None,
    ) -> None:
        self.path = path
        self.engine = engine
        self.read_only = read_only
        self._lock = lock
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)

    # -- lifecycle -------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, *, title: str = "") -> Project:
        path = Path(path)
        if path.exists():
            raise ProjectError(f"{path} already exists; choose a new file name for the project")
        if not path.parent.exists():
            raise ProjectError(f"the folder {path.parent} does not exist")
        lock = ProjectLock(path)
        lock.acquire()
        engine = db.sqlite_engine(path)
        try:
            db.upgrade(engine)
            project = cls(path, engine, lock=lock)
            with project.session() as session, session.begin():
                session.add(Setting(key=FORMAT_KEY, value=FORMAT_VALUE))
                session.add(Setting(key="title", value=title or path.stem))
        except Exception:
            engine.dispose()
            lock.release()
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), lock.path):
                leftover.unlink(missing_ok=True)
            raise
        return project

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False, backup: bool = True) -> Project:
        """Open a project; ``read_only`` needs no lock, ``backup`` makes one when due."""
        path = Path(path)
        if not path.is_file():
            raise ProjectError(f"no project at {path}")
        _check_is_sqlite(path)
        lock = None
        if not read_only:
            lock = ProjectLock(path)
            lock.acquire()
        engine = db.sqlite_engine(path, read_only=read_only)
        try:
            with Session(engine) as session:
                marker = session.scalar(select(Setting.value).where(Setting.key == FORMAT_KEY))
            if marker != FORMAT_VALUE:
                raise ProjectError(f"{path} is a database, but not a Transcoda project")
            if not read_only:
                db.upgrade(engine)
            elif db.current_revision(engine) != db.head_revision():
                raise ProjectError(
                    f"{path.name} was made by another version of Transcoda; open it normally "
                    "once to upgrade it before opening it read-only"
                )
        except (OperationalError, DatabaseError) as error:
            engine.dispose()
            if lock is not None:
                lock.release()
            raise ProjectError(
                f"{path} cannot be opened as a Transcoda project: {error.orig}"
            ) from error
        except Exception:
            engine.dispose()
            if lock is not None:
                lock.release()
            raise
        project = cls(path, engine, read_only=read_only, lock=lock)
        if backup and not read_only:
            from coding.backups import backup_if_due

            backup_if_due(project)
        return project

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Project:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- access ----------------------------------------------------------------------------

    @property
    def media_dir(self) -> Path:
        return self.path.parent / f"{self.path.stem}-media"

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session for queries; nothing is committed."""
        session = self._sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()


def _check_is_sqlite(path: Path) -> None:
    with path.open("rb") as handle:
        header = handle.read(16)
    if header != b"SQLite format 3\x00":
        raise ProjectError(f"{path} is not a Transcoda project (it is not a SQLite database)")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        connection.execute("PRAGMA schema_version").fetchone()
        connection.close()
    except sqlite3.DatabaseError as error:
        raise ProjectError(f"{path} is damaged and cannot be opened: {error}") from error


undo_recorder.install()
