"""Transcription into a project: import, transcribe, speakers, undo, resume after kill -9."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.transcribe import transcribe_document
from coding import codebook, codings, history, queries, transcripts
from coding.errors import Conflict
from coding.imports import AudioFacts, import_files
from coding.project import Project
from models.progress import NullReporter
from tests.transcription.conftest import DIALOGUE, TINY, Turn, word_error_rate
from transcription.audio import probe
from transcription.engine import LoadedModel

REPO = Path(__file__).resolve().parents[2]


def probe_facts(path: Path) -> AudioFacts:
    info = probe(path)
    return AudioFacts(duration_ms=info.duration_ms, sha256=info.sha256)


def imported_recording(project: Project, path: Path, case: str | None = None) -> int:
    _, [document] = import_files(
        project, paths=[path], language="en", probe_audio=probe_facts, case=case
    )
    return document.id


def test_import_transcribe_relabel_and_undo(
    tmp_path: Path, tiny: LoadedModel, script: str, turns: list[Turn]
) -> None:
    with Project.create(tmp_path / "p.tcproj") as project:
        document_id = imported_recording(project, DIALOGUE, case="Respondent R-07 (Нино)")
        [summary] = queries.list_documents(project)
        assert (summary.has_media, summary.transcript_status) == (True, "none")
        result = transcribe_document(
            project, document_id, options=TINY, reporter=NullReporter(), speakers=2, model=tiny
        )
        detail = queries.get_document(project, document_id)
        assert detail.transcript_status == "draft"
        assert detail.text == result.transcript.text
        words = " ".join(detail.text[s.char_start : s.char_end] for s in detail.segments)
        assert word_error_rate(script, words) <= 0.15
        # Two speakers: the interviewer and the respondent, called by the case's name.
        assert {s.name for s in detail.speakers} == {"Interviewer", "Respondent R-07 (Нино)"}
        assert detail.text.startswith("[00:00:00] Interviewer: ")
        assert [s.label for s in detail.speakers] == ["S1", "S2"]
        starts = [s.start_ms for s in detail.segments]
        assert starts == sorted(starts) and starts[-1] < 27_500
        # Relabel a speaker everywhere at once, then undo it.
        interviewer = next(s for s in detail.speakers if s.label == "S1")
        from coding import documents

        documents.rename_speaker(project, speaker_id=interviewer.id, name="Nina (I)")
        assert "Nina (I): " in queries.get_document(project, document_id).text
        history.undo(project)
        assert history.state(project).undo == f"Transcribe '{summary.title}'"
        history.undo(project)
        detail = queries.get_document(project, document_id)
        assert (detail.text, detail.segments) == ("", ())
        assert detail.transcript_status != "transcribing"


def test_a_coded_transcript_is_not_replaced_without_force(
    tmp_path: Path, tiny: LoadedModel
) -> None:
    with Project.create(tmp_path / "p.tcproj") as project:
        document_id = imported_recording(project, DIALOGUE)
        transcribe_document(project, document_id, options=TINY, reporter=NullReporter(), model=tiny)
        code = codebook.create_code(project, name="Leaving").id
        assert code is not None
        codings.apply_coding(project, document_id=document_id, code_id=code, start=11, end=20)
        with pytest.raises(Conflict, match="1 codings"):
            transcribe_document(
                project, document_id, options=TINY, reporter=NullReporter(), model=tiny
            )
        transcribe_document(
            project, document_id, options=TINY, reporter=NullReporter(), model=tiny, force=True
        )
        assert queries.list_codings(project) == []
        history.undo(project)
        assert len(queries.list_codings(project)) == 1


def _pieces(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("SELECT count(*) FROM transcription_pieces").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
    finally:
        connection.close()


def test_kill_minus_nine_mid_transcription_then_resume(
    tmp_path: Path, twice_told: Path, tiny: LoadedModel
) -> None:
    path = tmp_path / "p.tcproj"
    with Project.create(path) as project:
        document_id = imported_recording(project, twice_told)
    command = [
        sys.executable,
        "-m",
        "app.cli",
        "transcribe",
        str(path),
        "--all",
        "--model",
        "tiny.en",
        "--language",
        "en",
    ]
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        command, cwd=REPO, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while _pieces(path) == 0 and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert child.poll() is None, "the job ended before it could be killed"
    child.send_signal(signal.SIGKILL)
    child.wait()
    saved = _pieces(path)
    assert saved >= 1
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    with Project.open(path) as project:
        assert transcripts.target(project, document_id).status == "transcribing"
    done = subprocess.run(command, cwd=REPO, env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "resumed at" in done.stdout
    with Project.open(path) as project:
        resumed = queries.get_document(project, document_id)
    assert resumed.transcript_status == "draft" and _pieces(path) == 0
    # The resumed transcript equals one made in one go, with no duplicated segments.
    with Project.create(tmp_path / "fresh.tcproj") as fresh:
        fresh_id = imported_recording(fresh, twice_told)
        transcribe_document(fresh, fresh_id, options=TINY, reporter=NullReporter(), model=tiny)
        once = queries.get_document(fresh, fresh_id)
    assert resumed.text == once.text
    assert [(s.start_ms, s.end_ms) for s in resumed.segments] == [
        (s.start_ms, s.end_ms) for s in once.segments
    ]
