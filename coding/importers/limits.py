"""Size limits that keep a hostile or mistaken file from exhausting memory or time.

Interview transcripts are small (a two-hour interview is about 150 KB of text), so these
limits are generous for real data and still stop a file that would freeze the app.
"""

from __future__ import annotations

from .errors import ImportFormatError

MEGABYTE = 1024 * 1024

DEFAULT_MAX_TEXT_BYTES = 200 * MEGABYTE
"""Plain text, subtitles, HTML and CSV files."""

DEFAULT_MAX_ARCHIVE_BYTES = 200 * MEGABYTE
"""A .docx or .xlsx file as it lies on disk (compressed)."""

MAX_MEMBER_UNCOMPRESSED_BYTES = 128 * MEGABYTE
"""One XML part inside a .docx or .xlsx, after decompression."""

MAX_TOTAL_UNCOMPRESSED_BYTES = 512 * MEGABYTE
"""All parts of one .docx or .xlsx together, after decompression."""

MAX_COMPRESSION_RATIO = 100
"""Office XML compresses about 5 to 30 times; a zip bomb compresses thousands of times."""

RATIO_GRACE_BYTES = 100 * 1024
"""Small parts may compress extremely well without harm; the ratio applies above this size."""

MAX_ARCHIVE_MEMBERS = 10_000

MAX_CASE_ROWS = 100_000
MAX_CASE_COLUMNS = 1_000


def human_size(size: int) -> str:
    if size >= MEGABYTE:
        return f"{size / MEGABYTE:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


def ensure_size_within(size: int, *, filename: str, max_bytes: int) -> None:
    """Refuse a file before reading it when its size on disk is already over the limit."""
    if size > max_bytes:
        raise ImportFormatError(
            filename,
            f"is too large to import ({human_size(size)}; the limit is {human_size(max_bytes)})",
        )
