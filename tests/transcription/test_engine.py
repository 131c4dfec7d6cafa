"""Real transcription with tiny.en: words, timings, silence, options, device choice."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from transcription import engine
from transcription.audio import SAMPLE_RATE, AudioArray, decode
from transcription.engine import (
    LoadedModel,
    Preset,
    TranscriptionOptions,
    available_device,
    transcribe_audio,
)
from transcription.model_store import ModelError
from transcription.segments import RawSegment

from .conftest import QUIET_ROOM, TINY, Turn, normalise, word_error_rate


def test_words_match_the_script(dialogue_segments: list[RawSegment], script: str) -> None:
    hypothesis = " ".join(segment.text for segment in dialogue_segments)
    wer = word_error_rate(script, hypothesis)
    print(f"tiny.en WER on the dialogue fixture: {wer:.1%}")
    assert wer <= 0.15


def test_times_are_ordered_and_inside_the_recording(
    dialogue_segments: list[RawSegment], dialogue_audio: AudioArray
) -> None:
    duration_ms = dialogue_audio.size * 1000 // SAMPLE_RATE
    previous_end = 0
    for segment in dialogue_segments:
        assert previous_end <= segment.start_ms < segment.end_ms <= duration_ms
        assert segment.words, "word timestamps are on by default"
        assert segment.words[0].start_ms == segment.start_ms
        assert segment.words[-1].end_ms == segment.end_ms
        word_end = segment.start_ms
        for word in segment.words:
            assert word_end <= word.start_ms <= word.end_ms
            word_end = word.end_ms
        previous_end = segment.end_ms


def test_each_turn_starts_where_its_first_word_is_spoken(
    dialogue_segments: list[RawSegment], turns: list[Turn]
) -> None:
    words = [word for segment in dialogue_segments for word in segment.words]
    for turn in turns:
        first = normalise(turn.text).split()[0]
        nearest = min(
            (word for word in words if normalise(word.text) == first),
            key=lambda word: abs(word.start_ms - turn.start_ms),
        )
        # Whisper's word times come from attention alignment: good to a few hundred ms.
        assert abs(nearest.start_ms - turn.start_ms) <= 500, (turn.text, nearest)


def test_quiet_room_gives_no_text(tiny: LoadedModel) -> None:
    transcription = transcribe_audio(decode(QUIET_ROOM), TINY, model=tiny)
    assert transcription.windows == ()
    assert list(transcription.segments) == []


def test_digital_silence_gives_no_text(tiny: LoadedModel) -> None:
    silence = np.zeros(8 * SAMPLE_RATE, dtype=np.float32)
    assert list(transcribe_audio(silence, TINY, model=tiny).segments) == []


def test_fast_preset_still_transcribes(
    tiny: LoadedModel, dialogue_audio: AudioArray, script: str
) -> None:
    fast = TranscriptionOptions(model="tiny.en", preset=Preset.FAST)
    text = " ".join(s.text for s in transcribe_audio(dialogue_audio, fast, model=tiny).segments)
    assert word_error_rate(script, text) <= 0.2


@dataclass
class PromptSpy:
    real: Any
    prompts: list[str | None] = field(default_factory=list)

    def transcribe(self, *args: Any, **kwargs: Any) -> Any:
        self.prompts.append(kwargs.get("initial_prompt"))
        return self.real.transcribe(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def test_vocabulary_prompt_reaches_every_window_and_sets_a_spelling(
    tiny: LoadedModel, twice_told: Path
) -> None:
    # The script says "capital"; a researcher who lists "Capitol" gets that spelling. Each
    # window gets the prompt (faster-whisper alone would prompt only the first one).
    spy = PromptSpy(tiny.whisper)
    options = TranscriptionOptions(model="tiny.en", vocabulary=("Capitol", " ", "Kreuzberg"))
    assert options.initial_prompt == "Capitol, Kreuzberg."
    transcription = transcribe_audio(decode(twice_told), options, model=replace(tiny, whisper=spy))
    text = " ".join(segment.text for segment in transcription.segments)
    assert spy.prompts == ["Capitol, Kreuzberg."] * 2
    assert text.count("Capitol") == 2


def test_presets_set_the_beam() -> None:
    assert (Preset.FAST.beam_size, Preset.ACCURATE.beam_size) == (1, 5)
    assert TranscriptionOptions().preset is Preset.ACCURATE
    assert TranscriptionOptions().model == "base"
    defaults = TranscriptionOptions()
    assert defaults.vad_filter and defaults.word_timestamps
    assert not defaults.condition_on_previous_text


def test_english_only_model_refuses_another_language(
    tiny: LoadedModel, dialogue_audio: AudioArray
) -> None:
    with pytest.raises(ModelError, match="English only"):
        transcribe_audio(
            dialogue_audio, TranscriptionOptions(model="tiny.en", language="de"), model=tiny
        )


def test_english_only_model_reports_english(tiny: LoadedModel, dialogue_audio: AudioArray) -> None:
    transcription = transcribe_audio(dialogue_audio, TINY, model=tiny)
    assert (transcription.language, transcription.language_probability) == ("en", 1.0)


def test_base_detects_the_language_and_transcribes(dialogue_audio: AudioArray, script: str) -> None:
    # base comes from the split-weight packages, joined into the session's temporary cache.
    base = engine.load_model("base")
    assert base.multilingual and base.info.name == "base"
    transcription = transcribe_audio(dialogue_audio, TranscriptionOptions(), model=base)
    text = " ".join(segment.text for segment in transcription.segments)
    print(f"base: language {transcription.language} p={transcription.language_probability:.2f}")
    assert transcription.language == "en" and transcription.language_probability > 0.5
    assert word_error_rate(script, text) <= 0.1


def test_device_follows_ctranslate2(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctranslate2

    assert available_device() == (
        ("cuda", "float16") if ctranslate2.get_cuda_device_count() > 0 else ("cpu", "int8")
    )
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 1)
    assert available_device() == ("cuda", "float16")
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 0)
    assert available_device() == ("cpu", "int8")


def test_model_is_loaded_once(tiny: LoadedModel) -> None:
    assert engine.load_model("tiny.en") is tiny
    assert tiny.device == "cpu" or tiny.compute_type == "float16"
    assert tiny.multilingual is False
