"""The text of a document file (.txt, .md, .docx) for import as a plain document."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from .docx_text import docx_text
from .errors import ImportFormatError
from .limits import DEFAULT_MAX_ARCHIVE_BYTES, DEFAULT_MAX_TEXT_BYTES, human_size
from .markdown import markdown_to_text
from .text import decode_text

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
DOCX_SUFFIXES = frozenset({".docx", ".docm"})
# Hours of speech fit in far less; a longer line is a data dump or a minified file, and one
# line of megabytes freezes any text editor, the app's included.
MAX_LINE_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class DocumentText:
    """A document's text; ``encoding`` is None for formats that fix their own (.docx)."""

    text: str
    encoding: str | None


def document_text(
    data: bytes,
    *,
    filename: str,
    encoding: str | None = None,
    max_text_bytes: int = DEFAULT_MAX_TEXT_BYTES,
    max_archive_bytes: int = DEFAULT_MAX_ARCHIVE_BYTES,
) -> DocumentText:
    """Chosen by extension; anything that is not .docx or Markdown is read as plain text."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in DOCX_SUFFIXES:
        return DocumentText(docx_text(data, filename=filename, max_bytes=max_archive_bytes), None)
    check_line_lengths(data, filename=filename)
    decoded = decode_text(data, filename=filename, encoding=encoding, max_bytes=max_text_bytes)
    if suffix in MARKDOWN_SUFFIXES:
        return DocumentText(markdown_to_text(decoded.text), decoded.encoding)
    return DocumentText(decoded.text, decoded.encoding)


def check_line_lengths(data: bytes, *, filename: str, max_bytes: int = MAX_LINE_BYTES) -> None:
    """Refuse text with a line longer than ``max_bytes``; checked on the bytes, before decoding.

    A line break is a ``\n`` byte in every encoding Transcoda reads (UTF-16 included).
    """
    if len(data) <= max_bytes:
        return
    start = 0
    while start < len(data):
        end = data.find(b"\n", start)
        if end < 0:
            end = len(data)
        if end - start > max_bytes:
            raise ImportFormatError(
                filename,
                f"has a line of {human_size(end - start)} without a line break; an interview "
                "transcript never has one that long (is it a data file?)",
            )
        start = end + 1
