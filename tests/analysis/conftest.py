"""The known-answers study, built once per test session and copied for every test."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from coding.project import Project
from tests.analysis.study import Study, build


@pytest.fixture(scope="session")
def built_study(tmp_path_factory: pytest.TempPathFactory) -> Study:
    return build(tmp_path_factory.mktemp("built") / "study.tcproj")


@pytest.fixture
def study(built_study: Study, tmp_path: Path) -> Study:
    path = tmp_path / "study.tcproj"
    shutil.copyfile(built_study.path, path)
    return dataclasses.replace(built_study, path=path)


@pytest.fixture
def project(study: Study) -> Iterator[Project]:
    with Project.open(study.path, backup=False) as opened:
        yield opened
