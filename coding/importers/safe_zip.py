"""Opening .docx and .xlsx archives without trusting them.

A hostile archive can claim small sizes and expand to gigabytes (a zip bomb), repeat a
part name so that different readers see different content, or carry names such as
``../../x`` that escape a folder when extracted (zip slip). Nothing here extracts to disk,
but the names are still refused: an archive that contains them was made to attack.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import ImportFormatError
from .limits import (
    MAX_ARCHIVE_MEMBERS,
    MAX_COMPRESSION_RATIO,
    MAX_MEMBER_UNCOMPRESSED_BYTES,
    MAX_TOTAL_UNCOMPRESSED_BYTES,
    RATIO_GRACE_BYTES,
    human_size,
)

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_READ_CHUNK = 64 * 1024
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    NotImplementedError,
    ValueError,
    RuntimeError,
)


@contextmanager
def open_archive(
    data: bytes, *, filename: str, kind: str, old_format_hint: str, max_bytes: int
) -> Iterator[zipfile.ZipFile]:
    """A checked ZipFile; ``kind`` names the format for messages ("Word document (.docx)")."""
    if len(data) > max_bytes:
        raise ImportFormatError(
            filename,
            f"is too large to import ({human_size(len(data))}; "
            f"the limit is {human_size(max_bytes)})",
        )
    if not data:
        raise ImportFormatError(filename, "is empty (0 bytes)")
    if data.startswith(_OLE_SIGNATURE):
        raise ImportFormatError(
            filename,
            f"is password-protected or in an old format ({old_format_hint}): "
            f"remove the password or save it as {with_article(kind)} and import that",
        )
    if not data.startswith(b"PK"):
        raise ImportFormatError(filename, f"is not {with_article(kind)}: it is not a zip archive")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as error:
        raise ImportFormatError(
            filename, f"is not a valid {kind}: the file is damaged or incomplete ({error})"
        ) from None
    with archive:
        check_members(archive, filename=filename, kind=kind)
        yield archive


def with_article(kind: str) -> str:
    return f"{'an' if kind[:1] in 'AEIOU' else 'a'} {kind}"


def check_members(archive: zipfile.ZipFile, *, filename: str, kind: str) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_ARCHIVE_MEMBERS:
        raise ImportFormatError(
            filename, f"was refused: it contains {len(infos)} parts, more than any genuine {kind}"
        )
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if not is_safe_member_name(name):
            raise ImportFormatError(
                filename, f"was refused: it contains a part with an unsafe name ({name!r})"
            )
        # Office matches part names without regard to case.
        key = name.casefold()
        if key in seen:
            raise ImportFormatError(
                filename, f"was refused: it contains the part {name} more than once"
            )
        seen.add(key)
        if info.flag_bits & 0x1:
            raise ImportFormatError(
                filename, "is password-protected: remove the password and import it again"
            )
        _check_declared_size(info, filename=filename)
        total += info.file_size
        if total > MAX_TOTAL_UNCOMPRESSED_BYTES:
            raise ImportFormatError(
                filename,
                "was refused: it would expand to more than "
                f"{human_size(MAX_TOTAL_UNCOMPRESSED_BYTES)} when unpacked (a zip bomb?)",
            )


def is_safe_member_name(name: str) -> bool:
    if not name or "\x00" in name:
        return False
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or (len(normalised) > 1 and normalised[1] == ":"):
        return False
    return ".." not in normalised.split("/")


def _check_declared_size(info: zipfile.ZipInfo, *, filename: str) -> None:
    if info.file_size > MAX_MEMBER_UNCOMPRESSED_BYTES:
        raise ImportFormatError(
            filename,
            f"was refused: its part {info.filename} would expand to "
            f"{human_size(info.file_size)} (the limit is "
            f"{human_size(MAX_MEMBER_UNCOMPRESSED_BYTES)})",
        )
    if _ratio_exceeded(info.file_size, info.compress_size):
        raise ImportFormatError(
            filename,
            f"was refused as a zip bomb: its part {info.filename} would expand from "
            f"{human_size(info.compress_size)} to {human_size(info.file_size)}",
        )


def _ratio_exceeded(uncompressed: int, compressed: int) -> bool:
    if uncompressed <= RATIO_GRACE_BYTES:
        return False
    return uncompressed > max(compressed, 1) * MAX_COMPRESSION_RATIO


def read_member(archive: zipfile.ZipFile, name: str, *, filename: str) -> bytes | None:
    """One part's bytes, or None when the archive has no such part.

    The sizes are counted while reading: the declared sizes come from the file itself and a
    hostile file can lie about them.
    """
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_READ_CHUNK):
                size += len(chunk)
                if size > MAX_MEMBER_UNCOMPRESSED_BYTES or _ratio_exceeded(
                    size, info.compress_size
                ):
                    raise ImportFormatError(
                        filename,
                        f"was refused as a zip bomb: its part {name} expands far beyond "
                        "its stored size",
                    )
                chunks.append(chunk)
    except _ZIP_ERRORS as error:
        raise ImportFormatError(
            filename, f"is damaged: its part {name} cannot be unpacked ({error})"
        ) from None
    return b"".join(chunks)
