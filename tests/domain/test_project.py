from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from coding import queries
from coding.errors import ProjectError
from coding.project import Project
from models.db import head_revision


def test_create_then_open_keeps_title_and_schema(tmp_path: Path) -> None:
    path = tmp_path / "study.tcproj"
    Project.create(path, title="Emigration 2022").close()
    with Project.open(path) as project:
        assert queries.project_info(project).title == "Emigration 2022"
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
        head_revision()
    )
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    connection.close()


def test_foreign_keys_are_enforced(project: Project) -> None:
    with project.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_create_refuses_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "study.tcproj"
    path.write_text("keep me")
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(path)
    assert path.read_text() == "keep me"


def test_open_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no project"):
        Project.open(tmp_path / "nothing.tcproj")


def test_open_binary_garbage_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.tcproj"
    path.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(ProjectError, match="not a SQLite database"):
        Project.open(path)
    assert path.read_bytes() == bytes(range(256)) * 10


def test_open_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE settings (key TEXT, value TEXT)")
    connection.commit()
    connection.close()
    with pytest.raises(ProjectError, match="not a Transcoda project"):
        Project.open(path)
