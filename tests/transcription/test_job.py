"""The transcription job: layout, progress, cancel, resume after cancel or crash, silence."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from models.progress import Cancelled, NullReporter
from transcription.engine import LoadedModel, Preset
from transcription.job import JobResult, _progress_message, run_transcription
from transcription.segments import RawSegment
from transcription.store import InMemoryTranscriptStore

from .conftest import DIALOGUE, QUIET_ROOM, TINY, word_error_rate


@dataclass
class Recorder:
    """A reporter that records progress and cancels once ``cancel_when`` says so."""

    cancel_when: Any = None
    calls: list[tuple[float, float, str]] = field(default_factory=list)

    def progress(self, done: float, total: float, message: str = "") -> None:
        self.calls.append((done, total, message))

    def cancelled(self) -> bool:
        return bool(self.cancel_when is not None and self.cancel_when())


class PowerCut(Exception):
    pass


@dataclass
class CrashingStore(InMemoryTranscriptStore):
    """Dies on the n-th save before anything of it is written, like a machine losing power."""

    crash_on_save: int = 0

    def save_pieces(self, resume_key: str, pieces: Sequence[RawSegment]) -> None:
        if self.save_calls + 1 == self.crash_on_save:
            self.save_calls += 1
            raise PowerCut
        super().save_pieces(resume_key, pieces)


@dataclass
class CountingWhisper:
    """Delegates to the real model and counts the windows it is asked to decode."""

    real: Any
    windows: int = 0

    def transcribe(self, *args: Any, **kwargs: Any) -> Any:
        self.windows += 1
        return self.real.transcribe(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def run(path: Path, store: InMemoryTranscriptStore, model: LoadedModel, **kwargs: Any) -> JobResult:
    kwargs.setdefault("reporter", NullReporter())
    kwargs.setdefault("speakers", 2)
    kwargs.setdefault("options", TINY)
    return run_transcription(audio_path=path, store=store, model=model, **kwargs)


def assert_no_duplicates(result: JobResult) -> None:
    for before, after in zip(result.pieces, result.pieces[1:], strict=False):
        assert before.end_ms <= after.start_ms


def test_transcript_reads_like_a_researchers_transcript(
    uninterrupted: JobResult, script: str
) -> None:
    text = uninterrupted.transcript.text
    assert text.startswith("[00:00:00] Interviewer: Thank you for joining us today")
    paragraphs = text.split("\n\n")
    assert [p.split("] ")[1].split(":")[0] for p in paragraphs] == [
        "Interviewer",
        "Respondent",
    ] * 3
    assert paragraphs[1].startswith("[00:00:05] Respondent: I left")
    assert word_error_rate(script, " ".join(p.text for p in uninterrupted.pieces)) <= 0.15
    assert uninterrupted.needs_review and uninterrupted.language == "en"
    assert uninterrupted.speaker_names == {"S1": "Interviewer", "S2": "Respondent"}
    for segment, piece in zip(uninterrupted.transcript.segments, uninterrupted.pieces, strict=True):
        assert text[segment.char_start : segment.char_end] == piece.text
        assert (segment.start_ms, segment.end_ms) == (piece.start_ms, piece.end_ms)
        assert piece.speaker in ("S1", "S2")
    assert_no_duplicates(uninterrupted)


def test_names_from_the_caller_and_no_speakers(tiny: LoadedModel) -> None:
    named = run(DIALOGUE, InMemoryTranscriptStore(), tiny, speaker_names={"S2": "Aysel"})
    assert "\n\n[00:00:05] Aysel: I left" in named.transcript.text
    plain = run(DIALOGUE, InMemoryTranscriptStore(), tiny, speakers=None)
    assert plain.transcript.text.startswith("[00:00:00] Thank you")
    assert {piece.speaker for piece in plain.pieces} == {None}


def test_progress_is_share_of_audio_with_a_final_full_mark(tiny: LoadedModel) -> None:
    reporter = Recorder()
    store = InMemoryTranscriptStore()
    result = run(DIALOGUE, store, tiny, reporter=reporter)
    transcribing = [(done, total) for done, total, message in reporter.calls if total > 1]
    dones = [done for done, _ in transcribing]
    assert dones == sorted(dones)
    assert (
        transcribing[-1][0]
        == transcribing[-1][1]
        == pytest.approx(result.audio.duration_ms / 1000, abs=0.01)
    )
    assert any(message.startswith("Transcribed 0:") for _, _, message in reporter.calls)
    assert store.save_calls == len(store.finished[0].pieces)  # one durable save per segment


def test_eta_is_estimated_from_the_pace_so_far() -> None:
    started = time.monotonic() - 10
    assert _progress_message(30, 60, 0, started) == "Transcribed 0:30 of 1:00, about 0:10 left"
    # After a resume only the audio done in this run counts towards the pace.
    assert _progress_message(40, 60, 30_000, started).endswith("about 0:20 left")
    assert "left" not in _progress_message(5, 60, 0, time.monotonic())


def test_cancel_keeps_saved_work_and_resume_matches_uninterrupted(
    tiny: LoadedModel, uninterrupted: JobResult
) -> None:
    store = InMemoryTranscriptStore()
    reporter = Recorder(cancel_when=lambda: store.save_calls >= 2)
    with pytest.raises(Cancelled):
        run(DIALOGUE, store, tiny, reporter=reporter)
    assert len(store.pieces) == 2 and store.finished == []
    resumed = run(DIALOGUE, store, tiny)
    assert resumed.resumed_from_ms == store.finished[0].resumed_from_ms > 0
    assert resumed.transcript == uninterrupted.transcript
    assert resumed.pieces == uninterrupted.pieces
    assert_no_duplicates(resumed)


def test_resume_after_a_crash_matches_uninterrupted(
    tiny: LoadedModel, uninterrupted: JobResult
) -> None:
    store = CrashingStore(crash_on_save=4)
    with pytest.raises(PowerCut):
        run(DIALOGUE, store, tiny)
    assert len(store.pieces) == 3
    last_saved_end = store.pieces[-1].end_ms
    resumed = run(DIALOGUE, store, tiny)
    assert resumed.resumed_from_ms == last_saved_end
    assert resumed.transcript == uninterrupted.transcript


def test_resume_skips_windows_already_done(tiny: LoadedModel, twice_told: Path) -> None:
    counting = CountingWhisper(tiny.whisper)
    model = replace(tiny, whisper=counting)
    whole = run(twice_told, InMemoryTranscriptStore(), model)
    assert counting.windows == 2

    store = InMemoryTranscriptStore()
    # Stop once a segment of the second copy (after 30 s) has been saved.
    reporter = Recorder(
        cancel_when=lambda: bool(store.pieces) and store.pieces[-1].start_ms > 30_000
    )
    with pytest.raises(Cancelled):
        run(twice_told, store, model, reporter=reporter)
    counting.windows = 0
    resumed = run(twice_told, store, model)
    assert counting.windows == 1  # only the second window is decoded again
    assert resumed.resumed_from_ms > 30_000
    assert resumed.transcript == whole.transcript
    assert_no_duplicates(resumed)
    # The second copy says the same as the first: both halves carry the same words.
    first_half = [p.text for p in whole.pieces if p.end_ms < 29_000]
    second_half = [p.text for p in whole.pieces if p.start_ms > 29_000]
    assert word_error_rate(" ".join(first_half), " ".join(second_half)) <= 0.1


def test_pieces_from_other_settings_are_not_resumed(tiny: LoadedModel) -> None:
    store = InMemoryTranscriptStore()
    with pytest.raises(Cancelled):
        run(DIALOGUE, store, tiny, reporter=Recorder(cancel_when=lambda: store.save_calls >= 2))
    fast = replace(TINY, preset=Preset.FAST)
    result = run(DIALOGUE, store, tiny, options=fast)
    assert result.resumed_from_ms == 0
    assert_no_duplicates(result)


def test_cancel_before_any_work(tiny: LoadedModel) -> None:
    store = InMemoryTranscriptStore()
    with pytest.raises(Cancelled):
        run(DIALOGUE, store, tiny, reporter=Recorder(cancel_when=lambda: True))
    assert store.save_calls == 0 and store.finished == []


def test_silence_gives_an_empty_transcript(tiny: LoadedModel) -> None:
    store = InMemoryTranscriptStore()
    result = run(QUIET_ROOM, store, tiny)
    assert result.transcript.text == "" and result.transcript.segments == ()
    assert result.pieces == () and store.finished == [result]
    assert store.save_calls == 0


def test_speaker_count_must_be_positive(tiny: LoadedModel) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        run(DIALOGUE, InMemoryTranscriptStore(), tiny, speakers=0)
