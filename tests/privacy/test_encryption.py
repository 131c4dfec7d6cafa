"""Encrypted projects: unreadable without the password, media and backups included."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from app.cli.main import main
from coding import backups, documents
from coding.crypto.media import MediaDecryptionError, decrypt_file, encrypt_file
from coding.crypto.passwords import change_password, decrypt_project, encrypt_project
from coding.errors import InvalidInput, ProjectError
from coding.media import attach_media, media_bytes
from coding.project import Project
from coding.reports import export_transcript
from models.entities import Media

PASSWORD = "correct horse battery"
SECRET = "Тайна участника: Иван Петров живёт в Тбилиси на улице Руставели."
FLAC = Path(__file__).resolve().parents[1] / "fixtures" / "audio" / "dialogue_en.flac"


def plaintext_anywhere(folder: Path, needle: bytes) -> list[str]:
    return [
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and needle in path.read_bytes()
    ]


def new_encrypted(path: Path) -> int:
    with Project.create(path, password=PASSWORD) as project:
        changes = documents.add_document(project, title="Интервью", text=SECRET)
        assert changes.id is not None
        attach_media(project, document_id=changes.id, source=FLAC)
        backups.make_backup(project)
        return changes.id


def stored_media(project: Project) -> Media:
    with project.reading() as session:
        media = session.query(Media).one()
        session.expunge(media)
        return media


def test_nothing_is_readable_without_the_password(tmp_path: Path) -> None:
    folder = tmp_path / "study"
    folder.mkdir()
    path = folder / "study.tcproj"
    new_encrypted(path)
    flac = FLAC.read_bytes()
    # Neither the database, its WAL, its backups nor the media folder hold plaintext.
    assert plaintext_anywhere(folder, SECRET.encode()[:40]) == []
    assert plaintext_anywhere(folder, flac[4096:4196]) == []
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(path).execute("SELECT * FROM documents").fetchall()
    with pytest.raises(ProjectError, match="encrypted project: open it with its password"):
        Project.open(path)
    with pytest.raises(ProjectError, match=r"password for study\.tcproj is wrong"):
        Project.open(path, password="not the password")
    with Project.open(path, password=PASSWORD) as project:
        assert media_bytes(project, stored_media(project)) == flac
    reader = Project.open(path, password=PASSWORD, read_only=True)
    with reader, reader.reading() as session:
        assert session.query(Media).count() == 1


def test_passwords_are_checked_and_linking_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="too short"):
        Project.create(tmp_path / "short.tcproj", password="1234")
    assert not (tmp_path / "short.tcproj").exists()
    with Project.create(tmp_path / "p.tcproj", password=PASSWORD) as project:
        doc = documents.add_document(project, title="x", text="y").id
        assert doc is not None
        with pytest.raises(InvalidInput, match="cannot be linked"):
            attach_media(project, document_id=doc, source=FLAC, link=True)
    with Project.create(tmp_path / "plain.tcproj") as project:
        pass
    with pytest.raises(ProjectError, match="not encrypted"):
        Project.open(tmp_path / "plain.tcproj", password=PASSWORD)


def test_changing_the_password_rekeys_project_and_backups(tmp_path: Path) -> None:
    path = tmp_path / "study.tcproj"
    new_encrypted(path)
    report = change_password(path, PASSWORD, "a new long passphrase")
    assert report.backups == 1 and report.skipped_backups == []
    with pytest.raises(ProjectError, match="wrong"):
        Project.open(path, password=PASSWORD)
    with Project.open(path, password="a new long passphrase") as project:
        assert media_bytes(project, stored_media(project)) == FLAC.read_bytes()
    (backup,) = backups.list_backups(path)[-1:]
    backups.restore_backup(path, backup.name, password="a new long passphrase")
    with pytest.raises(InvalidInput, match="does not open the backup"):
        backups.restore_backup(path, backup.name, password=PASSWORD)


def test_a_plain_project_is_encrypted_and_decrypted_with_its_media(tmp_path: Path) -> None:
    path = tmp_path / "study.tcproj"
    with Project.create(path) as project:
        doc = documents.add_document(project, title="Интервью", text=SECRET).id
        assert doc is not None
        attach_media(project, document_id=doc, source=FLAC)
        backups.make_backup(project)
    report = encrypt_project(path, PASSWORD)
    assert (report.recordings, report.backups) == (1, 1)
    assert plaintext_anywhere(tmp_path, SECRET.encode()[:40]) == []
    assert plaintext_anywhere(tmp_path, FLAC.read_bytes()[4096:4196]) == []
    (backup,) = backups.list_backups(path)
    backups.restore_backup(path, backup.name, password=PASSWORD)
    with Project.open(path, password=PASSWORD) as project:
        media = stored_media(project)
        assert media.path.endswith(".enc")
        assert media_bytes(project, media) == FLAC.read_bytes()
    decrypt_project(path, PASSWORD)
    with Project.open(path) as project:
        media = stored_media(project)
        assert not media.path.endswith(".enc")
        assert media_bytes(project, media) == FLAC.read_bytes()


def test_tampered_or_truncated_media_is_detected(tmp_path: Path) -> None:
    key = bytes(range(32))
    source = tmp_path / "a.flac"
    shutil.copyfile(FLAC, source)
    sealed = tmp_path / "a.flac.enc"
    encrypt_file(source, sealed, key)
    assert decrypt_file(sealed, key) == FLAC.read_bytes()
    data = bytearray(sealed.read_bytes())
    data[len(data) // 2] ^= 1
    sealed.write_bytes(bytes(data))
    with pytest.raises(MediaDecryptionError, match="damaged, truncated or from another"):
        decrypt_file(sealed, key)
    encrypt_file(source, sealed, key)
    sealed.write_bytes(sealed.read_bytes()[:-100])
    with pytest.raises(MediaDecryptionError):
        decrypt_file(sealed, key)
    encrypt_file(source, sealed, key)
    with pytest.raises(MediaDecryptionError):
        decrypt_file(sealed, bytes(32))


def test_export_leaves_no_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / "study.tcproj"
    doc = new_encrypted(path)
    out = tmp_path / "out"
    out.mkdir()
    with Project.open(path, password=PASSWORD) as project:
        export_transcript(project, out / "t.docx", document_id=doc)
    assert [p.name for p in out.iterdir()] == ["t.docx"]


def test_command_line_passwords_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "study.tcproj"
    monkeypatch.delenv("TRANSCODA_PASSWORD", raising=False)
    monkeypatch.setenv("TRANSCODA_NEW_PASSWORD", PASSWORD)
    assert main(["init", str(path), "--encrypt"]) == 0
    capsys.readouterr()
    assert main(["info", str(path)]) == 1
    assert "set TRANSCODA_PASSWORD" in capsys.readouterr().err
    monkeypatch.setenv("TRANSCODA_PASSWORD", "wrong but long")
    assert main(["info", str(path)]) == 1
    assert "wrong" in capsys.readouterr().err
    monkeypatch.setenv("TRANSCODA_PASSWORD", PASSWORD)
    assert main(["info", str(path)]) == 0
    monkeypatch.setenv("TRANSCODA_NEW_PASSWORD", "another long phrase")
    assert main(["password", "change", str(path)]) == 0
    monkeypatch.setenv("TRANSCODA_PASSWORD", "another long phrase")
    assert main(["backup", "now", str(path)]) == 0
    assert main(["password", "remove", str(path)]) == 0
    monkeypatch.delenv("TRANSCODA_PASSWORD")
    assert main(["info", str(path)]) == 0
    monkeypatch.setenv("TRANSCODA_NEW_PASSWORD", PASSWORD)
    assert main(["password", "set", str(path)]) == 0
    capsys.readouterr()
    assert main(["info", str(path)]) == 1
    assert "TRANSCODA_PASSWORD" in capsys.readouterr().err
