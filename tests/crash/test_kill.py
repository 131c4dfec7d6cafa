"""kill -9 never costs a committed coding, never corrupts a project, never leaves it locked.

A child process codes passages one operation at a time and prints each coding's id once its
transaction has committed; the test kills it with SIGKILL mid-burst and checks that every
printed id is in the project. WAL with ``synchronous=FULL`` makes a commit durable before
``commit()`` returns (see models/db.py and the README).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coding import codebook, documents
from coding.project import Project

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"

BURST = """
import sys
from coding import codings
from coding.project import Project
password = sys.argv[4] or None
project = Project.open(sys.argv[1], password=password, backup=False)
document_id, code_id, first = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[5])
for start in range(first, first + 10_000):
    changes = codings.apply_coding(
        project, document_id=document_id, code_id=code_id, start=start, end=start + 7
    )
    print(changes.id, flush=True)
"""

BIG_STEP = """
import sys
from coding import codings
from coding.codings import NewCoding
from coding.project import Project
project = Project.open(sys.argv[1], backup=False)
document_id, code_id = int(sys.argv[2]), int(sys.argv[3])
batch = [NewCoding(document_id, code_id, s, s + 3, coder="tester") for s in range(20_000)]
print("started", flush=True)
codings.apply_codings(project, codings=batch, description="many")
print("committed", flush=True)
"""


def prepare(path: Path, password: str | None = None) -> tuple[int, int]:
    with Project.create(path, password=password) as project:
        doc = documents.add_document(project, title="long", text="Страх и надежда. " * 3000)
        code = codebook.create_code(project, name="Fear")
    assert doc.id is not None and code.id is not None
    return doc.id, code.id


def child(script: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "TRANSCODA_CODER": "tester"}
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )


def coding_ids(path: Path, password: str | None) -> set[int]:
    project = Project.open(path, password=password, backup=False)
    with project, project.engine.connect() as connection:
        check = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
        assert check == "ok"
        rows = connection.exec_driver_sql("SELECT id FROM codings").all()
    return {int(row[0]) for row in rows}


@pytest.mark.parametrize("password", [None, PASSWORD], ids=["plain", "encrypted"])
def test_sigkill_mid_burst_keeps_every_committed_coding(
    tmp_path: Path, password: str | None
) -> None:
    path = tmp_path / "burst.tcproj"
    document_id, code_id = prepare(path, password)
    rng = random.Random(7)
    printed: list[int] = []
    for round_ in range(3):
        first = str(round_ * 10_000)
        process = child(BURST, str(path), str(document_id), str(code_id), password or "", first)
        assert process.stdout is not None
        wanted = len(printed) + rng.randint(15, 60)
        seen_this_round = 0
        deadline = time.monotonic() + 120
        while len(printed) < wanted and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            printed.append(int(line))
            seen_this_round += 1
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert seen_this_round > 0, process.stderr.read() if process.stderr else ""
        # Everything the child said was committed is there; the project opens; no lock left.
        assert set(printed) <= coding_ids(path, password)
        printed = sorted(coding_ids(path, password))


def test_sigkill_mid_operation_is_all_or_nothing(tmp_path: Path) -> None:
    path = tmp_path / "step.tcproj"
    document_id, code_id = prepare(path)
    for delay in (0.05, 0.4, 1.5):
        process = child(BIG_STEP, str(path), str(document_id), str(code_id))
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "started"
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        count = len(coding_ids(path, None))
        assert count in (0, 20_000), count
        if count:
            return
    # The step never got to commit before the kill: the project still holds none of it.


def test_a_killed_project_keeps_wal_and_full_sync(tmp_path: Path) -> None:
    path = tmp_path / "p.tcproj"
    prepare(path)
    with Project.open(path, backup=False) as project, project.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    plain = sqlite3.connect(path)
    try:
        assert plain.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        plain.close()
