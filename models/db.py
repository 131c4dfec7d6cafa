"""Engines for project databases, and the migrations that bring them to the current schema.

SQLite settings are deliberate (see README, "Where data lives"): WAL so readers never block the
writer and a crash never leaves a half-written page; ``synchronous=FULL`` so that a committed
coding survives a power cut as well as a killed process; foreign keys on, because SQLite
leaves them off by default.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import URL, Engine, create_engine, event, make_url

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Any fixed number: the key of the PostgreSQL advisory lock held while migrating.
MIGRATION_LOCK = 7_264_001


def _unicode_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def unicode_functions(dbapi_connection: Any) -> None:
    """SQLite's own lower() folds ASCII only; names here are Cyrillic and Georgian too.

    Overriding the built-in makes every ``func.lower`` comparison (duplicate names, lookups
    by name) behave as it does on PostgreSQL.
    """
    dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    unicode_functions(dbapi_connection)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    # Deleted rows (an interview removed, a name pseudonymised) are overwritten, not left in
    # free pages where a file-recovery tool would find them.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _sqlite_read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    unicode_functions(dbapi_connection)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def sqlite_engine(path: Path, *, read_only: bool = False) -> Engine:
    if read_only:
        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        engine = create_engine(
            "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)
        )
        event.listen(engine, "connect", _sqlite_read_only_pragmas)
        return engine
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def current_revision(engine: Engine) -> str | None:
    from sqlalchemy import text

    with engine.connect() as connection:
        row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])


def is_url(location: str | Path) -> bool:
    """True for a database URL (``postgresql://...``), False for a project file path."""
    return isinstance(location, str) and "://" in location


def server_url(location: str) -> URL:
    """A server URL with the driver Transcoda ships (psycopg 3) unless one is named."""
    url = make_url(location)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


# Pool sizing: a desktop app or a CLI command needs few connections; a server has a limit.
SERVER_POOL = {"pool_size": 3, "max_overflow": 5, "pool_pre_ping": True}


def server_engine(location: str, *, read_only: bool = False) -> Engine:
    url = server_url(location)
    if not url.drivername.startswith("postgresql"):
        raise ValueError(
            f"only PostgreSQL servers can hold a shared project (got {url.drivername})"
        )
    options = "-c default_transaction_read_only=on" if read_only else ""
    connect_args: dict[str, Any] = {"options": options} if options else {}
    # A connect timeout, so that an unreachable server fails in seconds, not minutes.
    connect_args["connect_timeout"] = 10
    return create_engine(url, connect_args=connect_args, **SERVER_POOL)


def engine_for(url_or_path: str | Path) -> Engine:
    text = str(url_or_path)
    if "://" in text:
        if text.startswith("sqlite"):
            return create_engine(text)
        return server_engine(text)
    return sqlite_engine(Path(text))


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema revision (a no-op when it is current)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Several coders may open a shared project at once; one migrates, the others wait
            # and then find it current. PostgreSQL's DDL is transactional, so it is all or none.
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head
