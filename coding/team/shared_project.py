"""Shared projects: one PostgreSQL database that several coders use at the same time.

``Project.create(url)`` and ``Project.open(url)`` come here for ``postgresql://`` addresses. A
shared project differs from a project file in four ways, all deliberate:

- no lock file: the server arbitrates concurrent writers (one operation = one transaction);
- no rolling backups: a server is backed up by its administrator (``pg_dump``);
- recordings live in a folder on each computer, because a database row is a poor place for a
  gigabyte of audio: ``media_dir=`` when opening, else ``$TRANSCODA_MEDIA_DIR``, else the
  project's ``media_dir`` setting (a network folder every coder mounts at the same place), else a
  per-user folder. Recordings copied into one coder's folder are not visible to the others
  unless that folder is shared;
- undo is per coder (coding.team.shared_undo).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, make_url, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from coding.errors import ProjectError
from models import db
from models.entities import Setting

if TYPE_CHECKING:
    from coding.project import Project

MEDIA_ENV = "TRANSCODA_MEDIA_DIR"
MEDIA_SETTING = "media_dir"


def display_url(location: str) -> str:
    """The address as people may see it: the password is masked."""
    return make_url(location).render_as_string(hide_password=True)


def _engine(location: str, *, read_only: bool = False) -> Engine:
    try:
        return db.server_engine(location, read_only=read_only)
    except ValueError as error:
        raise ProjectError(str(error)) from None
    except ImportError as error:
        raise ProjectError(
            f"the PostgreSQL driver is missing ({error}); install psycopg[binary]"
        ) from None


def _unreachable(location: str, error: DBAPIError) -> ProjectError:
    reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    hint = ""
    if "does not exist" in reason and "database" in reason:
        hint = "; create the database first (createdb NAME), or ask the server's administrator"
    return ProjectError(f"cannot open the shared project {display_url(location)}: {reason}{hint}")


def create_shared(cls: type[Project], location: str, *, title: str = "") -> Project:
    from coding.project import FORMAT_KEY, FORMAT_VALUE

    engine = _engine(location)
    try:
        with engine.connect() as connection:
            tables = inspect(connection).get_table_names()
        if tables:
            raise ProjectError(
                f"the database {display_url(location)} is not empty; a new shared project needs "
                "an empty database (open it instead if it already holds one)"
            )
        db.upgrade(engine)
        project = _make(cls, location, engine, read_only=False, media_dir=None)
        with project.session() as session, session.begin():
            session.add(Setting(key=FORMAT_KEY, value=FORMAT_VALUE))
            session.add(Setting(key="title", value=title or project.path.name))
    except IntegrityError:
        engine.dispose()
        raise ProjectError(
            f"someone else created a project in {display_url(location)} at the same moment; "
            "open it instead"
        ) from None
    except DBAPIError as error:
        engine.dispose()
        raise _unreachable(location, error) from error
    except Exception:
        engine.dispose()
        raise
    return project


def open_shared(
    cls: type[Project],
    location: str,
    *,
    read_only: bool = False,
    media_dir: Path | None = None,
    coder: str | None = None,
) -> Project:
    from coding.project import FORMAT_KEY, FORMAT_VALUE

    engine = _engine(location, read_only=read_only)
    shown = display_url(location)
    try:
        with engine.connect() as connection:
            has_settings = inspect(connection).has_table("settings")
            marker = None
            if has_settings:
                marker = connection.scalar(select(Setting.value).where(Setting.key == FORMAT_KEY))
        if marker != FORMAT_VALUE:
            raise ProjectError(f"{shown} is a database, but it holds no Transcoda project")
        if not read_only:
            db.upgrade(engine)
        elif db.current_revision(engine) != db.head_revision():
            raise ProjectError(
                f"{shown} was made by another version of Transcoda; open it normally once to "
                "upgrade it before opening it read-only"
            )
        project = _make(cls, location, engine, read_only=read_only, media_dir=media_dir)
    except DBAPIError as error:
        engine.dispose()
        raise _unreachable(location, error) from error
    except Exception:
        engine.dispose()
        raise
    project.coder = coder
    return project


def _make(
    cls: type[Project], location: str, engine: Engine, *, read_only: bool, media_dir: Path | None
) -> Project:
    url = db.server_url(location)
    name = url.database or "shared"
    project = cls(Path(name), engine, read_only=read_only)
    project.url = display_url(location)
    project._media_override = _media_folder(project, url.host or "local", url.port, media_dir)
    return project


def _media_folder(project: Project, host: str, port: int | None, explicit: Path | None) -> Path:
    if explicit is not None:
        return explicit
    configured = os.environ.get(MEDIA_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    with project.reading() as session:
        stored = session.scalar(select(Setting.value).where(Setting.key == MEDIA_SETTING))
    if stored:
        return Path(stored).expanduser()
    from platformdirs import user_data_dir

    base = Path(user_data_dir("transcoda", appauthor=False)) / "shared-media"
    return base / f"{host}-{port or 5432}-{project.path.name}"
