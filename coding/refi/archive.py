"""Opening a ``.qdpx`` archive without trusting it.

A .qdpx comes from another program, or from anyone who sends one. The archive is refused as a
whole when a member name could escape a folder (zip slip), when names repeat, when members are
encrypted, or when it claims more data than any project holds. Members are read with their
sizes counted as they unpack (the sizes a zip declares are the attacker's to choose), so a zip
bomb stops at the limit. Nothing is ever extracted by its own name: recordings are copied into
a temporary file that Transcoda names.
"""

from __future__ import annotations

import re
import shutil
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from coding.importers.errors import ImportFormatError
from coding.importers.limits import (
    DEFAULT_MAX_TEXT_BYTES,
    MAX_COMPRESSION_RATIO,
    MEGABYTE,
    RATIO_GRACE_BYTES,
    human_size,
)
from coding.importers.safe_zip import is_safe_member_name

GIGABYTE = 1024 * MEGABYTE
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_CHUNK = 1024 * 1024
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError)


@dataclass(frozen=True)
class QdpxLimits:
    """Generous for real projects (hours of video), small enough to stop a hostile file."""

    max_archive_bytes: int = 64 * GIGABYTE
    max_xml_bytes: int = 256 * MEGABYTE
    max_text_bytes: int = DEFAULT_MAX_TEXT_BYTES
    max_media_bytes: int = 16 * GIGABYTE
    max_total_bytes: int = 128 * GIGABYTE
    max_members: int = 100_000
    max_ratio: int = MAX_COMPRESSION_RATIO


@dataclass(frozen=True)
class Reference:
    """A source path from the XML: its scheme ("" for a bare name) and its folder steps."""

    scheme: str  # lower case; "absolute" for a bare path from the root or a drive
    parts: tuple[str, ...]
    climbs: bool  # a ``..`` step (or a NUL): never followed


def parse_reference(reference: str) -> Reference:
    text = reference.strip().replace("\\", "/")
    match = _SCHEME.match(text)
    scheme = match.group(1).lower() if match else ""
    rest = text[match.end() :] if match else text
    absolute = not match and (rest.startswith("/") or (len(rest) > 1 and rest[1] == ":"))
    steps = [step for step in rest.split("/") if step not in ("", ".")]
    return Reference(
        scheme="absolute" if absolute else scheme,
        parts=tuple(steps),
        climbs=".." in steps or "\x00" in rest,
    )


