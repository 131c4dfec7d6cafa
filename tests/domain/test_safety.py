"""One writer at a time, read-only access beside it, and rolling backups that restore."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from coding import backups, queries
from coding.errors import ProjectError
from coding.project import Project
from coding.project_lock import ProjectLocked
from tests.domain.helpers import add_code, add_doc


def test_second_writer_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "p.tcproj"
    with Project.create(path):
        with pytest.raises(ProjectLocked, match="already open in another Transcoda"):
            Project.open(path)
        probe = (
            "import sys; from coding.project import Project\n"
            "from coding.project_lock import ProjectLocked\n"
            f"try:\n    Project.open({str(path)!r})\nexcept ProjectLocked as e:\n"
            "    print(e); sys.exit(3)\n"
        )
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
        assert done.returncode == 3, done.stderr
        assert "process" in done.stdout and "read-only" in done.stdout
    Project.open(path).close()  # released on close


def test_lock_is_released_when_the_holder_is_killed(tmp_path: Path) -> None:
    path = tmp_path / "p.tcproj"
    Project.create(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"from coding.project import Project; p = Project.open({str(path)!r}); "
            "print('open', flush=True); import time; time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
    with pytest.raises(ProjectLocked):
        Project.open(path)
    holder.kill()
    holder.wait()
    Project.open(path).close()


def test_read_only_open_beside_a_writer_sees_commits_and_refuses_changes(tmp_path: Path) -> None:
    path = tmp_path / "p.tcproj"
    with Project.create(path) as writer:
        add_doc(writer)
        with Project.open(path, read_only=True) as reader:
            assert len(queries.list_documents(reader)) == 1
            add_code(writer, "Fear")
            assert [n.name for n in queries.codebook(reader)] == ["Fear"]
            with pytest.raises(ProjectError, match="read-only"):
                add_code(reader, "Hope")
            from coding import history

            with pytest.raises(ProjectError, match="read-only"):
                history.undo(reader)


def test_backups_roll_and_restore(tmp_path: Path) -> None:
    path = tmp_path / "study.tcproj"
    with Project.create(path) as project:
        add_doc(project, "Before")
        first = backups.make_backup(project)
        add_doc(project, "After")
        for _ in range(12):
            backups.make_backup(project)
        assert len(backups.list_backups(path)) == backups.DEFAULT_KEEP
        assert first.path.exists() is False  # rolled out
        keep = backups.make_backup(project, reason="manual")
        add_doc(project, "Lost if restored")
        # Not due yet: a fresh backup exists.
        assert backups.backup_if_due(project, interval=timedelta(hours=1)) is None
        with pytest.raises(ProjectLocked):
            backups.restore_backup(path, keep.name)
    backups.restore_backup(path, keep.name)
    with Project.open(path, backup=False) as project:
        assert [d.title for d in queries.list_documents(project)] == ["Before", "After"]
    reasons = [b.reason for b in backups.list_backups(path)]
    assert "before-restore" in reasons


def test_opening_makes_a_backup_when_due(tmp_path: Path) -> None:
    path = tmp_path / "study.tcproj"
    Project.create(path).close()
    assert backups.list_backups(path) == []
    Project.open(path).close()
    Project.open(path).close()
    [only] = backups.list_backups(path)
    assert only.reason == "auto"


def test_restore_refuses_a_damaged_backup(tmp_path: Path) -> None:
    path = tmp_path / "study.tcproj"
    with Project.create(path) as project:
        info = backups.make_backup(project)
    info.path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    before = path.read_bytes()
    with pytest.raises(Exception, match="damaged"):
        backups.restore_backup(path, info.name)
    assert path.read_bytes() == before
