"""Bad input is refused or kept, never silently dropped.

A cue with an impossible time keeps its text (clamped, with a warning naming its line); FIFOs,
devices and folders are refused from ``stat`` without being opened (a FIFO would block); a
symlink is followed and named; system files are refused even through a link; a refusal
leaves the project exactly as it was.
"""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from coding.errors import InvalidInput
from coding.importers import parse_srt, parse_webvtt
from coding.imports import import_files
from coding.project import Project
from coding.refi import import_project
from tests.domain.helpers import dump
from tests.refi.builders import write_qdpx

SRT = """1
00:00:01,000 --> 00:00:02,000
First cue.

2
-00:00:03,000 --> 00:00:04,000
A cue that starts before the recording.

3
00:00:05,000 --> 00:00:02,000
A cue that ends before it starts.

4
00:00:06,000 --> 00:00:07,000
Last cue.
"""
WAV = Path(__file__).resolve().parents[1] / "fixtures" / "audio" / "dialogue_en.flac"


def within(seconds: float, call: Callable[[], Any]) -> Any:
    """Run ``call`` on a thread; a hang (a FIFO opened for reading) fails the test."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = call()
        except BaseException as error:  # re-raised below, on the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"hung for more than {seconds} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def audio_probe() -> Any:
    from app.cli.import_commands import _audio_probe

    return _audio_probe()


# -- cues with impossible times ------------------------------------------------------------


def test_an_impossible_cue_keeps_its_text_with_a_warning_naming_its_line() -> None:
    parsed = parse_srt(SRT, filename="cues.srt")
    assert len(parsed.segments) == 4
    assert "starts before the recording" in parsed.text
    assert "ends before it starts" in parsed.text
    times = [(s.start_ms, s.end_ms) for s in parsed.segments]
    assert times[1] == (0, 4000)  # the negative start clamped to 0
    assert times[2] == (5000, 5000)  # the end clamped to the start
    (negative, inverted) = parsed.warnings
    assert negative.startswith("cues.srt, line 6:") and "negative time" in negative
    assert inverted.startswith("cues.srt, line 10:") and "end before its start" in inverted
    assert "00:00:05.000-00:00:05.000" in inverted


def test_webvtt_cues_are_kept_the_same_way() -> None:
    text = (
        "WEBVTT\n\n00:01.000 --> 00:02.000\nFirst.\n\n"
        "-00:03.000 --> 00:04.000\nNegative.\n\n00:09.000 --> 00:05.000\nInverted.\n"
    )
    parsed = parse_webvtt(text, filename="cues.vtt")
    assert [s.start_ms for s in parsed.segments] == [1000, 0, 9000]
    assert "Negative." in parsed.text and "Inverted." in parsed.text
    assert [w.split(":")[0] for w in parsed.warnings] == ["cues.vtt, line 6", "cues.vtt, line 9"]


def test_cue_warnings_reach_the_result_and_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "cues.srt"
    source.write_text(SRT, encoding="utf-8")
    path = tmp_path / "study.tcproj"
    with Project.create(path) as project:
        _, (imported,) = import_files(project, paths=[source])
    assert imported.segments == 4
    assert [w.split(":")[0] for w in imported.warnings] == ["cues.srt, line 6", "cues.srt, line 10"]
    assert main(["import", str(path), str(source)]) == 0
    captured = capsys.readouterr()
    assert "(4 timed segments" in captured.out
    assert "transcoda: cues.srt, line 6:" in captured.err
    assert "transcoda: cues.srt, line 10:" in captured.err


# -- what is not a regular file ------------------------------------------------------------


def special_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    fifo_audio = tmp_path / "pipe.wav"
    os.mkfifo(fifo_audio)
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    return {
        "fifo": (fifo, "named pipe"),
        "fifo-recording": (fifo_audio, "named pipe"),
        "device": (Path("/dev/zero"), "character device"),
        "folder": (folder, "is a folder"),
    }


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX")
@pytest.mark.parametrize("which", ["fifo", "fifo-recording", "device", "folder"])
def test_fifos_devices_and_folders_are_refused_without_hanging(tmp_path: Path, which: str) -> None:
    path = tmp_path / "study.tcproj"
    good = tmp_path / "good.txt"
    good.write_text("A good interview.", encoding="utf-8")
    bad, said = special_files(tmp_path)[which]
    Project.create(path).close()
    before = dump(path)
    with (
        Project.open(path, backup=False) as project,
        pytest.raises(InvalidInput, match=said) as caught,
    ):
        within(10, lambda: import_files(project, paths=[good, bad], probe_audio=audio_probe()))
    assert bad.name in str(caught.value) and "not a file" in str(caught.value)
    assert dump(path) == before
    assert not path.with_name("study-media").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX")
def test_the_command_line_refuses_a_fifo_recording(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "study.tcproj"
    Project.create(path).close()
    fifo = tmp_path / "rec.m4a"
    os.mkfifo(fifo)
    assert within(10, lambda: main(["import", str(path), str(fifo)])) == 1
    assert "rec.m4a is a named pipe (FIFO), not a file" in capsys.readouterr().err


def test_the_decoder_refuses_a_fifo_too(tmp_path: Path) -> None:
    from transcription.audio import AudioError, probe

    fifo = tmp_path / "rec.wav"
    os.mkfifo(fifo)
    with pytest.raises(AudioError, match="not a regular file"):
        within(10, lambda: probe(fifo))


# -- links ---------------------------------------------------------------------------------


def test_a_link_to_a_system_file_is_refused_and_named(tmp_path: Path) -> None:
    path = tmp_path / "study.tcproj"
    Project.create(path).close()
    before = dump(path)
    link = tmp_path / "notes.txt"
    link.symlink_to("/etc/shadow" if Path("/etc/shadow").exists() else "/etc/passwd")
    with (
        Project.open(path, backup=False) as project,
        pytest.raises(InvalidInput, match=r"notes\.txt -> /etc/(shadow|passwd)") as caught,
    ):
        import_files(project, paths=[link])
    assert "system files" in str(caught.value)
    assert dump(path) == before


def test_a_link_is_followed_and_the_real_file_named(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere" / "interview-2024.txt"
    real.parent.mkdir()
    real.write_text("Interview text.", encoding="utf-8")
    link = tmp_path / "notes.txt"
    link.symlink_to(real)
    recording = tmp_path / "recording.flac"
    recording.symlink_to(WAV)
    with Project.create(tmp_path / "study.tcproj") as project:
        _, (text, audio) = import_files(project, paths=[link, recording], probe_audio=audio_probe())
        assert text.title == "notes"
        assert text.warnings == (f"notes.txt is a link: imported the file it points to, {real}",)
        assert str(WAV) in audio.warnings[0]
        media = next(project.media_dir.iterdir())
        assert not media.is_symlink() and media.read_bytes() == WAV.read_bytes()


def test_a_dangling_link_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "notes.txt"
    link.symlink_to(tmp_path / "gone.txt")
    with (
        Project.create(tmp_path / "study.tcproj") as project,
        pytest.raises(InvalidInput, match=r"is a link to .*gone\.txt, which does not exist"),
    ):
        import_files(project, paths=[link])


def test_an_unreadable_file_is_refused_with_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    secret.chmod(0)
    if os.geteuid() == 0:
        # Root reads every file: let the kernel's answer for other accounts come from here.
        real_open = os.open

        def refusing_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if Path(path) == secret:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", refusing_open)
    with (
        Project.create(tmp_path / "study.tcproj") as project,
        pytest.raises(InvalidInput, match=r"(?i)cannot read secret\.txt: permission denied"),
    ):
        import_files(project, paths=[secret])


def test_an_archive_that_is_a_fifo_is_refused(tmp_path: Path) -> None:
    from coding.importers.errors import ImportFormatError

    fifo = tmp_path / "in.qdpx"
    os.mkfifo(fifo)
    with pytest.raises(ImportFormatError, match="named pipe"):
        within(10, lambda: import_project(fifo, tmp_path / "new.tcproj"))
    assert not (tmp_path / "new.tcproj").exists()


# -- REFI-QDA offsets ----------------------------------------------------------------------

CODE = "11111111-1111-1111-1111-111111111111"
SOURCE = "22222222-2222-2222-2222-222222222222"


def refi_project(selections: str) -> str:
    return f"""<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="Test">
  <CodeBook><Codes><Code guid="{CODE}" name="Fear" isCodable="true"/></Codes></CodeBook>
  <Sources><TextSource guid="{SOURCE}" name="Interview 3"
      plainTextPath="internal://{SOURCE}.txt">{selections}</TextSource></Sources>
