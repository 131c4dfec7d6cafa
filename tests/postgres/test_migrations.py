"""Every Alembic migration runs on PostgreSQL, up and down, one revision at a time."""

from __future__ import annotations

import importlib
import pkgutil

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

import models
from models import db
from models.base import Base

# Every model module, so that the comparison sees every table the migrations make.
for _module in pkgutil.iter_modules(models.__path__):
    if _module.name != "migrations":
        importlib.import_module(f"models.{_module.name}")


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    return config


def _run(url: str, action: str, revision: str) -> None:
    engine = db.engine_for(url)
    config = _config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            getattr(command, action)(config, revision)
    finally:
        engine.dispose()


def test_every_revision_upgrades_and_downgrades_on_postgresql(pg_url: str) -> None:
    revisions = [
        script.revision
        for script in reversed(list(ScriptDirectory.from_config(_config()).walk_revisions()))
    ]
    assert len(revisions) >= 3
    for revision in revisions:
        _run(pg_url, "upgrade", revision)
    engine = db.engine_for(pg_url)
    try:
        assert db.current_revision(engine) == db.head_revision()
        with engine.connect() as connection:
            # The migrated schema is exactly the models' schema.
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    finally:
        engine.dispose()
    for previous in [*reversed(revisions[:-1]), "base"]:
        _run(pg_url, "downgrade", previous)
    engine = db.engine_for(pg_url)
    try:
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        db.upgrade(engine)
        assert db.current_revision(engine) == db.head_revision()
    finally:
        engine.dispose()


def test_a_migrated_sqlite_file_matches_the_models_too(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = db.engine_for(tmp_path / "p.tcproj")
    try:
        db.upgrade(engine)
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    finally:
        engine.dispose()
