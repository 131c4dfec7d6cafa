"""Transcription benchmark (issue 3): speed, memory, accuracy and pipeline overhead.

Synthesises an English and a German interview of about 60 s with espeak-ng (two voices each,
into a temporary folder), then for tiny.en and base (int8 on CPU, beam 5) measures in a fresh
process per model and clip:

- real-time factor (seconds of work per second of audio) of a bare faster-whisper call and of
  the full job (probe + SHA-256, decode, VAD windows, transcription, speaker turns, layout,
  saving to a store); overhead = job / bare - 1, both timed in the same process on the same
  file, alternating, best of ``--repeat``;
- peak resident memory of that process;
- word error rate (jiwer, lower case, punctuation removed) against the script;
- speaker-turn accuracy per word against the turns the clip was built from.

Usage: python bench/bench_transcription.py [--models tiny.en base] [--repeat 2] [--keep DIR]
Needs espeak-ng on PATH. Targets on 2 cores: base RTF <= 0.2, overhead <= 10 %,
peak RSS <= 1.5 GB, base WER <= 10 % on English.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Before any dependency loads: see models/offline_env.py.
from models.offline_env import SETTINGS as _NO_TELEMETRY

os.environ.update(_NO_TELEMETRY)

from models.progress import NullReporter
from models.transcript_layout import lay_out
from transcription.audio import SAMPLE_RATE, AudioArray, decode, probe
from transcription.engine import TranscriptionOptions, cpu_threads, load_model, transcribe_audio
from transcription.job import JobResult, run_transcription
from transcription.segments import RawSegment
from transcription.speakers import default_speaker_names, label_speakers, rename_speakers
from transcription.store import InMemoryTranscriptStore

# American spellings: Whisper writes them, and a WER that counted "centre"/"center" would
# measure spelling conventions rather than recognition.
ENGLISH = [
    (
        "S1",
        "Thank you for agreeing to talk with me. Could you start by telling me where you live now?",
    ),
    (
        "S2",
        "I live in Tbilisi now. I came here with my husband and our children in the autumn, "
        "after the mobilization was announced.",
    ),
    ("S1", "What did you feel in the first weeks after you arrived?"),
    (
        "S2",
        "Mostly fear and guilt. Fear because we did not know if we could stay, and guilt "
        "because our parents stayed behind.",
    ),
    ("S1", "How do you keep in touch with people at home?"),
    (
        "S2",
        "We talk on messengers almost every evening. My mother worries about us, and we "
        "worry about her.",
    ),
    ("S1", "Have you joined any groups or organizations here?"),
    (
        "S2",
        "Yes, I volunteer at a center that helps new arrivals find housing and learn the language.",
    ),
    ("S1", "Do you think you will return one day?"),
    ("S2", "I hope so, but only when it is safe to speak freely again."),
    ("S1", "What would you like people here to understand about your situation?"),
    (
        "S2",
        "That we did not leave because life was easy. We left because staying had become "
        "dangerous.",
    ),
]
GERMAN = [
    (
        "S1",
        "Vielen Dank, dass Sie sich heute Zeit nehmen. Wann sind Sie nach Deutschland gekommen?",
    ),
    (
        "S2",
        "Wir sind im Frühling gekommen, kurz nach den Protesten. Zuerst haben wir bei "
        "Freunden in Berlin gewohnt.",
    ),
    ("S1", "Wie war die erste Zeit für Sie und Ihre Familie?"),
    (
        "S2",
        "Sehr schwer. Wir hatten keine Wohnung, und die Kinder mussten eine neue Sprache lernen.",
    ),
    ("S1", "Haben Sie noch Kontakt zu Menschen in Ihrer Heimat?"),
    (
        "S2",
        "Ja, fast jeden Tag. Aber wir sprechen vorsichtig, weil wir Angst vor Überwachung haben.",
    ),
    ("S1", "Engagieren Sie sich hier in einer Organisation?"),
    ("S2", "Ich helfe in einem Verein, der Neuankömmlingen bei der Wohnungssuche hilft."),
    ("S1", "Möchten Sie eines Tages zurückkehren?"),
    ("S2", "Vielleicht, wenn sich die politische Lage ändert. Im Moment bleiben wir hier."),
    ("S1", "Was wünschen Sie sich für die Zukunft?"),
    ("S2", "Dass meine Kinder in Sicherheit aufwachsen und frei sprechen können."),
]
VOICES = {"en": {"S1": "en-us", "S2": "en+f3"}, "de": {"S1": "de", "S2": "de+f3"}}
GAP_S = 0.8
LEAD_S = 0.5


@dataclass(frozen=True)
class Turn:
    speaker: str
    start_ms: int
    end_ms: int
    text: str


@dataclass(frozen=True)
class Clip:
    language: str
    path: str
    duration_s: float
    turns: list[Turn]

    @property
    def script(self) -> str:
        return " ".join(turn.text for turn in self.turns)


def synthesise(language: str, lines: list[tuple[str, str]], folder: Path) -> Clip:
    """Speak each line with its speaker's voice and join them with short pauses."""
    parts = [np.zeros(int(LEAD_S * SAMPLE_RATE), dtype=np.float32)]
    position = len(parts[0])
    turns: list[Turn] = []
    gap = np.zeros(int(GAP_S * SAMPLE_RATE), dtype=np.float32)
    for index, (speaker, text) in enumerate(lines):
        raw = folder / f"{language}-{index}.wav"
        voice = VOICES[language][speaker]
        subprocess.run(["espeak-ng", "-v", voice, "-s", "165", "-w", str(raw), text], check=True)
        speech = _trim(decode(raw))
        raw.unlink()
        start = position
        position += speech.size
        turns.append(
            Turn(speaker, start * 1000 // SAMPLE_RATE, position * 1000 // SAMPLE_RATE, text)
        )
        parts += [speech, gap]
        position += gap.size
    audio = np.concatenate(parts)
    path = folder / f"interview-{language}.wav"
    _write_wav(path, audio)
    return Clip(language, str(path), audio.size / SAMPLE_RATE, turns)


def _trim(speech: AudioArray) -> AudioArray:
    loud = np.flatnonzero(np.abs(speech) > 0.003)
    return speech[loud[0] : loud[-1] + 1] if loud.size else speech


def _write_wav(path: Path, audio: AudioArray) -> None:
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(SAMPLE_RATE)
        handle.writeframes(np.clip(audio * 32767, -32768, 32767).astype("<i2").tobytes())


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s']", " ", text.lower()).split())


def word_error_rate(reference: str, hypothesis: str) -> float:
    import jiwer

    return float(jiwer.wer(normalise(reference), normalise(hypothesis)))


class KeepingStore(InMemoryTranscriptStore):
    """Keeps every saved segment after finish(), for scoring speaker turns word by word."""

    def __init__(self) -> None:
        super().__init__()
        self.all_saved: list[RawSegment] = []

    def save_pieces(self, resume_key: str, pieces: Sequence[RawSegment]) -> None:
        super().save_pieces(resume_key, pieces)
        self.all_saved.extend(pieces)


def speaker_accuracy(result: JobResult, saved: list[RawSegment], turns: list[Turn]) -> float:
    """Share of Whisper's words whose piece carries the speaker who said them."""
    correct = total = 0
    for word in (word for segment in saved for word in segment.words):
        piece = next(
            p for p in result.pieces if p.start_ms <= word.start_ms and word.end_ms <= p.end_ms
        )
        middle = (word.start_ms + word.end_ms) // 2
        truth = min(
            turns,
            key=lambda t: (
                0
                if t.start_ms <= middle <= t.end_ms
                else min(abs(middle - t.start_ms), abs(middle - t.end_ms))
            ),
        )
        total += 1
        correct += piece.speaker == truth.speaker
    return correct / max(total, 1)


def worker(model_name: str, clip_json: str, repeat: int) -> dict[str, Any]:
    """Runs in its own process, so that peak memory belongs to one model and one clip."""
    clip_data = json.loads(clip_json)
    clip = Clip(**{**clip_data, "turns": [Turn(**t) for t in clip_data["turns"]]})
    started = time.perf_counter()
    loaded = load_model(model_name)
    load_s = time.perf_counter() - started
    options = TranscriptionOptions(model=model_name, language=clip.language)

    def bare() -> str:
        segments, _ = loaded.whisper.transcribe(
            clip.path,
            language=clip.language,
            beam_size=options.preset.beam_size,
            vad_filter=True,
            word_timestamps=True,
            condition_on_previous_text=False,
        )
        return " ".join(segment.text.strip() for segment in segments)

    def job() -> tuple[JobResult, KeepingStore]:
        store = KeepingStore()
        result = run_transcription(
            audio_path=clip.path,
            options=options,
            store=store,
            reporter=NullReporter(),
            speakers=2,
            model=loaded,
        )
        return result, store

    bare_times: list[float] = []
    job_times: list[float] = []
    bare_cpu: list[float] = []
    job_cpu: list[float] = []
    bare_text, outcome = "", None
    for _ in range(repeat):
        started, cpu = time.perf_counter(), _cpu_seconds()
        bare_text = bare()
        bare_times.append(time.perf_counter() - started)
        bare_cpu.append(_cpu_seconds() - cpu)
        started, cpu = time.perf_counter(), _cpu_seconds()
        outcome = job()
        job_times.append(time.perf_counter() - started)
        job_cpu.append(_cpu_seconds() - cpu)
    assert outcome is not None
    result, store = outcome
    job_text = " ".join(piece.text for piece in result.pieces)
    # The job's own work beside Whisper, timed alone: a cross-check of the overhead that
    # other processes on the machine cannot blur.
    started = _cpu_seconds()
    probe(clip.path)
    pieces = label_speakers(decode(clip.path), store.all_saved, 2)
    lay_out(rename_speakers(pieces, default_speaker_names(2)))
    extra_cpu = _cpu_seconds() - started
    detected = "-"
    if loaded.multilingual:
        guess = transcribe_audio(
            decode(clip.path), TranscriptionOptions(model=model_name), model=loaded
        )
        detected = f"{guess.language} {guess.language_probability:.2f}"
    return {
        "model": model_name,
        "language": clip.language,
        "audio_s": clip.duration_s,
        "load_s": load_s,
        "bare_s": min(bare_times),
        "job_s": min(job_times),
        "bare_rtf": min(bare_times) / clip.duration_s,
        "job_rtf": min(job_times) / clip.duration_s,
        "overhead": min(job_times) / min(bare_times) - 1,
        "bare_cpu_rtf": min(bare_cpu) / clip.duration_s,
        "job_cpu_rtf": min(job_cpu) / clip.duration_s,
        "cpu_overhead": min(job_cpu) / min(bare_cpu) - 1,
        "extra_share": extra_cpu / min(bare_cpu),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "wer_bare": word_error_rate(clip.script, bare_text),
        "wer_job": word_error_rate(clip.script, job_text),
        "speakers": speaker_accuracy(result, store.all_saved, clip.turns),
        "detected": detected,
        "device": f"{loaded.device}/{loaded.compute_type}",
    }


def _cpu_seconds() -> float:
    """CPU time of this process, all threads: unlike wall time, barely moved by other work
    on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", nargs="+", default=["tiny.en", "base"])
    parser.add_argument("--repeat", type=int, default=2, help="runs of each, best is kept")
    parser.add_argument("--keep", type=Path, default=None, help="keep the clips in DIR")
    parser.add_argument("--worker", nargs=2, metavar=("MODEL", "CLIP_JSON"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker[0], args.worker[1], args.repeat)))
        return
    if shutil.which("espeak-ng") is None:
        sys.exit("espeak-ng is needed to synthesise the clips (apt-get install espeak-ng)")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="transcoda-bench-audio-"))
    folder.mkdir(parents=True, exist_ok=True)
    clips = [synthesise("en", ENGLISH, folder), synthesise("de", GERMAN, folder)]
    rows = []
    for model_name in args.models:
        for clip in clips:
            if model_name.endswith(".en") and clip.language != "en":
                continue  # an English-only model has nothing to say about German
            clip_json = json.dumps({**asdict(clip)})
            done = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--repeat",
                    str(args.repeat),
                    "--worker",
                    model_name,
                    clip_json,
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(f"measured {model_name} on {clip.language}", file=sys.stderr)
    _print_table(rows)
    # Other work on the machine inflates every timing; say how busy it was.
    print(
        f"load average while measuring (1/5/15 min): {os.getloadavg()}, "
        f"CPU threads used: {cpu_threads()}"
    )
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)


LEGEND = """
RTF = wall seconds per second of audio. CPU/s = CPU seconds (all threads) per second of
audio, which other work on a shared machine barely moves; on an idle machine the wall RTF is
about CPU/s divided by the threads used. overhead = job / bare - 1, same process, same file.
extra = CPU time of the job's own work beside Whisper (probe and SHA-256, speaker turns,
layout), timed alone, as a share of the bare call's CPU time.
Targets (2 cores): base job RTF <= 0.2, overhead <= 10%, peak RSS <= 1.5 GB,
base WER <= 10% (English)."""


def _print_table(rows: list[dict[str, Any]]) -> None:
    """Speed (wall clock and CPU time per second of audio) first, then memory and quality."""
    speed = (
        f"{'model':8} {'lang':4} {'audio':>6} | {'bare RTF':>8} {'job RTF':>8} {'overhead':>8} "
        f"| {'bare CPU/s':>10} {'job CPU/s':>9} {'overhead':>8} | {'extra':>6}"
    )
    print(speed)
    print("-" * len(speed))
    for row in rows:
        print(
            f"{row['model']:8} {row['language']:4} {row['audio_s']:5.1f}s | "
            f"{row['bare_rtf']:8.3f} {row['job_rtf']:8.3f} {row['overhead']:+8.1%} | "
            f"{row['bare_cpu_rtf']:10.3f} {row['job_cpu_rtf']:9.3f} {row['cpu_overhead']:+8.1%} | "
            f"{row['extra_share']:6.1%}"
        )
    quality = (
        f"\n{'model':8} {'lang':4} {'peak RSS':>9} {'WER bare':>8} {'WER job':>8} "
        f"{'speakers':>8}  {'detected':9} device"
    )
    print(quality)
    print("-" * len(quality))
    for row in rows:
        print(
            f"{row['model']:8} {row['language']:4} {row['peak_rss_mb']:6.0f} MB "
            f"{row['wer_bare']:8.1%} {row['wer_job']:8.1%} {row['speakers']:8.1%}  "
            f"{row['detected']:9} {row['device']}"
        )
    print(LEGEND)


if __name__ == "__main__":
    main()
