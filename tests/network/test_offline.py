"""The main flows never open a network connection, in-process and as the command line."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli.main import main
from tests.network.blocking import SITECUSTOMIZE

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
FLAC = FIXTURES / "audio" / "dialogue_en.flac"
SRT = FIXTURES / "import" / "whisper_speakers.srt"
TEXT = "Я уехал из Москвы в Тбилиси. Мне было страшно, я боялся полиции. Иван Петров помог."


class Attempts(list[str]):
    pass


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[Attempts]:
    attempts = Attempts()

    def refuse(what: str, target: object) -> OSError:
        attempts.append(f"{what} {target!r}")
        return OSError(f"network access blocked by the test: {what} {target!r}")

    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def connect(self: socket.socket, address: object) -> None:
        if self.family != getattr(socket, "AF_UNIX", None):
            raise refuse("connect", address)
        real_connect(self, address)  # type: ignore[arg-type]

    def connect_ex(self: socket.socket, address: object) -> int:
        if self.family != getattr(socket, "AF_UNIX", None):
            raise refuse("connect_ex", address)
        return real_connect_ex(self, address)  # type: ignore[arg-type]

    def fail(what: str) -> object:
        def refused(target: object, *args: object, **kwargs: object) -> object:
            raise refuse(what, target)

        return refused

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, fail(name))
    yield attempts
    assert attempts == [], f"network access attempted: {attempts}"


def test_the_blocker_really_blocks(offline: Attempts) -> None:
    with pytest.raises(OSError, match="blocked"):
        socket.create_connection(("example.org", 80))
    with pytest.raises(OSError, match="blocked"), socket.socket() as sock:
        sock.connect(("127.0.0.1", 9))
    assert len(offline) == 2
    offline.clear()


def cli(*args: str) -> None:
    assert main(list(args)) == 0, args


def test_main_flows_run_offline(
    offline: Attempts, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "study.tcproj"
    interview = tmp_path / "Интервью 1.txt"
    interview.write_text(TEXT, encoding="utf-8")
    recording = tmp_path / "dialogue.flac"
    shutil.copyfile(FLAC, recording)
    cli("init", str(project), "--starter")
    cli("import", str(project), str(interview), "--case", "R01", "--language", "ru")
    cli("import", str(project), str(SRT), "--language", "en")
    cli("import", str(project), str(recording), "--language", "en")
    cli("codes", "add", str(project), "Dread")
    cli(
        "code",
        str(project),
        "--document",
        "Интервью 1",
        "--code",
        "Dread",
        "--text",
        "я боялся полиции",
    )
    available = _commands()
    analyses = (
        ["frequencies", str(project), "--xlsx", str(tmp_path / "frequencies.xlsx")],
        ["search", str(project), "полиция"],
        ["matrix", str(project), "--by", "document", "--csv", str(tmp_path / "matrix.csv")],
    )
    for analysis in analyses:
        if analysis[0] in available:
            cli(*analysis)
    cli("pseudonymise", str(project), "--detect", "--accept-all")
    cli("export", "docx", str(project), str(tmp_path / "quotes.docx"), "--pseudonymise")
    cli("export", "docx", str(project), str(tmp_path / "codebook.docx"), "--report", "codebook")
    if "qdpx" in _export_formats():
        cli("export", "qdpx", str(project), str(tmp_path / "study.qdpx"))
    cli("codebook", "export", str(project), str(tmp_path / "codebook.csv"))
    cli("undo", str(project))
    cli("backup", "now", str(project))
    capsys.readouterr()


def test_encrypted_projects_run_offline(offline: Attempts, tmp_path: Path) -> None:
    from coding import documents
    from coding.project import Project

    path = tmp_path / "secret.tcproj"
    with Project.create(path, password="correct horse battery") as project:
        documents.add_document(project, title="t", text=TEXT)
    Project.open(path, password="correct horse battery").close()


def test_transcription_runs_offline(offline: Attempts, tmp_path: Path) -> None:
    engine = pytest.importorskip("transcription.engine")
    job = pytest.importorskip("transcription.job")
    store_module = pytest.importorskip("transcription.store")
    from models.progress import NullReporter

    os.environ.setdefault("TRANSCODA_CACHE_DIR", str(tmp_path / "cache"))
    result = job.run_transcription(
        audio_path=FLAC,
        options=engine.TranscriptionOptions(model="tiny.en"),
        store=store_module.InMemoryTranscriptStore(),
        reporter=NullReporter(),
    )
    assert result.transcript.text.strip()


def _commands() -> list[str]:
    from app.cli.main import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return list(sub.choices)  # type: ignore[arg-type]


def _export_formats() -> list[str]:
    from app.cli.main import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    export = sub.choices["export"]  # type: ignore[index]
    formats = next(a for a in export._actions if a.dest == "format")
    return list(formats.choices)


def test_the_command_line_runs_offline_in_a_child_process(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "network.log"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), str(REPO)]),
        "TRANSCODA_NETWORK_LOG": str(log),
        "TRANSCODA_CODER": "tester",
    }
    project = tmp_path / "study.tcproj"
    interview = tmp_path / "interview.txt"
    interview.write_text(TEXT, encoding="utf-8")

    def transcoda(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "app.cli", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('example.org', 80))"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert probe.returncode != 0 and "blocked" in probe.stderr
    log.unlink()
    transcoda("init", str(project))
    transcoda("import", str(project), str(interview), "--language", "ru")
    transcoda("codes", "add", str(project), "Fear")
    transcoda(
        "code",
        str(project),
        "--document",
        "interview",
        "--code",
        "Fear",
        "--text",
        "я боялся полиции",
    )
    transcoda("pseudonymise", str(project), "--detect", "--accept-all")
    transcoda("export", "docx", str(project), str(tmp_path / "q.docx"), "--pseudonymise")
    transcoda("undo", str(project))
    assert not log.exists(), log.read_text()
