"""Exporting a timed transcript as SubRip (.srt), WebVTT (.vtt), f4 text or Word (.docx).

Each timed segment is one subtitle cue, with its speaker as a ``Name:`` prefix (SRT) or a
voice tag (``<v Name>``, WebVTT). The f4 / Dresing-Pehl text puts one paragraph per speaker
turn and closes every segment with ``#hh:mm:ss-t#``, the time it ends, as f4transkript does;
f4 and MAXQDA link such stamps to the recording, and Transcoda's importer reads them back.
Word gets the existing transcript report.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from coding import lookup
from coding.codebook_io import write_atomically
from coding.errors import InvalidInput
from coding.privacy.outbound import Outbound, resolve
from coding.project import Project
from models.transcript_layout import format_f4_stamp

TranscriptFileFormat = Literal["srt", "vtt", "f4", "docx"]
TRANSCRIPT_FILE_FORMATS: Final[tuple[TranscriptFileFormat, ...]] = ("srt", "vtt", "f4", "docx")
_SUFFIXES = {"srt": ".srt", "vtt": ".vtt", "f4": ".txt", "docx": ".docx"}


@dataclass(frozen=True)
class Cue:
    start_ms: int
    end_ms: int
    speaker: str | None
    text: str
    new_paragraph: bool  # the text between this cue and the one before has a line break


def transcript_cues(
    project: Project, document_id: int, *, out: Outbound | None = None
) -> tuple[str, list[Cue]]:
    """A document's title and its timed segments as cues, in text order, as they leave
    through ``out`` (the whole text is rewritten first, so a name across two cues is found)."""
    out = out or Outbound()
    with project.reading() as session:
        document = lookup.document(session, document_id)
        segments = sorted(document.segments, key=lambda s: (s.char_start, s.start_ms))
        text = out.document(document.text)
        cues: list[Cue] = []
        previous_end = 0
        for segment in segments:
            start, end = text.start(segment.char_start), text.end(segment.char_end)
            words = " ".join(text.text[start:end].split())
            gap = text.text[previous_end:start]
            previous_end = max(previous_end, end)
            if not words:
                continue
            speaker = segment.speaker.name if segment.speaker is not None else None
            cues.append(
                Cue(segment.start_ms, segment.end_ms, out.optional(speaker), words, "\n" in gap)
            )
        return out.text(document.title), cues


def export_transcript_file(
    project: Project,
    path: Path | str,
    *,
    document_id: int,
    fmt: TranscriptFileFormat,
    out: Outbound | None = None,
) -> int:
    """Write one document's transcript; returns the number of cues (or turns, for Word).
    Text leaves through ``out`` (default: the project's setting)."""
    if fmt not in _SUFFIXES:
        raise InvalidInput(f"unknown transcript format '{fmt}'; use one of: srt, vtt, f4, docx")
    path = Path(path)
    if not path.parent.is_dir():
        raise InvalidInput(f"cannot write {path.name}: the folder {path.parent} does not exist")
    if fmt == "docx":
        from coding.reports import export_transcript

        return export_transcript(project, path, document_id=document_id, out=resolve(project, out))
    title, cues = transcript_cues(project, document_id, out=resolve(project, out))
    if not cues:
        raise InvalidInput(
            f"'{title}' has no timed transcript to write as {fmt}; export it as docx instead"
        )
    writers: dict[str, Callable[[Sequence[Cue]], str]] = {"srt": srt, "vtt": webvtt, "f4": f4_text}
    write_atomically(path, writers[fmt](cues).encode("utf-8"))
    return len(cues)


def srt(cues: Sequence[Cue]) -> str:
    blocks = []
    for number, cue in enumerate(cues, start=1):
        text = _one_line(cue.text)
        if cue.speaker:
            text = f"{cue.speaker}: {text}"
        timing = f"{_clock(cue.start_ms, ',')} --> {_clock(cue.end_ms, ',')}"
        blocks.append(f"{number}\n{timing}\n{text}\n")
    return "\n".join(blocks)


def webvtt(cues: Sequence[Cue]) -> str:
    blocks = ["WEBVTT\n"]
    for cue in cues:
        text = html.escape(_one_line(cue.text), quote=False)
        if cue.speaker:
            text = f"<v {html.escape(cue.speaker)}>{text}"
        blocks.append(f"{_clock(cue.start_ms, '.')} --> {_clock(cue.end_ms, '.')}\n{text}\n")
    return "\n".join(blocks)


def f4_text(cues: Sequence[Cue]) -> str:
    paragraphs: list[str] = []
    current: list[str] = []
    speaker: str | None = None
    for cue in cues:
        if current and (cue.speaker != speaker or cue.new_paragraph):
            paragraphs.append(" ".join(current))
            current = []
        if not current and cue.speaker:
            current.append(f"{cue.speaker}:")
        speaker = cue.speaker
        current.append(f"{cue.text} {format_f4_stamp(cue.end_ms)}")
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs) + "\n"


def suffix_for(fmt: TranscriptFileFormat) -> str:
    return _SUFFIXES[fmt]


def _clock(ms: int, separator: str) -> str:
    ms = max(0, ms)
    seconds, millis = divmod(ms, 1000)
    return (
        f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}{separator}{millis:03d}"
    )


def _one_line(text: str) -> str:
    # A blank line ends a cue and "-->" starts one: neither may appear inside cue text.
    return " ".join(text.split()).replace("-->", "->")
