"""A failed export never leaves a half-written report, and bad paths fail before any work."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest

from coding.errors import InvalidInput
from coding.reports import export_codebook, export_segments, export_transcript
from tests.reports.conftest import Study


def names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if not path.name.startswith("study"))


def test_failure_while_saving_keeps_the_old_file_and_no_leftovers(
    study: Study, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report.docx"
    out.write_bytes(b"an earlier report")

    def broken_save(self: object, stream: IO[bytes]) -> None:
        stream.write(b"PK\x03\x04 half a zip")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("docx.document.Document.save", broken_save)
    with pytest.raises(OSError, match="No space left"):
        export_segments(study.project, out)
    assert out.read_bytes() == b"an earlier report"
    assert names(tmp_path) == ["report.docx"]


def test_failure_while_building_writes_nothing(study: Study, tmp_path: Path) -> None:
    out = tmp_path / "report.docx"

    def failing(text: str) -> str:
        if "afraid" in text:
            raise RuntimeError("pseudonymiser crashed")
        return text

    with pytest.raises(RuntimeError, match="pseudonymiser crashed"):
        export_segments(study.project, out, pseudonymise=failing)
    assert names(tmp_path) == []


def test_export_replaces_an_existing_report(study: Study, tmp_path: Path) -> None:
    out = tmp_path / "codebook.docx"
    out.write_bytes(b"old")
    assert export_codebook(study.project, out) == 6
    assert out.read_bytes()[:2] == b"PK"
    assert names(tmp_path) == ["codebook.docx"]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_reports_are_readable_by_their_owner_only(study: Study, tmp_path: Path) -> None:
    out = tmp_path / "segments.docx"
    export_segments(study.project, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("relative", "words"),
    [
        ("missing/report.docx", "the folder"),
        ("report.pdf", "does not end in .docx"),
        ("folder.docx", "is a folder"),
    ],
)
def test_bad_output_paths_are_refused_clearly(
    study: Study, tmp_path: Path, relative: str, words: str
) -> None:
    (tmp_path / "folder.docx").mkdir()
    target = tmp_path / relative
    exports: list[Callable[[], int]] = [
        lambda: export_segments(study.project, target),
        lambda: export_codebook(study.project, target),
        lambda: export_transcript(study.project, target, document_id=study.docs["Interview R-01"]),
    ]
    for export in exports:
        with pytest.raises(InvalidInput, match=words):
            export()
    assert not (tmp_path / "missing").exists()
    assert names(tmp_path) == ["folder.docx"]
