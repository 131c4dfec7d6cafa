"""Which transcript format a file is in, and one entry point that parses any of them."""

from __future__ import annotations

from pathlib import PurePath
from typing import Final, Literal

from .docx_text import docx_text
from .errors import ImportFormatError
from .limits import DEFAULT_MAX_ARCHIVE_BYTES, DEFAULT_MAX_TEXT_BYTES
from .noscribe import NOSCRIBE_ANCHOR, parse_noscribe_html
from .stamped_text import looks_like_stamped_text, parse_stamped_text
from .subtitles import looks_like_srt, parse_srt, parse_webvtt
from .text import decode_text
from .transcript_model import ParsedTranscript

TranscriptFormat = Literal["srt", "webvtt", "noscribe", "stamped_text"]
TRANSCRIPT_FORMATS: Final[tuple[TranscriptFormat, ...]] = (
    "srt",
    "webvtt",
    "noscribe",
    "stamped_text",
)

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_NOSCRIBE_SNIFF_CHARS = 256 * 1024


def detect_transcript_format(filename: str, text: str) -> TranscriptFormat | None:
    """The transcript format of a decoded file, or None for an ordinary document.

    The extension decides for .srt and .vtt; otherwise the content does, so that a .txt
    (or the text of a .docx) with timestamps on its lines is a transcript while an essay
    that mentions "[12:30]" once stays a plain document.
    """
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".srt":
        return "srt"
    if suffix == ".vtt":
        return "webvtt"
    head = text[:_NOSCRIBE_SNIFF_CHARS]
    if NOSCRIBE_ANCHOR.search(head):
        return "noscribe"
    if suffix in _HTML_SUFFIXES:
        return None
    if head.lstrip("\ufeff \t\n").startswith("WEBVTT"):
        return "webvtt"
    if looks_like_srt(head):
        return "srt"
    if looks_like_stamped_text(text):
        return "stamped_text"
    return None


def parse_transcript_text(
    text: str, *, filename: str, transcript_format: TranscriptFormat
) -> ParsedTranscript:
    if transcript_format == "srt":
        return parse_srt(text, filename=filename)
    if transcript_format == "webvtt":
        return parse_webvtt(text, filename=filename)
    if transcript_format == "noscribe":
        return parse_noscribe_html(text, filename=filename)
    return parse_stamped_text(text, filename=filename)


def parse_docx_transcript(
    data: bytes, *, filename: str, max_bytes: int = DEFAULT_MAX_ARCHIVE_BYTES
) -> ParsedTranscript:
    """A transcript typed or exported into Word: its text, read as stamped text or subtitles."""
    text = docx_text(data, filename=filename, max_bytes=max_bytes)
    detected = detect_transcript_format(PurePath(filename).stem + ".txt", text)
    if detected is None:
        raise _not_a_transcript(filename)
    return parse_transcript_text(text, filename=filename, transcript_format=detected)


def parse_transcript(
    data: bytes,
    *,
    filename: str,
    encoding: str | None = None,
    transcript_format: TranscriptFormat | None = None,
    max_bytes: int = DEFAULT_MAX_TEXT_BYTES,
) -> ParsedTranscript:
    """Any supported transcript file; ``transcript_format`` skips detection (the user's choice)."""
    if PurePath(filename).suffix.lower() in (".docx", ".docm"):
        return parse_docx_transcript(data, filename=filename, max_bytes=max_bytes)
    decoded = decode_text(data, filename=filename, encoding=encoding, max_bytes=max_bytes)
    chosen = transcript_format or detect_transcript_format(filename, decoded.text)
    if chosen is None:
        raise _not_a_transcript(filename)
    return parse_transcript_text(decoded.text, filename=filename, transcript_format=chosen)


def _not_a_transcript(filename: str) -> ImportFormatError:
    return ImportFormatError(
        filename,
        "does not look like a timed transcript: it has no subtitle cues and too few "
        "timestamps such as [00:01:23] or #00:01:23-4#; import it as a plain document instead",
    )
