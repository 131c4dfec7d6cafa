"""Plain-text transcripts with timestamps and speaker turns, as people and tools type them.

Stamps: ``[hh:mm:ss]``, ``[mm:ss]``, ``[hh:mm:ss.f]``, QualCoder's ``[hh.mm.ss]`` and the f4 /
Dresing-Pehl ``#hh:mm:ss-t#``. Turns: ``I:``, ``R:``, ``B:`` (Befragte/r), ``Name:``, also
``Name [00:01:02]`` on a line of its own. Most transcribers put the stamp before a turn; f4
puts it after the turn, marking when the turn ended. Which one a file uses is decided by
where most of its stamps stand, so both read correctly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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

_CLOCK = r"(?:[0-9]{1,2}:)?[0-9]{1,2}:[0-9]{2}(?:[.,][0-9]{1,3})?"
_DOTTED = r"[0-9]{1,2}\.[0-9]{2}\.[0-9]{2}"
_F4 = r"[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
_F4_FRACTION = r"[0-9]{1,3}"
STAMP = re.compile(
    rf"\[(?P<clock>{_CLOCK})\]|\[(?P<dotted>{_DOTTED})\]"
    rf"|#(?P<f4>{_F4})(?:[-.,](?P<f4_fraction>{_F4_FRACTION}))?#"
)
_ANY_STAMP = rf"\[{_CLOCK}\]|\[{_DOTTED}\]|#{_F4}(?:[-.,]{_F4_FRACTION})?#"
_LEADING_STAMPS = re.compile(rf"(?:\s*(?:{_ANY_STAMP}))*\s*")
_LABEL_COLON = re.compile(rf"(?P<label>{LABEL_PATTERN})\s*:(?=\s|$)")
_LABEL_BEFORE_STAMP = re.compile(rf"(?P<label>{LABEL_PATTERN})\s*(?={_ANY_STAMP})")

MIN_STAMPS = 2
ENOUGH_STAMPS = 10


@dataclass
class _Line:
    lead: list[int]
    label: str | None
    items: list[str | int]

    @property
    def has_words(self) -> bool:
        return any(isinstance(item, str) for item in self.items)


def stamp_ms(match: re.Match[str]) -> int | None:
    if match.group("clock"):
        return parse_clock(match.group("clock"))
    if match.group("dotted"):
        return parse_clock(match.group("dotted"))
    fraction = match.group("f4_fraction")
    return parse_clock(match.group("f4") + (f".{fraction}" if fraction else ""))


def looks_like_stamped_text(text: str) -> bool:
    """Enough stamps on enough lines: a transcript, not a text that mentions a time once."""
    stamps = 0
    stamped_lines = 0
    lines = 0
    for line in text.split("\n"):
        if not line.strip():
            continue
        lines += 1
        found = 0
        for match in STAMP.finditer(line):
            if stamp_ms(match) is not None:
                found += 1
                if stamps + found >= ENOUGH_STAMPS:
                    return True
        stamps += found
        stamped_lines += found > 0
    return stamps >= MIN_STAMPS and stamped_lines * 5 >= lines


def parse_stamped_text(text: str, *, filename: str) -> ParsedTranscript:
    raw_lines = [line for line in text.split("\n") if line.strip()]
    labels = _speaker_labels(raw_lines)
    lines = [_tokenise(line, labels) for line in raw_lines]
    if not any(line.lead or any(isinstance(i, int) for i in line.items) for line in lines):
        raise ImportFormatError(
            filename,
            "does not look like a timed transcript: it contains no timestamps such as "
            "[00:01:23] or #00:01:23-4#",
        )
    if _stamps_close_turns(lines):
        pieces = _pieces_with_end_stamps(lines)
    else:
        pieces = _pieces_with_start_stamps(lines)
    return build_transcript(pieces, filename=filename)


def _skip_stamps(line: str, position: int) -> int:
    match = _LEADING_STAMPS.match(line, position)
    return match.end() if match else position


def _find_label(line: str, position: int) -> tuple[str, int, bool] | None:
    """(label, end of the label, whether a colon may follow the stamps after it)."""
    match = _LABEL_COLON.match(line, position)
    if match is not None:
        return " ".join(match.group("label").split()), match.end(), False
    # "Anna [00:01:02]" alone on a line, or followed by a colon
    match = _LABEL_BEFORE_STAMP.match(line, position)
    if match is None:
        return None
    tail = line[_skip_stamps(line, match.end()) :].lstrip()
    if tail and not tail.startswith(":"):
        return None
    return " ".join(match.group("label").split()), match.end(), True


def _speaker_labels(lines: list[str]) -> frozenset[str]:
    """Labels that open turns: see ``accepted_labels``, plus any label right after a stamp.

    "[00:10:02] Ehemann: Ja." names a speaker even if the husband speaks only once, provided
    the file writes speaker labels at all; "Also: ..." on a line of its own stays text.
    """
    candidates: list[tuple[str, bool]] = []
    for line in lines:
        position = _skip_stamps(line, 0)
        found = _find_label(line, position)
        if found is not None:
            candidates.append((found[0], position > 0 and bool(line[:position].strip())))
    labels = accepted_labels(label for label, _ in candidates)
    if not labels:
        return labels
    return labels | {label for label, after_stamp in candidates if after_stamp}


def _tokenise(line: str, labels: frozenset[str]) -> _Line:
    position = _skip_stamps(line, 0)
    lead = _stamps_in(line[:position])
    label: str | None = None
    found = _find_label(line, position)
    # "Name [00:01:02]" alone on a line is a speaker line even for a speaker heard once.
    if found is not None and (found[0] in labels or found[2]):
        name, position, colon_follows = found
        label = speaker_name(name)
        after_stamps = _skip_stamps(line, position)
        lead.extend(_stamps_in(line[position:after_stamps]))
        position = after_stamps
        if colon_follows and line.startswith(":", position):
            position += 1
    return _Line(lead=lead, label=label, items=_items(line[position:]))


def _stamps_in(text: str) -> list[int]:
    return [ms for match in STAMP.finditer(text) if (ms := stamp_ms(match)) is not None]


def _items(text: str) -> list[str | int]:
    items: list[str | int] = []
    position = 0
    for match in STAMP.finditer(text):
        ms = stamp_ms(match)
        if ms is None:
            continue  # "[12:75]" is not a time: keep it as text
        words = text[position : match.start()].strip()
        if words:
            items.append(words)
        items.append(ms)
        position = match.end()
    words = text[position:].strip()
    if words:
        items.append(words)
    return items


def _stamps_close_turns(lines: list[_Line]) -> bool:
    """True for f4 style, where a stamp follows the words it closes."""
    before = sum(1 for line in lines if line.lead and line.has_words)
    after = sum(
        1 for line in lines if line.items and isinstance(line.items[-1], int) and line.has_words
    )
    if before or after:
        return after > before
    for line in lines:  # only stamps on lines of their own: which comes first?
        if line.lead:
            return False
        if line.has_words:
            return True
    return False


@dataclass
class _Draft:
    """A piece being collected; words are joined once at the end, not line by line."""

    speaker: str | None
    start_ms: int | None
    words: list[str] = field(default_factory=list)

    def piece(self, end_ms: int | None = None) -> RawPiece:
        return RawPiece(
            text=" ".join(self.words), speaker=self.speaker, start_ms=self.start_ms, end_ms=end_ms
        )


def _pieces_with_start_stamps(lines: list[_Line]) -> list[RawPiece]:
    pieces: list[RawPiece] = []
    speaker: str | None = None
    current: _Draft | None = None

    def begin(start: int | None) -> _Draft:
        if current is not None and current.words:
            pieces.append(current.piece())
        elif current is not None and start is None:
            start = current.start_ms  # a stamp on the line before the turn's label
        return _Draft(speaker=speaker, start_ms=start)

    for line in lines:
        for stamp in line.lead:
            current = begin(stamp)
        if line.label is not None:
            speaker = line.label
            current = begin(None)
        for item in line.items:
            if isinstance(item, int):
                current = begin(item)
            else:
                if current is None:
                    current = begin(None)
                current.words.append(item)
    if current is not None and current.words:
        pieces.append(current.piece())
    return pieces


def _pieces_with_end_stamps(lines: list[_Line]) -> list[RawPiece]:
    pieces: list[RawPiece] = []
    speaker: str | None = None
    current: _Draft | None = None
    next_start: int | None = 0  # f4 counts from the start of the recording

    def close(end: int | None) -> None:
        nonlocal current, next_start
        if current is not None and current.words:
            pieces.append(current.piece(end))
            next_start = end
        elif end is not None:
            next_start = end
        current = None

    for line in lines:
        for stamp in line.lead:
            close(stamp)
        if line.label is not None:
            if current is not None and current.words:
                close(None)
            speaker = line.label
            if current is not None:
                current.speaker = speaker
        for item in line.items:
            if isinstance(item, int):
                close(item)
                continue
            if current is None:
                current = _Draft(speaker=speaker, start_ms=next_start)
                next_start = None
            current.words.append(item)
    close(None)
    return pieces
