"""faster-whisper behind a small interface: load a model once, turn audio into timed segments.

CTranslate2 runs int8 on the CPU (about 4x faster than the reference Whisper at the same
accuracy) and float16 on a CUDA GPU when one is present. faster_whisper is imported inside the
functions that need it so that the app starts without paying for it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from transcription.audio import SAMPLE_RATE, AudioArray
from transcription.model_store import DEFAULT_MODEL, ModelError, ModelInfo, resolve_model
from transcription.segments import RawSegment, Word
from transcription.windows import WINDOW_S, SpeechWindow, speech_windows


class Preset(StrEnum):
    """Speed against accuracy, as beam width: greedy decoding or a beam of five."""

    FAST = "fast"
    ACCURATE = "accurate"

    @property
    def beam_size(self) -> int:
        return 1 if self is Preset.FAST else 5


@dataclass(frozen=True)
class TranscriptionOptions:
    """What a researcher chooses per document; the defaults suit interviews.

    ``language`` None means detect it (reliable only on longer stretches of speech, so the
    detected language and its probability are reported for the user to confirm).
    ``vocabulary`` lists names, places and terms that Whisper should spell as given.
    ``condition_on_previous_text`` stays off: conditioning is what lets a repetition loop
    carry on. Each speech window is decoded on its own (see transcription.windows), so even
    when it is on, conditioning never reaches across windows.
    ``window_s`` bounds the speech Whisper sees at once; 30 s is its input size.
    """

    model: str = DEFAULT_MODEL
    language: str | None = None
    preset: Preset = Preset.ACCURATE
    vocabulary: tuple[str, ...] = ()
    vad_filter: bool = True
    word_timestamps: bool = True
    condition_on_previous_text: bool = False
    device: str = "auto"
    window_s: float = WINDOW_S

    @property
    def initial_prompt(self) -> str | None:
        terms = [term.strip() for term in self.vocabulary if term.strip()]
        return ", ".join(terms) + "." if terms else None


@dataclass(frozen=True)
class LoadedModel:
    info: ModelInfo
    device: str
    compute_type: str
    whisper: Any  # faster_whisper.WhisperModel; Any because the package ships no types

    @property
    def multilingual(self) -> bool:
        return bool(self.whisper.model.is_multilingual)


@dataclass(frozen=True)
class Transcription:
    """Segments come lazily: each is decoded when the caller asks for it."""

    language: str | None
    language_probability: float
    duration_ms: int
    windows: tuple[SpeechWindow, ...]
    segments: Iterator[RawSegment]


def available_device() -> tuple[str, str]:
    """("cuda", "float16") when CTranslate2 sees a CUDA GPU, else ("cpu", "int8")."""
    import ctranslate2

    if ctranslate2.get_cuda_device_count() > 0:
        return "cuda", "float16"
    return "cpu", "int8"


def cpu_threads() -> int:
    # Inside containers and under taskset, cpu_count() reports the host's cores rather than
    # the ones this process may use; oversubscribing slows CTranslate2 down markedly.
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def load_model(model: str | Path | ModelInfo = DEFAULT_MODEL, device: str = "auto") -> LoadedModel:
    """Resolve and load a model; the same model on the same device is loaded once per process."""
    info = model if isinstance(model, ModelInfo) else resolve_model(model)
    if device == "auto":
        device, compute_type = available_device()
    else:
        compute_type = "float16" if device == "cuda" else "int8"
    return _load(info, device, compute_type, cpu_threads())


@functools.lru_cache(maxsize=2)
def _load(info: ModelInfo, device: str, compute_type: str, threads: int) -> LoadedModel:
    from faster_whisper import WhisperModel

    # A folder path (never a bare name) keeps faster-whisper away from the Hugging Face hub.
    whisper = WhisperModel(
        str(info.path),
        device=device,
        compute_type=compute_type,
        cpu_threads=threads if device == "cpu" else 0,
        local_files_only=True,
    )
    return LoadedModel(info=info, device=device, compute_type=compute_type, whisper=whisper)


def transcribe_audio(
    audio: AudioArray,
    options: TranscriptionOptions,
    *,
    model: LoadedModel | None = None,
    start_ms: int = 0,
) -> Transcription:
    """Transcribe ``audio`` (16 kHz mono float32) lazily, window by window.

    ``start_ms`` resumes a job: windows that end before it are skipped, and segments that
    start before it (already saved by the interrupted run) are dropped, so the segments that
    come out continue the earlier ones without overlap.
    """
    loaded = model if model is not None else load_model(options.model, options.device)
    windows = tuple(speech_windows(audio, vad=options.vad_filter, window_s=options.window_s))
    language, probability = _language(loaded, audio, windows, options.language)
    duration_ms = round(audio.size * 1000 / SAMPLE_RATE)
    segments = _segments(loaded, audio, windows, options, language, start_ms)
    return Transcription(language, probability, duration_ms, windows, segments)


def _language(
    loaded: LoadedModel,
    audio: AudioArray,
    windows: tuple[SpeechWindow, ...],
    requested: str | None,
) -> tuple[str | None, float]:
    if not loaded.multilingual:
        if requested not in (None, "en"):
            raise ModelError(
                f"Model {loaded.info.name} understands English only; choose a multilingual "
                f"model (e.g. base) to transcribe language '{requested}'."
            )
        return "en", 1.0
    if requested is not None:
        return requested, 1.0
    if not windows:
        return None, 0.0
    # The first window is speech only, and detecting on it again after a restart gives
    # the same answer, so a resumed job keeps the language of the interrupted one.
    language, probability, _ = loaded.whisper.detect_language(audio=windows[0].audio(audio))
    return str(language), float(probability)


def _segments(
    loaded: LoadedModel,
    audio: AudioArray,
    windows: tuple[SpeechWindow, ...],
    options: TranscriptionOptions,
    language: str | None,
    start_ms: int,
) -> Iterator[RawSegment]:
    for window in windows:
        if window.end_ms <= start_ms:
            continue
        decoded: SpeechWindow | None = window
        if window.start_ms < start_ms and window.speech_samples > options.window_s * SAMPLE_RATE:
            # Only a window Whisper would seek through itself (VAD off) is cut at the resume
            # point; a normal window is decoded whole so its segments match the first run.
            decoded = window.from_ms(start_ms)
        if decoded is None:
            continue
        for segment in _decode_window(loaded, audio, decoded, options, language):
            if segment.start_ms >= start_ms:
                yield segment


def _decode_window(
    loaded: LoadedModel,
    audio: AudioArray,
    window: SpeechWindow,
    options: TranscriptionOptions,
    language: str | None,
) -> Iterator[RawSegment]:
    segments, _ = loaded.whisper.transcribe(
        window.audio(audio),
        language=language,
        beam_size=options.preset.beam_size,
        initial_prompt=options.initial_prompt,
        condition_on_previous_text=options.condition_on_previous_text,
        word_timestamps=options.word_timestamps,
        vad_filter=False,  # the windows are speech already
    )
    for segment in segments:
        raw = _to_raw(segment, window)
        if raw is not None:
            yield raw


def _to_raw(segment: Any, window: SpeechWindow) -> RawSegment | None:
    text = " ".join(str(segment.text).split())
    if not text:
        return None
    words: list[Word] = []
    for word in segment.words or ():
        # Both ends of a word map through the chunk its middle lies in, so a word never
        # stretches across a removed silence.
        chunk = window.chunk_at((word.start + word.end) / 2)
        words.append(
            Word(
                start_ms=window.to_recording_ms(word.start, chunk),
                end_ms=window.to_recording_ms(word.end, chunk),
                text=str(word.word),
                probability=round(float(word.probability), 4),
            )
        )
    if words:
        start_ms, end_ms = words[0].start_ms, words[-1].end_ms
    else:
        start_ms = window.to_recording_ms(segment.start, window.chunk_at(segment.start))
        end_ms = window.to_recording_ms(segment.end, window.chunk_at(max(segment.end - 0.01, 0)))
    return RawSegment(
        start_ms=start_ms, end_ms=max(end_ms, start_ms), text=text, words=tuple(words)
    )
