"""One recording to one draft transcript, resumable and cancellable.

The job is a plain function with a ``Reporter`` (no Qt): the GUI runs it on a worker thread,
the command line with a progress bar. Each segment is saved the moment Whisper produces it,
so cancelling or a crash loses at most the window being decoded; a re-run asks the store what
was saved and carries on after the last saved segment (see transcription.windows for why the
result then equals an uninterrupted run).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from models.progress import Reporter, check_cancelled
from models.transcript_layout import LaidOutTranscript, TimedText, lay_out
from transcription.audio import SAMPLE_RATE, AudioArray, AudioInfo, AudioSource, decode, probe
from transcription.engine import LoadedModel, TranscriptionOptions, load_model, transcribe_audio
from transcription.segments import RawSegment
from transcription.speakers import (
    default_speaker_names,
    label_speakers,
    rename_speakers,
    unlabelled,
)
from transcription.store import TranscriptStore

__all__ = ["JobResult", "default_speaker_names", "resume_key", "run_transcription"]

# Dividing by the rate of the first few seconds gives wild estimates; wait for some evidence.
_ETA_AFTER_S: Final = 3.0


@dataclass(frozen=True)
class JobResult:
    """A finished draft transcript.

    ``transcript`` reads with speaker names; ``pieces`` (one per transcript segment, same
    order) keep the labels S1, S2... so that a speaker can be renamed everywhere at once.
    ``language`` is None only when there was no speech to detect it from.
    """

    transcript: LaidOutTranscript
    pieces: tuple[TimedText, ...]
    speaker_names: dict[str, str]
    language: str | None
    language_probability: float
    audio: AudioInfo
    model: str
    resumed_from_ms: int
    elapsed_s: float
    needs_review: bool = field(default=True)


def run_transcription(
    *,
    audio_path: AudioSource,
    options: TranscriptionOptions,
    store: TranscriptStore,
    reporter: Reporter,
    speakers: int | None = None,
    speaker_names: Mapping[str, str] | None = None,
    model: LoadedModel | None = None,
) -> JobResult:
    """Transcribe ``audio_path`` into ``store``, resuming from what the store already holds.

    ``speakers`` > 1 labels speaker turns; ``speaker_names`` maps labels to the names written
    in the text (default: Interviewer, Respondent, ...). Raises AudioError for unreadable
    files (before anything is saved), ModelError for a missing model, and Cancelled once the
    segments produced so far are saved.
    """
    if speakers is not None and speakers < 1:
        raise ValueError("the number of speakers must be at least 1")
    started = time.monotonic()
    reporter.progress(0.0, 1.0, "Reading the recording")
    info = probe(audio_path)
    audio = decode(audio_path)
    total_s = audio.size / SAMPLE_RATE
    check_cancelled(reporter)
    reporter.progress(0.0, total_s, "Loading the Whisper model")
    loaded = model if model is not None else load_model(options.model, options.device)
    key = resume_key(info, loaded, options)
    saved = store.saved_pieces(key)
    resumed_from_ms = saved[-1].end_ms if saved else 0
    check_cancelled(reporter)
    reporter.progress(resumed_from_ms / 1000, total_s, "Transcribing")
    transcription = transcribe_audio(audio, options, model=loaded, start_ms=resumed_from_ms)
    pieces = list(saved)
    clock = time.monotonic()
    for segment in transcription.segments:
        store.save_pieces(key, [segment])
        pieces.append(segment)
        done_s = min(segment.end_ms / 1000, total_s)
        reporter.progress(
            done_s, total_s, _progress_message(done_s, total_s, resumed_from_ms, clock)
        )
        # Checked after the save: whatever was decoded is kept, so a re-run does not redo it.
        check_cancelled(reporter)
    reporter.progress(total_s, total_s, "Labelling speaker turns" if speakers else "Laying out")
    check_cancelled(reporter)
    result = _result(
        pieces=pieces,
        audio=audio,
        speakers=speakers,
        speaker_names=speaker_names,
        info=info,
        loaded=loaded,
        language=transcription.language,
        language_probability=transcription.language_probability,
        resumed_from_ms=resumed_from_ms,
        elapsed_s=time.monotonic() - started,
    )
    store.finish(result)
    reporter.progress(total_s, total_s, "Done")
    return result


def resume_key(info: AudioInfo, loaded: LoadedModel, options: TranscriptionOptions) -> str:
    """Identifies what a saved piece was made from; anything that changes the words counts."""
    inputs = {
        "audio": info.sha256,
        "model": [loaded.info.name, loaded.info.size_bytes],
        "language": options.language,
        "beam": options.preset.beam_size,
        "vocabulary": list(options.vocabulary),
        "vad": options.vad_filter,
        "words": options.word_timestamps,
        "conditioned": options.condition_on_previous_text,
        "window": options.window_s,
    }
    encoded = json.dumps(inputs, sort_keys=True).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()[:32]


def _result(
    *,
    pieces: list[RawSegment],
    audio: AudioArray,
    speakers: int | None,
    speaker_names: Mapping[str, str] | None,
    info: AudioInfo,
    loaded: LoadedModel,
    language: str | None,
    language_probability: float,
    resumed_from_ms: int,
    elapsed_s: float,
) -> JobResult:
    if speakers is not None and speakers > 1:
        labelled = label_speakers(audio, pieces, speakers)
        names = {**default_speaker_names(speakers), **(speaker_names or {})}
    else:
        labelled = unlabelled(pieces)
        names = dict(speaker_names or {})
    labelled = [piece for piece in labelled if piece.text.split()]
    transcript = lay_out(rename_speakers(labelled, names))
    return JobResult(
        transcript=transcript,
        pieces=tuple(labelled),
        speaker_names=names,
        language=language,
        language_probability=language_probability,
        audio=info,
        model=loaded.info.name,
        resumed_from_ms=resumed_from_ms,
        elapsed_s=elapsed_s,
    )


def _progress_message(done_s: float, total_s: float, resumed_from_ms: int, since: float) -> str:
    text = f"Transcribed {_clock(done_s)} of {_clock(total_s)}"
    elapsed = time.monotonic() - since
    worked = done_s - resumed_from_ms / 1000
    if elapsed >= _ETA_AFTER_S and worked > 0:
        remaining = (total_s - done_s) * elapsed / worked
        text += f", about {_clock(remaining)} left"
    return text


def _clock(seconds: float) -> str:
    whole = max(0, round(seconds))
    if whole >= 3600:
        return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"
    return f"{whole // 60}:{whole % 60:02d}"