</Project>"""


def selection(number: int, name: str, start: int, end: int) -> str:
    return (
        f'<PlainTextSelection guid="33333333-3333-3333-3333-33333333333{number}" name="{name}" '
        f'startPosition="{start}" endPosition="{end}"><Coding guid="4444444{number}-4444-4444-'
        f'4444-444444444444"><CodeRef targetGUID="{CODE}"/></Coding></PlainTextSelection>'
    )


def test_refi_warnings_name_the_selection_the_offsets_and_the_text(tmp_path: Path) -> None:
    text = "I left in the autumn, out of fear."  # 34 characters
    xml = refi_project(
        selection(1, "out of fear", 22, 33)
        + selection(2, "far away", 120, 90)
        + selection(3, "backwards", 20, 10)
    )
    path = write_qdpx(tmp_path / "in.qdpx", {"project.qde": xml, f"sources/{SOURCE}.txt": text})
    report = import_project(path, tmp_path / "new.tcproj")
    assert report.codings == 1
    assert (
        "selection 'far away' in 'Interview 3': 120-90 lies outside the text (0-34); "
        "its coding was dropped"
    ) in report.skipped
    assert (
        "selection 'backwards' in 'Interview 3': 20-10 is empty or ends before it starts; "
        "its coding was dropped"
    ) in report.skipped
