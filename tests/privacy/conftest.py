"""Fixtures for pseudonymisation tests: the demo project is built once and copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from coding.demo import create_demo
from coding.project import Project


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.tcproj"
    create_demo(path).close()
    return path


@pytest.fixture
def demo_path(demo_master: Path, tmp_path: Path) -> Path:
    """A private copy of the demo project (its recordings are not needed here)."""
    target = tmp_path / "demo.tcproj"
    shutil.copyfile(demo_master, target)
    return target


@pytest.fixture
def demo(demo_path: Path) -> Iterator[Project]:
    with Project.open(demo_path, backup=False) as project:
        yield project