class QdpxArchive:
    def __init__(self, path: Path, limits: QdpxLimits | None = None) -> None:
        self.path = path
        self.name = path.name
        self.limits = limits or QdpxLimits()
        self._zip = _open(path, self.limits)
        try:
            self._members = self._check_members()
        except BaseException:
            self._zip.close()
            raise

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> QdpxArchive:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _refuse(self, problem: str) -> ImportFormatError:
        return ImportFormatError(self.name, problem)

    def _check_members(self) -> dict[str, zipfile.ZipInfo]:
        infos = self._zip.infolist()
        if len(infos) > self.limits.max_members:
            raise self._refuse(
                f"was refused: it contains {len(infos)} files, more than any project"
            )
        members: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            if not is_safe_member_name(info.filename):
                raise self._refuse(
                    f"was refused: it contains a file with an unsafe name ({info.filename!r}), "
                    "which could write outside the folder it is unpacked into"
                )
            key = info.filename.replace("\\", "/").casefold()
            if key in members:
                raise self._refuse(f"was refused: it contains {info.filename} more than once")
            if info.flag_bits & 0x1:
                raise self._refuse("is encrypted; export it again without a password")
            total += info.file_size
            if total > self.limits.max_total_bytes:
                raise self._refuse(
                    "was refused: it would unpack to more than "
                    f"{human_size(self.limits.max_total_bytes)} (a zip bomb?)"
                )
            if not info.is_dir():
                members[key] = info
        return members

    def project_member(self) -> str:
        """The name of the project XML: ``project.qde``, or the one .qde file there is."""
        if "project.qde" in self._members:
            return self._members["project.qde"].filename
        found = [info.filename for key, info in self._members.items() if key.endswith(".qde")]
        top = [name for name in found if "/" not in name.replace("\\", "/")]
        if len(top or found) == 1:
            return (top or found)[0]
        if not found:
            raise self._refuse("is not a REFI-QDA project: it has no project.qde inside")
        raise self._refuse(f"holds several projects ({', '.join(found[:3])}); which one is meant?")

    def source_member(self, reference: str) -> str | None:
        """The archive member a reference names (``internal://`` or a bare name), or None."""
        return self.locate(reference)[0]

    def locate(self, reference: str) -> tuple[str | None, str]:
        """The member a source's path names, or None and the sentence saying why there is none.

        ``internal://name`` and bare or relative names (qc writes ``board_2017.txt``) are
        looked up in ``sources/`` and then at the top, whatever the case of either; a name
        that climbs out of its folder (``..``) is never looked up. Anything else (an absolute
        path, ``relative://`` or ``file://``) is outside the archive and is not read.
        """
        found = parse_reference(reference)
        if found.scheme not in ("internal", ""):
            return None, (
                f"it is a file outside the archive ({reference}); Transcoda imports only "
                "what the .qdpx contains"
            )
        if found.climbs:
            return None, (
                f"the archive has no file {reference} (a path that climbs out of its folder "
                "is never followed)"
            )
        name = "/".join(found.parts)
        if name:
            for candidate in (f"sources/{name}", name):
                info = self._members.get(candidate.casefold())
                if info is not None:
                    return info.filename, ""
        return None, f"the archive has no file {reference}"

    def size_of(self, member: str) -> int:
        return self._members[member.replace("\\", "/").casefold()].file_size

    def read(self, member: str, limit: int) -> bytes:
        chunks: list[bytes] = []
        self._copy(member, limit, chunks.append)
        return b"".join(chunks)

    def extract(self, member: str, target: Path) -> None:
        """Copy a recording out to ``target`` (a path Transcoda chose), within the limits."""
        needed = self.size_of(member)
        free = shutil.disk_usage(target.parent).free
        if needed > free:
            raise self._refuse(
                f"cannot be imported: {PurePosixPath(member).name} needs "
                f"{human_size(needed)} and the disk has {human_size(free)} free"
            )
        from models.private_files import open_private

        with open_private(target) as out:
            self._copy(member, self.limits.max_media_bytes, out.write)

    def _copy(self, member: str, limit: int, sink: Callable[[bytes], object]) -> None:
        info = self._members[member.replace("\\", "/").casefold()]
        shown = PurePosixPath(info.filename).name
        if info.file_size > limit:
            raise self._too_large(shown, info.file_size, limit)
        size = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise self._refuse(
                            f"was refused as a zip bomb: {shown} unpacks to more than it declares"
                        )
                    if (
                        size > RATIO_GRACE_BYTES
                        and size > max(info.compress_size, 1) * self.limits.max_ratio
                    ):
                        raise self._refuse(
                            f"was refused as a zip bomb: {shown} expands from "
                            f"{human_size(info.compress_size)} to more than {human_size(size)}"
                        )
                    sink(chunk)
        except _ZIP_ERRORS as error:
            raise self._refuse(f"is damaged: {shown} cannot be unpacked ({error})") from None

    def _too_large(self, shown: str, size: int, limit: int) -> ImportFormatError:
        return self._refuse(
            f"was refused: {shown} would unpack to {human_size(size)} "
            f"(the limit is {human_size(limit)})"
        )


def _open(path: Path, limits: QdpxLimits) -> zipfile.ZipFile:
    from coding.errors import InvalidInput
    from coding.input_files import check_input

    if not path.exists() and not path.is_symlink():
        raise ImportFormatError(path.name, "does not exist (no such file)")
    try:
        path = check_input(path).real  # no FIFO, device or folder; a link is read through
    except InvalidInput as error:
        raise ImportFormatError(path.name, f"cannot be imported: {error}") from None
    size = path.stat().st_size
    if size > limits.max_archive_bytes:
        raise ImportFormatError(
            path.name,
            f"is too large to import ({human_size(size)}; the limit is "
            f"{human_size(limits.max_archive_bytes)})",
        )
    with path.open("rb") as handle:
        magic = handle.read(4)
    if not magic.startswith(b"PK"):
        raise ImportFormatError(path.name, "is not a .qdpx project: it is not a zip archive")
    try:
        return zipfile.ZipFile(path)
    except (*_ZIP_ERRORS, OSError) as error:
        raise ImportFormatError(
            path.name, f"is damaged or incomplete and cannot be opened ({error})"
        ) from None
