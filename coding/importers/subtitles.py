"""SRT and WebVTT subtitle files as transcripts.

Transcription tools (Whisper front ends, noScribe, Descript, MAXQDA) write interviews as
subtitles. Speakers appear as WebVTT voice tags (``<v Anna>``) or as a ``Name:`` prefix in the
cue text; a cue without a speaker continues the previous speaker's turn.

A cue with an impossible time (a negative start, an end before its start) keeps its text: the
time is clamped (a negative time to 0, an end before the start to the start) and the
transcript's warnings name the line of the cue, so nothing the file says is dropped silently.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .errors import ImportFormatError
from .transcript_model import (
    LABEL_PATTERN,
    ParsedTranscript,
    RawPiece,
    accepted_labels,
    build_transcript,
    parse_clock,
    speaker_name,
)

_TIME = r"(?:[0-9]{1,3}:)?[0-9]{1,2}:[0-9]{1,2}(?:[.,][0-9]{1,3})?"
# A minus sign is impossible in a cue time, but tools that shift subtitles write one.
_SIGNED = rf"-?\s*{_TIME}"
_TIMING = re.compile(rf"^\s*(?P<start>{_SIGNED})\s*-->\s*(?P<end>{_SIGNED})(?:\s.*)?$")
_SRT_TIMING_LINE = re.compile(rf"^\s*{_SIGNED}\s*-->\s*{_SIGNED}")
_VOICE = re.compile(r"<v(?:\.[^\s<>]*)?(?:\s+(?P<name>[^<>]*))?>")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<[0-9:.]+>")
_ASS_OVERRIDE = re.compile(r"\{\\[^{}]*\}")  # {\an8} and similar, written by Aegisub
_LABEL = re.compile(
    rf"^\s*(?:\[(?P<bracketed>[^\]\n]{{1,40}})\]|(?P<plain>{LABEL_PATTERN}))\s*:\s*"
)
_VTT_SKIPPED_BLOCKS = ("NOTE", "STYLE", "REGION")


@dataclass
class _Cue:
    start_ms: int
    end_ms: int
    lines: list[str]
    line_number: int


def parse_srt(text: str, *, filename: str) -> ParsedTranscript:
    """SubRip: numbered cues, ``00:01:02,500 --> 00:01:05,000``, text until a blank line."""
    cues: list[_Cue] = []
    warnings: list[str] = []
    current: _Cue | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if "-->" in line and _is_timing_line(line):  # "A --> B" in a cue is text
            if current is not None and current.lines and current.lines[-1].strip().isdecimal():
                current.lines.pop()  # the next cue's number, where a blank line was missing
            current = _cue_from_timing(line, number, filename=filename, warnings=warnings)
            cues.append(current)
        elif not line.strip():
            current = None
        elif current is not None:
            current.lines.append(line)
    if not cues:
        raise ImportFormatError(
            filename, "is not a subtitle file: it contains no cues ('00:00:01,000 --> ...')"
        )
    return build_transcript(_pieces(cues), filename=filename, warnings=warnings)


def parse_webvtt(text: str, *, filename: str) -> ParsedTranscript:
    """WebVTT: ``WEBVTT`` header, cues with optional ids and settings, NOTE/STYLE skipped."""
    lines = text.split("\n")
    if not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
        raise ImportFormatError(filename, "is not a WebVTT file: it does not begin with WEBVTT")
    cues: list[_Cue] = []
    warnings: list[str] = []
    for first, block in _blocks(lines):
        if first == 1 or block[0].split(maxsplit=1)[0] in _VTT_SKIPPED_BLOCKS:
            continue
        timing_index = next((i for i, line in enumerate(block[:2]) if "-->" in line), None)
        if timing_index is None:
            continue  # the specification says to ignore such blocks
        cue = _cue_from_timing(
            block[timing_index], first + timing_index, filename=filename, warnings=warnings
        )
        cue.lines = block[timing_index + 1 :]
        cues.append(cue)
    if not cues:
        raise ImportFormatError(filename, "is a WebVTT file without any cues")
    return build_transcript(_pieces(cues), filename=filename, warnings=warnings)


def looks_like_srt(text: str) -> bool:
    head = [line for line in text[:2000].split("\n") if line.strip()][:3]
    return any(_SRT_TIMING_LINE.match(line) for line in head)


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks with the 1-based number of their first line."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def _is_timing_line(line: str) -> bool:
    first = line.lstrip()[:2]
    return first[:1].isdigit() or (first[:1] == "-" and first[1:].strip()[:1].isdigit())


def _signed_clock(value: str) -> int | None:
    negative = value.startswith("-")
    ms = parse_clock(value.lstrip("-").strip())
    return None if ms is None else (-ms if negative else ms)


def _cue_from_timing(line: str, number: int, *, filename: str, warnings: list[str]) -> _Cue:
    match = _TIMING.match(line)
    start = _signed_clock(match.group("start")) if match else None
    end = _signed_clock(match.group("end")) if match else None
    if start is None or end is None:
        raise ImportFormatError(
            filename, f"has a malformed cue timing in line {number}: {line.strip()[:80]!r}"
        )
    problems: list[str] = []
    if start < 0 or end < 0:
        problems.append("a negative time")
        start, end = max(start, 0), max(end, 0)
    if end < start:
        problems.append("an end before its start")
        end = start
    if problems:
        warnings.append(
            f"{filename}, line {number}: the cue {line.strip()[:60]!r} has "
            f"{' and '.join(problems)}; its text is kept at {format_ms(start)}-{format_ms(end)}"
        )
    return _Cue(start_ms=start, end_ms=end, lines=[], line_number=number)


def format_ms(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _pieces(cues: list[_Cue]) -> list[RawPiece]:
    parts_per_cue = [_speaker_parts(cue) for cue in cues]
    labels = accepted_labels(
        label for parts in parts_per_cue for _, text in parts if (label := _label_of(text))
    )
    pieces: list[RawPiece] = []
    speaker: str | None = None
    for cue, parts in zip(cues, parts_per_cue, strict=True):
        texts: list[tuple[str | None, str]] = []
        for voice, text in parts:
            label = _label_of(text)
            if voice is not None:
                speaker = voice
            elif label is not None and label in labels:
                speaker = speaker_name(label)
                text = _LABEL.sub("", text, count=1)
            texts.append((speaker, text))
        pieces.extend(_split_cue(cue, texts))
    return pieces


def _speaker_parts(cue: _Cue) -> list[tuple[str | None, str]]:
    """The cue's text cut where a voice tag or a ``Name:`` line starts a new speaker."""
    parts: list[tuple[str | None, str]] = []
    for line in cue.lines:
        line = _ASS_OVERRIDE.sub("", line)
        matches = list(_VOICE.finditer(line))
        if not matches:
            cleaned = _clean(line)
            if parts and _label_of(cleaned) is None:
                voice, previous = parts[-1]
                parts[-1] = (voice, f"{previous} {cleaned}")
            elif cleaned:
                parts.append((None, cleaned))
            continue
        before = _clean(line[: matches[0].start()])
        if before:
            parts.append((None, before))
        for index, match in enumerate(matches):
            end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
            name = " ".join((match.group("name") or "").split())
            # A voice tag names a voice as written; role letters are a convention of typed text.
            parts.append((name or None, _clean(line[match.end() : end])))
    return parts


def _clean(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def _label_of(text: str) -> str | None:
    match = _LABEL.match(text)
    if match is None:
        return None
    label = match.group("bracketed") or match.group("plain")
    return " ".join(label.split()) if label else None


def _split_cue(cue: _Cue, texts: list[tuple[str | None, str]]) -> list[RawPiece]:
    """One piece per speaker in the cue, sharing its time in proportion to their words."""
    texts = [(speaker, text) for speaker, text in texts if text.strip()]
    total = sum(len(text) for _, text in texts)
    pieces: list[RawPiece] = []
    start = cue.start_ms
    done = 0
    for speaker, text in texts:
        done += len(text)
        end = (
            cue.end_ms
            if done == total
            else cue.start_ms + (cue.end_ms - cue.start_ms) * done // total
        )
        pieces.append(RawPiece(text=text, speaker=speaker, start_ms=start, end_ms=end))
        start = end
    return pieces
