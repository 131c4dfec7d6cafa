"""What every transcript parser produces, and the rules they share.

Parsers collect ``RawPiece`` values (text with whatever times and speaker the file gave);
``build_transcript`` fills the missing times and lays the pieces out with the shared
``lay_out`` so that an imported transcript reads exactly like a Whisper transcript.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from models.transcript_layout import LaidOutSegment, TimedText, lay_out

from .errors import ImportFormatError

MS_PER_WORD = 400
"""About 150 words a minute: used only where a file gives a start but no end."""

MIN_ESTIMATE_MS = 1000

_ROLE_LABEL = re.compile(r"(?P<role>[IRB])\s*(?P<number>[0-9]{1,2})?")
_ROLES = {"I": "Interviewer", "R": "Respondent", "B": "Respondent"}  # B: Befragte/r
_NUMBERED_SPEAKER = re.compile(r"(?:SPEAKER|Speaker|S)[ _]?[0-9]{1,2}")
_ROLE_WORDS = frozenset(
    {
        "interviewer",
        "interviewerin",
        "interviewee",
        "respondent",
        "respondentin",
        "befragte",
        "befragter",
        "moderator",
        "moderatorin",
        "speaker",
        "sprecher",
        "sprecherin",
        "интервьюер",
        "интервьюерка",
        "респондент",
        "респондентка",
        "информант",
        "информантка",
        "спикер",
        "ინტერვიუერი",
        "რესპონდენტი",
        "müsahibəçi",
    }
)

# A speaker label: one to four words of letters, digits and name punctuation, starting with a
# letter, e.g. "I", "B2", "Interviewer", "Anna K.", "Спикер 1", "ნინო". Longer strings are
# sentences that happen to contain a colon.
LABEL_PATTERN = r"[^\W\d_][\w.'’-]*(?: [\w.'’-]+){0,3}"
MAX_LABEL_LENGTH = 40


@dataclass(frozen=True)
class ParsedTranscript:
    """A transcript in the shared layout: segment offsets are code points into ``text``."""

    text: str
    segments: tuple[LaidOutSegment, ...]
    speakers: tuple[str, ...]
    # What the parser had to correct and kept (an impossible cue time...), naming the line.
    warnings: tuple[str, ...] = ()


@dataclass
class RawPiece:
    text: str
    speaker: str | None = None
    start_ms: int | None = None
    end_ms: int | None = None


def speaker_name(label: str) -> str:
    """Role letters to names: I -> Interviewer, R/B -> Respondent, B2 -> Respondent 2."""
    label = " ".join(label.split())
    role = _ROLE_LABEL.fullmatch(label)
    if role is None:
        return label
    name = _ROLES[role.group("role")]
    number = role.group("number")
    return f"{name} {int(number)}" if number else name


def is_role_label(label: str) -> bool:
    """A label that can only name a speaker, even if it opens a single turn."""
    label = " ".join(label.split())
    if _ROLE_LABEL.fullmatch(label) or _NUMBERED_SPEAKER.fullmatch(label):
        return True
    word, _, number = label.casefold().partition(" ")
    return word in _ROLE_WORDS and (not number or number.isdecimal())


def accepted_labels(candidates: Iterable[str]) -> frozenset[str]:
    """Labels that really name speakers: role letters, or names that open two turns or more.

    A single "Also: ..." or "Note: ..." at the start of a line is ordinary text, and a real
    speaker almost always speaks more than once in an interview.
    """
    counts = Counter(candidates)
    return frozenset(
        label
        for label, count in counts.items()
        if len(label) <= MAX_LABEL_LENGTH and (count >= 2 or is_role_label(label))
    )


def estimate_ms(text: str) -> int:
    return max(MIN_ESTIMATE_MS, len(text.split()) * MS_PER_WORD)


def resolve_times(pieces: list[RawPiece]) -> list[TimedText]:
    """Fill unknown times: a start follows the previous end, an end is the next start.

    Where the next start is unknown too, the end is estimated from the number of words and
    kept before the next time the file does give.
    """
    next_known: list[int | None] = [None] * (len(pieces) + 1)
    for index in range(len(pieces) - 1, -1, -1):
        piece = pieces[index]
        known = piece.start_ms if piece.start_ms is not None else piece.end_ms
        next_known[index] = known if known is not None else next_known[index + 1]
    timed: list[TimedText] = []
    previous_end = 0
    for index, piece in enumerate(pieces):
        start = piece.start_ms if piece.start_ms is not None else previous_end
        following = pieces[index + 1] if index + 1 < len(pieces) else None
        if piece.end_ms is not None:
            end = piece.end_ms
        elif (
            following is not None and following.start_ms is not None and following.start_ms >= start
        ):
            end = following.start_ms
        else:
            end = start + estimate_ms(piece.text)
            bound = next_known[index + 1]
            if bound is not None and bound >= start:
                end = min(end, bound)
        end = max(end, start)
        timed.append(TimedText(start_ms=start, end_ms=end, speaker=piece.speaker, text=piece.text))
        previous_end = end
    return timed


def build_transcript(
    pieces: list[RawPiece], *, filename: str, warnings: Iterable[str] = ()
) -> ParsedTranscript:
    spoken = [piece for piece in pieces if piece.text.strip()]
    if not spoken:
        raise ImportFormatError(filename, "contains no transcript text")
    laid_out = lay_out(resolve_times(spoken))
    speakers: dict[str, None] = {}
    for segment in laid_out.segments:
        if segment.speaker:
            speakers.setdefault(segment.speaker, None)
    return ParsedTranscript(
        text=laid_out.text,
        segments=laid_out.segments,
        speakers=tuple(speakers),
        warnings=tuple(warnings),
    )


def parse_clock(value: str) -> int | None:
    """``hh:mm:ss``, ``mm:ss``, ``hh.mm.ss`` with an optional decimal fraction, to ms.

    None when the parts are out of range (``[12:75]`` is not a time).
    """
    if ":" in value:
        main, _, fraction = value.replace(",", ".").partition(".")
        fields = main.split(":")
    else:  # QualCoder's hh.mm.ss, which has no fraction
        fields, fraction = value.split("."), ""
    try:
        numbers = [int(field) for field in fields if field.isascii()]
        if len(numbers) != len(fields):
            return None
    except ValueError:
        return None
    if len(numbers) == 3:
        hours, minutes, seconds = numbers
        if minutes >= 60:
            return None
    elif len(numbers) == 2:
        hours, (minutes, seconds) = 0, numbers
    else:
        return None
    if seconds >= 60:
        return None
    if fraction and not (fraction.isascii() and fraction.isdecimal()):
        return None
    fraction_ms = int(fraction.ljust(3, "0")[:3]) if fraction else 0
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + fraction_ms
