"""Shared fixtures: the tiny.en model and the committed espeak-ng recordings.

Whisper work is the slow part, so the model, the decoded dialogue and one uninterrupted
transcription of it are made once per session and compared against by several tests.
"""

from __future__ import annotations

import json
import os
import re
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jiwer
import numpy as np
import pytest

from models.progress import NullReporter
from transcription.audio import SAMPLE_RATE, AudioArray, decode
from transcription.engine import LoadedModel, TranscriptionOptions, load_model, transcribe_audio
from transcription.job import JobResult, run_transcription
from transcription.segments import RawSegment
from transcription.store import InMemoryTranscriptStore

AUDIO = Path(__file__).resolve().parents[1] / "fixtures" / "audio"
DIALOGUE = AUDIO / "dialogue_en.flac"
QUIET_ROOM = AUDIO / "quiet_room.flac"
TINY = TranscriptionOptions(model="tiny.en")


@dataclass(frozen=True)
class Turn:
    speaker: str
    start_ms: int
    end_ms: int
    text: str


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s']", " ", text.lower()).split())


def word_error_rate(reference: str, hypothesis: str) -> float:
    return float(jiwer.wer(normalise(reference), normalise(hypothesis)))


def true_speaker(turns: list[Turn], ms: int) -> str:
    """The speaker whose turn contains ``ms``, or the nearest turn's (Whisper's word times
    can fall a little outside the synthetic speech)."""
    return min(
        turns,
        key=lambda turn: (
            0
            if turn.start_ms <= ms <= turn.end_ms
            else min(abs(ms - turn.start_ms), abs(ms - turn.end_ms))
        ),
    ).speaker


@pytest.fixture(scope="session", autouse=True)
def private_model_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the tests away from the user's own model folder and cache."""
    saved = {name: os.environ.get(name) for name in ("TRANSCODA_MODEL_DIR", "TRANSCODA_CACHE_DIR")}
    os.environ["TRANSCODA_MODEL_DIR"] = str(tmp_path_factory.mktemp("user-models"))
    os.environ["TRANSCODA_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def tiny() -> LoadedModel:
    return load_model("tiny.en")


@pytest.fixture(scope="session")
def turns() -> list[Turn]:
    return [
        Turn(**{k: v for k, v in t.items() if k != "voice"})
        for t in json.loads((AUDIO / "dialogue_en.json").read_text(encoding="utf-8"))
    ]


@pytest.fixture(scope="session")
def script(turns: list[Turn]) -> str:
    return " ".join(turn.text for turn in turns)


@pytest.fixture(scope="session")
def dialogue_audio() -> AudioArray:
    return decode(DIALOGUE)


@pytest.fixture(scope="session")
def dialogue_segments(tiny: LoadedModel, dialogue_audio: AudioArray) -> list[RawSegment]:
    return list(transcribe_audio(dialogue_audio, TINY, model=tiny).segments)


@pytest.fixture(scope="session")
def uninterrupted(tiny: LoadedModel) -> JobResult:
    """The dialogue transcribed in one go, with two speakers: what a resumed job must equal."""
    return run_transcription(
        audio_path=DIALOGUE,
        options=TINY,
        store=InMemoryTranscriptStore(),
        reporter=NullReporter(),
        speakers=2,
        model=tiny,
    )


def write_wav(path: Path, audio: AudioArray) -> Path:
    samples = np.clip(audio * 32767, -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(SAMPLE_RATE)
        handle.writeframes(samples.tobytes())
    return path


@pytest.fixture(scope="session")
def twice_told(tmp_path_factory: pytest.TempPathFactory, dialogue_audio: AudioArray) -> Path:
    """The dialogue, a 3 s pause, the dialogue again: about 57 s, two Whisper windows."""
    pause = np.zeros(3 * SAMPLE_RATE, dtype=np.float32)
    audio = np.concatenate([dialogue_audio, pause, dialogue_audio])
    return write_wav(tmp_path_factory.mktemp("long") / "twice_told.wav", audio)
