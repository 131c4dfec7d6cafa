"""Shared fixtures: a fresh project in a temporary folder for every test that asks."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from models import offline_env

# The tests load onnxruntime and faster-whisper in-process: no telemetry from them either.
offline_env.disable()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TRANSCODA_CODER", "tester")

from coding.project import Project  # noqa: E402


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    with Project.create(tmp_path / "study.tcproj") as opened:
        yield opened
