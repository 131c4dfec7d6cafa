"""Projects shared by the REFI tests: the demo (built once, read only) and a rich test project."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coding.demo import create_demo
from coding.project import Project
from coding.refi import export_qdpx
from tests.refi.builders import build_rich_project


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.tcproj"
    create_demo(path).close()
    return path


@pytest.fixture(scope="session")
def demo_qdpx(demo_path: Path) -> Path:
    out = demo_path.with_name("demo.qdpx")
    with Project.open(demo_path) as project:
        export_qdpx(project, out)
    return out


@pytest.fixture
def demo(demo_path: Path) -> Iterator[Project]:
    """The demo project; tests must not change it (exports only)."""
    with Project.open(demo_path) as project:
        yield project


@pytest.fixture(scope="session")
def rich_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rich") / "rich.tcproj"
    build_rich_project(path).close()
    return path


@pytest.fixture
def rich(rich_path: Path) -> Iterator[Project]:
    with Project.open(rich_path) as project:
        yield project
