"""At rest, only the owner reads it: modes of everything Transcoda writes, names of recordings.

Every file and folder Transcoda creates is 0600/0700 on POSIX, for plain projects too, whatever
the umask (the tests run with umask 0, the worst case). An encrypted recording's file name is
keyed by the project's secret: it shares nothing with the audio's SHA-256.
"""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli.main import main
from coding import backups, documents
from coding.crypto import database as cipher
from coding.crypto.media import encrypted_name, media_key_of
from coding.crypto.passwords import change_password, decrypt_project, encrypt_project
from coding.media import attach_media, media_bytes
from coding.project import Project
from coding.queries import media_file
from models.entities import Media
from models.history import UndoStep
from models.private_files import private_folder, tighten

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")

PASSWORD = "correct horse battery"
FLAC = Path(__file__).resolve().parents[1] / "fixtures" / "audio" / "dialogue_en.flac"
SRT = """1
00:00:01,000 --> 00:00:04,000
Interviewer: When did you leave?

2
00:00:04,500 --> 00:00:09,000
Respondent: In the autumn of 2022, out of fear of repression.

3
00:00:09,500 --> 00:00:12,000
Interviewer: And your family?

4
00:00:12,500 --> 00:00:15,000
Respondent: They stayed.
"""
QUOTE = "out of fear of repression"


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """umask 0: a file made with the default mode would be world-writable, so it shows."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def loose_modes(root: Path, *, skip: tuple[Path, ...] = ()) -> list[str]:
    found = []
    for path in [root, *root.rglob("*")]:
        if any(path == s or s in path.parents for s in skip) or path.is_symlink():
            continue
        mode = stat.S_IMODE(path.lstat().st_mode)
        if mode & 0o077:
            found.append(f"{path.relative_to(root.parent)} {oct(mode)}")
    return found


def stored(project: Project) -> list[Media]:
    with project.reading() as session:
        rows = list(session.query(Media).order_by(Media.id))
        for row in rows:
            session.expunge(row)
        return rows


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_everything_a_study_writes_is_owner_only(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    loose_umask: None,
    encrypted: bool,
) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "interview.srt").write_text(SRT, encoding="utf-8")
    (inputs / "cases.csv").write_text("name,origin\nR01,Russia\n", encoding="utf-8")
    recording = inputs / "dialogue_en.flac"
    recording.write_bytes(FLAC.read_bytes())
    study = tmp_path / "study"
    study.mkdir(mode=0o700)  # the researcher's own folder
    out = tmp_path / "out"
    out.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home-data"))
    monkeypatch.setenv("TRANSCODA_CONFIG_DIR", str(tmp_path / "home-config" / "transcoda"))
    if encrypted:
        monkeypatch.setenv("TRANSCODA_NEW_PASSWORD", PASSWORD)
        monkeypatch.setenv("TRANSCODA_PASSWORD", PASSWORD)
    else:
        monkeypatch.delenv("TRANSCODA_PASSWORD", raising=False)
    path = study / "study.tcproj"
    p = str(path)

    def run(*argv: str) -> None:
        assert main(list(argv)) == 0, capsys.readouterr().err

    run("init", p, *(["--encrypt"] if encrypted else []))
    run("import", p, str(inputs / "interview.srt"), str(recording), "--case", "R01")
    run("cases", "import", p, str(inputs / "cases.csv"))
    run("codes", "add", p, "Fear of repression")
    run("code", p, "--document", "interview", "--code", "Fear of repression", "--text", QUOTE)
    # While the project is open its journal and lock exist: they are owner-only too.
    with Project.open(path, password=PASSWORD if encrypted else None) as project:
        documents.add_document(project, title="Notes", text="A short note.")
        journal = [Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}.lock")]
        assert all(file.exists() for file in journal)
        assert loose_modes(study) == []
    run("backup", "now", p)
    run("export", "docx", p, str(out / "segments.docx"))
    run("export", "docx", p, str(out / "codebook.docx"), "--report", "codebook")
    for fmt in ("srt", "vtt", "f4", "docx"):
        suffix = "txt" if fmt == "f4" else fmt
        run("export", "transcript", p, "--document", "interview", "--format", fmt,
            str(out / f"transcript.{suffix}"))  # fmt: skip
    run("codebook", "export", p, str(out / "codebook.csv"))
    run("export", "qdc", p, str(out / "codebook.qdc"))
    run("export", "qdpx", p, str(out / "study.qdpx"), "--with-recordings")
    run("matrix", p, "--by", "origin", "--csv", str(out / "matrix.csv"))
    run("matrix", p, "--by", "origin", "--xlsx", str(out / "matrix.xlsx"))
    run("pseudonymise", p, "--share-copy", str(out / "share.tcproj"))
    monkeypatch.delenv("TRANSCODA_PASSWORD", raising=False)
    run("import-project", str(out / "study.qdpx"), str(out / "imported.tcproj"))
    run("demo", str(out / "demo.tcproj"))
    from app.cli.paths import demo_project_path
    from coding.team.coders import save_coder

    demo_project_path()
    save_coder("Anna")
    produced = {child.name for child in study.iterdir()}
    assert {"study.tcproj", "study-media", "study-backups"} <= produced
    assert len(list((study / "study-media").iterdir())) == 1
    assert len(list(out.iterdir())) >= 14
    assert loose_modes(tmp_path, skip=(inputs,)) == []


def test_an_older_project_with_loose_modes_is_tightened_on_open(
    tmp_path: Path, loose_umask: None
) -> None:
    path = tmp_path / "study.tcproj"
    with Project.create(path) as project:
        doc = documents.add_document(project, title="Интервью", text="текст").id
        assert doc is not None
        attach_media(project, document_id=doc, source=FLAC)
        backups.make_backup(project)
    for made in [path, *tmp_path.glob("study-*"), *tmp_path.glob("study-*/*")]:
        made.chmod(0o755 if made.is_dir() else 0o644)
    assert loose_modes(tmp_path) != []
    tmp_path.chmod(0o755)  # the researcher's folder: not Transcoda's to change
    Project.open(path, backup=False).close()
    assert loose_modes(tmp_path) == [f"{tmp_path.name} 0o755"]


def test_the_model_cache_is_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loose_umask: None
) -> None:
    from transcription.model_store import ModelCorrupt, assemble_base

    monkeypatch.setenv("TRANSCODA_CACHE_DIR", str(tmp_path / "cache"))
    first, second = tmp_path / "part1", tmp_path / "part2"
    for folder in (first, second):
        folder.mkdir()
    (first / "config.json").write_text("{}")
    (first / "model.bin.part1").write_bytes(b"not")
    (second / "model.bin.part2").write_bytes(b"weights")
    with pytest.raises(ModelCorrupt):
        assemble_base((first, second))
    cache = tmp_path / "cache"
    assert (cache / "models" / "base" / "config.json").is_file()
    assert loose_modes(cache) == []


def test_helpers_leave_the_users_folders_alone(tmp_path: Path, loose_umask: None) -> None:
    mine = tmp_path / "theirs"
    mine.mkdir(mode=0o755)
    made = private_folder(mine / "a" / "b", parents=True)
    assert stat.S_IMODE(mine.stat().st_mode) == 0o755
    assert stat.S_IMODE(made.stat().st_mode) == 0o700
    assert stat.S_IMODE(made.parent.stat().st_mode) == 0o700
    link = tmp_path / "link"
    link.symlink_to(mine)
    tighten(link)  # a link is never followed
    assert stat.S_IMODE(mine.stat().st_mode) == 0o755


# -- names of encrypted recordings -----------------------------------------------------------


def encodings_of(digest: bytes) -> list[str]:
    return [
        digest.hex(),
        base64.b64encode(digest).decode(),
        base64.urlsafe_b64encode(digest).decode(),
        base64.b32encode(digest).decode().lower(),
        base64.b32encode(digest).decode(),
    ]


def encrypted_with_recording(path: Path, password: str, copies: int = 1) -> Project:
    project = Project.create(path, password=password)
    for number in range(copies):
        doc = documents.add_document(project, title=f"Interview {number}", text="text").id
        assert doc is not None
        attach_media(project, document_id=doc, source=FLAC)
    return project


def test_an_encrypted_recordings_name_reveals_nothing(tmp_path: Path) -> None:
    digest = hashlib.sha256(FLAC.read_bytes()).digest()
    names = []
    for number, password in enumerate((PASSWORD, "another long passphrase")):
        folder = tmp_path / f"p{number}"
        folder.mkdir()
        with encrypted_with_recording(folder / "study.tcproj", password, copies=2) as project:
            rows = stored(project)
            # The same recording twice is still stored once.
            assert len({row.path for row in rows}) == 1
            files = list(project.media_dir.iterdir())
            assert [f.name for f in files] == [rows[0].path]
            assert media_bytes(project, rows[1]) == FLAC.read_bytes()
        name = files[0].name
        assert name.endswith(".enc") and ".flac" not in name
        stem = name.removesuffix(".enc")
        for encoded in encodings_of(digest):
            assert encoded[:6] not in stem  # no prefix of the checksum, in any encoding
        names.append(name)
    # Two projects, two passwords: two unrelated names for one recording.
    assert names[0] != names[1]


def test_old_sha_named_recordings_are_renamed_on_open(tmp_path: Path) -> None:
    path = tmp_path / "study.tcproj"
    sha = hashlib.sha256(FLAC.read_bytes()).hexdigest()
    legacy = f"{sha[:16]}.flac.enc"
    with encrypted_with_recording(path, PASSWORD) as project:
        (media,) = stored(project)
        backups.make_backup(project)
        keyed = media.path
        (project.media_dir / keyed).rename(project.media_dir / legacy)
    # As an older version left it: the row and the file carry the SHA-256 name.
    connection = cipher.connect(path, PASSWORD)
    connection.execute("UPDATE media SET path = ?", (legacy,))
    connection.commit()
    connection.close()
    with Project.open(path, password=PASSWORD, read_only=True) as project:
        (media,) = stored(project)
        assert media.path == legacy
        assert media_bytes(project, media) == FLAC.read_bytes()  # old names still play
        with project.reading() as session:
            steps = session.query(UndoStep).count()
    with Project.open(path, password=PASSWORD, backup=False) as project:
        (media,) = stored(project)
        assert media.path == keyed
        assert [f.name for f in project.media_dir.iterdir()] == [keyed]
        assert media_bytes(project, media) == FLAC.read_bytes()
        with project.reading() as session:
            key = media_key_of(session)
        assert key is not None and encrypted_name(key, sha) == keyed
        # Bookkeeping, not the researcher's change: no undo step for it.
        with project.reading() as session:
            assert session.query(UndoStep).count() == steps
    # A row from before (a backup restored, an undo step) finds the renamed file.
    connection = cipher.connect(path, PASSWORD)
    connection.execute("UPDATE media SET path = ?", (legacy,))
    connection.commit()
    connection.close()
    with Project.open(path, password=PASSWORD, read_only=True) as project:
        (media,) = stored(project)
        assert media_file(project, media).name == keyed
        assert media_bytes(project, media) == FLAC.read_bytes()


def test_password_operations_keep_recordings_named_and_readable(tmp_path: Path) -> None:
    path = tmp_path / "study.tcproj"
    sha = hashlib.sha256(FLAC.read_bytes()).hexdigest()
    with Project.create(path) as project:
        doc = documents.add_document(project, title="Интервью", text="текст").id
        assert doc is not None
        attach_media(project, document_id=doc, source=FLAC)
        backups.make_backup(project)
        (media,) = stored(project)
        assert media.path == f"{sha[:16]}.flac"
    encrypt_project(path, PASSWORD)
    with Project.open(path, password=PASSWORD, backup=False) as project:
        (media,) = stored(project)
        assert sha[:8] not in media.path and media.path.endswith(".enc")
        assert [f.name for f in project.media_dir.iterdir()] == [media.path]
        keyed = media.path
    change_password(path, PASSWORD, "a new long passphrase")
    with Project.open(path, password="a new long passphrase", backup=False) as project:
        (media,) = stored(project)
        assert media.path == keyed
        assert media_bytes(project, media) == FLAC.read_bytes()
    (backup,) = backups.list_backups(path)
    decrypt_project(path, "a new long passphrase")
    with Project.open(path, backup=False) as project:
        (media,) = stored(project)
        assert media.path == f"{sha[:16]}.flac"
        assert [f.name for f in project.media_dir.iterdir()] == [media.path]
        assert media_bytes(project, media) == FLAC.read_bytes()
    # The backup was converted alongside: restored, it points at the same file.
    backups.restore_backup(path, backup.name)
    with Project.open(path, backup=False) as project:
        (media,) = stored(project)
        assert media_bytes(project, media) == FLAC.read_bytes()
