"""Pure parsers for every file Transcoda imports: bytes in, plain values out.

Nothing here touches the database or the GUI; the services in ``coding`` store what these
functions return. Every parser raises only ``ImportFormatError`` for a file it cannot read,
with a message that can be shown to the user as it is.
"""

from __future__ import annotations

from .case_csv import parse_case_csv, sniff_delimiter
from .case_table import CaseRow, CaseTable, ColumnSpec
from .case_values import COLUMN_TYPES, ColumnType
from .case_xlsx import parse_case_xlsx
from .documents import DocumentText, document_text
from .docx_text import docx_text
from .errors import ImportFormatError
from .limits import DEFAULT_MAX_ARCHIVE_BYTES, DEFAULT_MAX_TEXT_BYTES, ensure_size_within
from .markdown import markdown_to_text
from .noscribe import parse_noscribe_html
from .stamped_text import parse_stamped_text
from .subtitles import parse_srt, parse_webvtt
from .text import DecodedText, decode_text, normalise_text
from .transcript_model import ParsedTranscript, speaker_name
from .transcripts import (
    TRANSCRIPT_FORMATS,
    TranscriptFormat,
    detect_transcript_format,
    parse_docx_transcript,
    parse_transcript,
    parse_transcript_text,
)

__all__ = [
    "COLUMN_TYPES",
    "DEFAULT_MAX_ARCHIVE_BYTES",
    "DEFAULT_MAX_TEXT_BYTES",
    "TRANSCRIPT_FORMATS",
    "CaseRow",
    "CaseTable",
    "ColumnSpec",
    "ColumnType",
    "DecodedText",
    "DocumentText",
    "ImportFormatError",
    "ParsedTranscript",
    "TranscriptFormat",
    "decode_text",
    "detect_transcript_format",
    "document_text",
    "docx_text",
    "ensure_size_within",
    "markdown_to_text",
    "normalise_text",
    "parse_case_csv",
    "parse_case_xlsx",
    "parse_docx_transcript",
    "parse_noscribe_html",
    "parse_srt",
    "parse_stamped_text",
    "parse_transcript",
    "parse_transcript_text",
    "parse_webvtt",
    "sniff_delimiter",
    "speaker_name",
]
