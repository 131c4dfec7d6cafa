"""Shared projects: created and opened by URL, and what differs from a project file."""

from __future__ import annotations

from pathlib import Path

import pytest

from coding import backups, codebook, codings, documents, media, queries
from coding.errors import ProjectError
from coding.project import Project
from coding.team import shared_project
from tests.postgres.server import PostgresServer, free_port


def test_create_then_open_by_url(pg_url: str) -> None:
    with Project.create(pg_url, title="Team study") as project:
        assert project.shared
        assert project.url == pg_url
        document = documents.add_document(project, title="Интервью 1", text="Страх и надежда 😀")
        assert document.id is not None
    with Project.open(pg_url) as project:
        info = queries.project_info(project)
        assert info.title == "Team study"
        assert info.path == pg_url
        assert [d.title for d in queries.list_documents(project)] == ["Интервью 1"]
        assert not Path(f"{project.path}.lock").exists()


def test_a_password_in_the_url_is_never_shown(pg_server: PostgresServer) -> None:
    url = pg_server.create_database("secretive").replace("postgres@", "postgres:hunter2@")
    with Project.create(url) as project:
        assert "hunter2" not in str(project.url)
        assert "hunter2" not in queries.project_info(project).path


def test_create_refuses_a_database_that_is_not_empty(shared: Project, pg_url: str) -> None:
    with pytest.raises(ProjectError, match="not empty"):
        Project.create(pg_url)


def test_open_refuses_a_database_without_a_project(pg_server: PostgresServer) -> None:
    url = pg_server.create_database("empty_one")
    with pytest.raises(ProjectError, match="holds no Transcoda project"):
        Project.open(url)


def test_a_missing_database_or_server_is_a_clear_error(pg_server: PostgresServer) -> None:
    with pytest.raises(ProjectError, match="create the database first"):
        Project.open(pg_server.url("no_such_database"))
    with pytest.raises(ProjectError, match="cannot open the shared project"):
        Project.open(f"postgresql://nobody@127.0.0.1:{free_port()}/study")


def test_only_postgresql_servers_hold_shared_projects() -> None:
    with pytest.raises(ProjectError, match="only PostgreSQL"):
        Project.open("mysql://someone@127.0.0.1/study")


def test_a_shared_project_has_no_password_of_its_own(pg_url: str) -> None:
    with pytest.raises(ProjectError, match="server protects it"):
        Project.create(pg_url, password="correct horse battery staple")


def test_read_only_opening_cannot_change_anything(shared: Project, pg_url: str) -> None:
    documents.add_document(shared, title="Doc", text="text")
    with Project.open(pg_url, read_only=True) as reader:
        assert [d.title for d in queries.list_documents(reader)] == ["Doc"]
        with pytest.raises(ProjectError, match="read-only"):
            codebook.create_code(reader, name="Fear")


def test_backups_are_left_to_the_server(shared: Project) -> None:
    with pytest.raises(ProjectError, match="pg_dump"):
        backups.make_backup(shared)


def test_media_folder_is_configurable(
    pg_url: str, shared: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(shared_project.MEDIA_ENV, raising=False)
    with shared_project.open_shared(Project, pg_url, media_dir=tmp_path / "explicit") as project:
        assert project.media_dir == tmp_path / "explicit"
    monkeypatch.setenv(shared_project.MEDIA_ENV, str(tmp_path / "from-env"))
    with Project.open(pg_url) as project:
        assert project.media_dir == tmp_path / "from-env"
        recording = tmp_path / "talk.wav"
        recording.write_bytes(b"RIFF....WAVEfmt ")
        doc = documents.add_document(project, title="Doc", text="text").id
        assert doc is not None
        media.attach_media(project, document_id=doc, source=recording)
        stored = queries.get_document(project, doc).media_path
        assert stored is not None and stored.parent == tmp_path / "from-env"
        assert stored.read_bytes() == recording.read_bytes()


def test_codings_made_without_a_name_belong_to_the_projects_coder(shared: Project) -> None:
    shared.coder = "Nino"
    doc = documents.add_document(shared, title="Doc", text="some words here").id
    code = codebook.create_code(shared, name="Fear").id
    assert doc is not None and code is not None
    codings.apply_coding(shared, document_id=doc, code_id=code, start=0, end=4)
    assert [c.coder for c in queries.list_codings(shared)] == ["Nino"]
