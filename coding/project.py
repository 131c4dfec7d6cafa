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
from coding.crypto import database as cipher
from coding.errors import ProjectError
from coding.project_lock import ProjectLock
from models import db
from models import privacy as _privacy  # noqa: F401  (maps findings' cascade)
from models.entities import Setting
from models.private_files import create_private, sqlite_sidecars, tighten, tighten_tree

PROJECT_SUFFIX = ".tcproj"
FORMAT_KEY = "format"
FORMAT_VALUE = "transcoda-project"


class Project:
    # A shared project on a database server (coding.team.shared_project) has its address here,
    # without the password; a project file has none.
    url: str | None = None
    # Who works in this project: recorded on undo steps (None: coding.lookup.default_coder_name).
    coder: str | None = None
    _media_override: Path | None = None

    def __init__(
        self,
        path: Path,
        engine: Engine,
        *,
        read_only: bool = False,
        lock: ProjectLock | None = None,
        password: str | None = None,
    ) -> None:
        self.path = path
        self.engine = engine
        self.read_only = read_only
        # Kept while the project is open: backups and recordings need the key again.
        self.password = password
        self._lock = lock
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)

    # -- lifecycle -------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, *, title: str = "", password: str | None = None) -> Project:
        """A new project; with ``password`` it is encrypted (see coding.crypto)."""
        if db.is_url(path):
            from coding.team.shared_project import create_shared

            if password is not None:
                raise ProjectError(
                    "a shared project cannot have a password of its own: the server protects "
                    "it (its accounts and TLS)"
                )
            return create_shared(cls, str(path), title=title)
        path = Path(path)
        if path.exists():
            raise ProjectError(f"{path} already exists; choose a new file name for the project")
        if not path.parent.exists():
            raise ProjectError(f"the folder {path.parent} does not exist")
        if password is not None:
            cipher.check_password(password)
        lock = ProjectLock(path)
        lock.acquire()
        try:
            # Owner-only before SQLite opens it: SQLite gives the -wal and -shm files its mode.
            create_private(path, exclusive=True)
        except OSError as error:
            lock.release()
            lock.path.unlink(missing_ok=True)
            raise ProjectError(f"cannot create {path}: {error.strerror}") from None
        engine = db.sqlite_engine(path) if password is None else cipher.engine(path, password)
        try:
            db.upgrade(engine)
            project = cls(path, engine, lock=lock, password=password)
            with project.session() as session, session.begin():
                session.add(Setting(key=FORMAT_KEY, value=FORMAT_VALUE))
                session.add(Setting(key="title", value=title or path.stem))
                if password is not None:
                    # Outside any operation, so no undo step can ever remove it.
                    session.add(Setting(key=cipher.MEDIA_KEY_SETTING, value=cipher.new_media_key()))
        except Exception:
            engine.dispose()
            lock.release()
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), lock.path):
                leftover.unlink(missing_ok=True)
            raise
        return project

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        read_only: bool = False,
        backup: bool = True,
        password: str | None = None,
    ) -> Project:
        """Open a project; ``read_only`` needs no lock, ``backup`` makes one when due."""
        if db.is_url(path):
            from coding.team.shared_project import open_shared

            return open_shared(cls, str(path), read_only=read_only)
        path = Path(path)
        if not path.is_file():
            raise ProjectError(f"no project at {path}")
        if password is None:
            _check_is_sqlite(path)
        elif cipher.is_plain_sqlite(path):
            raise ProjectError(f"{path.name} is not encrypted; open it without a password")
        lock = None
        if not read_only:
            lock = ProjectLock(path)
            lock.acquire()
            tighten_project_files(path)
        if password is None:
            engine = db.sqlite_engine(path, read_only=read_only)
        else:
            engine = cipher.engine(path, password, read_only=read_only)
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
            if password is not None and cipher.is_wrong_key(error):
                raise ProjectError(
                    f"the password for {path.name} is wrong (or the file is not a Transcoda "
                    "project)"
                ) from None
            raise ProjectError(
                f"{path} cannot be opened as a Transcoda project: {error.orig}"
            ) from error
        except Exception:
            engine.dispose()
            if lock is not None:
                lock.release()
            raise
        project = cls(path, engine, read_only=read_only, lock=lock, password=password)
        if password is not None and not read_only:
            from coding.crypto.media_names import migrate_media_names

            try:
                migrate_media_names(project)
            except OSError:
                pass  # old names stay readable (coding.queries.media_file); next open retries
            except BaseException:
                project.close()
                raise
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
    def encrypted(self) -> bool:
        return self.password is not None

    @property
    def shared(self) -> bool:
        """On a database server, where several coders work at once."""
        return self.url is not None

    @property
    def media_dir(self) -> Path:
        if self._media_override is not None:
            return self._media_override
        return self.path.parent / f"{self.path.stem}-media"

    @property
    def folder(self) -> Path:
        """The folder that linked recordings are stored relative to."""
        return self.media_dir if self.shared else self.path.parent

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


def tighten_project_files(path: Path) -> None:
    """Owner-only modes for a project made by an older version or copied in loosely.

    The database and its journal, the lock, and the media and backup folders beside it with
    everything in them (linked recordings elsewhere are the user's own files, left alone).
    """
    for file in (*sqlite_sidecars(path), Path(f"{path}.lock")):
        tighten(file)
    for folder in (f"{path.stem}-media", f"{path.stem}-backups"):
        tighten_tree(path.parent / folder)


def _check_is_sqlite(path: Path) -> None:
    with path.open("rb") as handle:
        header = handle.read(16)
    if header != b"SQLite format 3\x00":
        raise ProjectError(
            f"{path} is not a Transcoda project (it is not a SQLite database), or it is an "
            "encrypted project: open it with its password"
        )
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        connection.execute("PRAGMA schema_version").fetchone()
        connection.close()
    except sqlite3.DatabaseError as error:
        raise ProjectError(f"{path} is damaged and cannot be opened: {error}") from error


undo_recorder.install()
