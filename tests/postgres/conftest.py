"""A real PostgreSQL server for the whole session, and a fresh database for each test.

The server comes from Debian's postgresql package (scripts/setup.sh --dev installs it) and
listens on 127.0.0.1 only. If it cannot start, every test here fails with the reason: a
missing server must never look like a passing suite.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from coding.project import Project
from tests.postgres.server import PostgresServer, ServerUnavailable

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    try:
        server = PostgresServer()
        server.start()
    except (ServerUnavailable, OSError) as error:
        pytest.fail(f"the PostgreSQL test server cannot start: {error}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> str:
    return pg_server.create_database(f"test_{next(_numbers)}")


@pytest.fixture
def shared(pg_url: str) -> Iterator[Project]:
    with Project.create(pg_url, title="Shared study") as project:
        yield project
