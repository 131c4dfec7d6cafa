#!/usr/bin/env python3
"""Make the demo project's synthetic interview recordings and align their transcripts.

The demo project (``demo.json`` beside this script) contains two short interviews whose
documents are transcripts with audio. Their turns' text in ``demo.json`` is the script:
this program speaks every turn with espeak-ng (one voice per speaker, so interviewer and
respondent are easy to tell apart), measures each turn with sox, joins the turns with short
pauses, writes ``audio/<name>.ogg`` (Ogg Vorbis, 16 kHz mono) and writes the turns'
``start_ms`` / ``end_ms`` back into ``demo.json``. The audio and the transcript therefore
always match: edit a turn's text in ``demo.json``, run this script again, and both the
recording and the timings follow.

Usage (from anywhere)::

    python resources/demo/make_audio.py            # regenerate audio, update demo.json
    python resources/demo/make_audio.py --check    # only report what would change

Needs the Debian packages ``espeak-ng`` and ``sox`` (with Ogg Vorbis support, which the
stock ``sox`` package has). Standard library only; the output is deterministic for a given
espeak-ng / sox version.

Every recording starts with a narrator reading the demo's fictional-content notice in the
recording's language (an English sentence at the start of a German recording makes Whisper
treat the first 30-second window as English), so that the label is both heard and present at
the top of the transcript text.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEMO_JSON = HERE / "demo.json"
AUDIO_DIR = HERE / "audio"

RATE = 16_000  # Hz, mono
LEAD_MS = 300  # silence before the first turn
GAP_MS = 700  # silence between turns
TAIL_MS = 500  # silence after the last turn
VORBIS_QUALITY = "0"  # sox -C for Vorbis: about 25 kbit/s at 16 kHz, plenty for speech
MAX_BYTES = 250_000

# espeak-ng arguments per audio file and speaker. Voices differ in accent, gender variant,
# pitch (-p) and speed (-s) so that speaker changes are obvious to the ear.
VOICES: dict[str, dict[str, list[str]]] = {
    "interview08_emil.ogg": {
        "Narrator": ["-v", "en-us", "-p", "30", "-s", "155"],
        "Interviewer": ["-v", "en-us+f3", "-p", "60", "-s", "160"],
        "Emil": ["-v", "en-gb+m3", "-p", "45", "-s", "150"],
    },
    "interview09_vera.ogg": {
        "Narrator": ["-v", "de+m3", "-p", "25", "-s", "150"],
        "Interviewer": ["-v", "de", "-p", "45", "-s", "150"],
        "Vera": ["-v", "de+f2", "-p", "50", "-s", "140"],
    },
}


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout.strip()


def samples(path: Path) -> int:
    return int(run("soxi", "-s", str(path)))


def ms(n_samples: int) -> int:
    return round(n_samples * 1000 / RATE)


def silence(path: Path, duration_ms: int) -> None:
    run(
        "sox",
        "-n",
        "-r",
        str(RATE),
        "-c",
        "1",
        "-b",
        "16",
        str(path),
        "trim",
        "0",
        f"{duration_ms / 1000:.3f}",
    )


def speak(text: str, voice: list[str], path: Path) -> None:
    raw = path.with_suffix(".raw.wav")
    # "--" is not needed: the text is passed as a single argument after the options.
    run("espeak-ng", *voice, "-w", str(raw), text)
    # Resample to 16 kHz mono 16-bit and drop espeak's leading/trailing near-silence so
    # that a turn's start/end are where the speech is.
    run(
        "sox",
        str(raw),
        "-r",
        str(RATE),
        "-c",
        "1",
        "-b",
        "16",
        str(path),
        "silence",
        "1",
        "0.01",
        "0.1%",
        "reverse",
        "silence",
        "1",
        "0.01",
        "0.1%",
        "reverse",
    )


def build(
    name: str, turns: list[dict[str, Any]], workdir: Path
) -> tuple[Path, list[tuple[int, int]]]:
    voices = VOICES[name]
    parts: list[Path] = []
    times: list[tuple[int, int]] = []
    lead, gap, tail = workdir / "lead.wav", workdir / "gap.wav", workdir / "tail.wav"
    silence(lead, LEAD_MS)
    silence(gap, GAP_MS)
    silence(tail, TAIL_MS)
    position = samples(lead)
    parts.append(lead)
    for i, turn in enumerate(turns):
        if turn["speaker"] not in voices:
            raise SystemExit(f"{name}: no voice for speaker {turn['speaker']!r}; add it to VOICES")
        if i:
            parts.append(gap)
            position += samples(gap)
        wav = workdir / f"turn{i:02d}.wav"
        speak(turn["text"], voices[turn["speaker"]], wav)
        n = samples(wav)
        times.append((ms(position), ms(position + n)))
        position += n
        parts.append(wav)
    parts.append(tail)
    joined = workdir / "joined.wav"
    run("sox", *map(str, parts), str(joined))
    ogg = workdir / name
    run("sox", str(joined), "-r", str(RATE), "-c", "1", "-C", VORBIS_QUALITY, str(ogg))
    return ogg, times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="build in a temporary folder and report timing differences only",
    )
    args = parser.parse_args(argv)
    for tool in ("espeak-ng", "sox", "soxi"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} not found: apt-get install espeak-ng sox")

    demo = json.loads(DEMO_JSON.read_text(encoding="utf-8"))
    changed = False
    with tempfile.TemporaryDirectory() as tmp:
        for doc in demo["documents"]:
            transcript = doc.get("transcript")
            if not transcript or not transcript.get("audio"):
                continue
            name = transcript["audio"]
            if name not in VOICES:
                raise SystemExit(f"{doc['title']}: no VOICES entry for {name}")
            workdir = Path(tmp) / Path(name).stem
            workdir.mkdir()
            ogg, times = build(name, transcript["turns"], workdir)
            size = ogg.stat().st_size
            duration = float(run("soxi", "-D", str(ogg)))
            print(f"{name}: {duration:.2f} s, {size / 1000:.0f} kB, {len(times)} turns")
            if size > MAX_BYTES:
                raise SystemExit(f"{name} is {size} bytes (limit {MAX_BYTES})")
            for turn, (start, end) in zip(transcript["turns"], times, strict=True):
                if (turn.get("start_ms"), turn.get("end_ms")) != (start, end):
                    changed = True
                    print(
                        f"  {turn['speaker']}: {turn.get('start_ms')}-{turn.get('end_ms')}"
                        f" -> {start}-{end}"
                    )
                turn["start_ms"], turn["end_ms"] = start, end
            if not args.check:
                AUDIO_DIR.mkdir(exist_ok=True)
                shutil.copyfile(ogg, AUDIO_DIR / name)
    if args.check:
        print("timings differ from demo.json" if changed else "timings match demo.json")
        return 1 if changed else 0
    DEMO_JSON.write_text(json.dumps(demo, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {DEMO_JSON.relative_to(HERE.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
