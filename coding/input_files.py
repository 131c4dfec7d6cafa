"""Files given to an import, checked before anything opens them.

Only regular files are read. A folder, a named pipe (FIFO), a device or a socket is refused
from ``stat`` alone: opening a FIFO blocks until someone writes to it, and ``/dev/zero`` never
ends. A symbolic link is resolved, and every message names the real file ("notes.txt ->
/home/anna/real.txt"), so that a link never hides what was read. Files of the operating
system (under /etc, /proc, /sys, /dev, /boot, /run) are refused even through a link: an
interview never lives there, and a link to /etc/shadow would otherwise be read in by a
process running as root. Reading opens the real file with ``O_NONBLOCK`` and checks it again
on the open descriptor, so a file swapped for a FIFO after the check cannot hang the import.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from coding.errors import InvalidInput

SYSTEM_FOLDERS = ("/etc", "/proc", "/sys", "/dev", "/boot", "/run")


@dataclass(frozen=True)
class InputFile:
    path: Path  # as given (the link, if it is one)
    real: Path  # the file that is read

    @property
    def linked(self) -> bool:
        return self.path.is_symlink()

    @property
    def shown(self) -> str:
        """How messages name the file: ``notes.txt -> /real/place.txt`` for a link."""
        if self.linked or self.real.name != self.path.name:
            return f"{self.path.name} -> {self.real}"
        return self.path.name

    @property
    def link_note(self) -> str | None:
        """A sentence for the import's report when the file was reached through a link."""
        if not self.linked:
            return None
        return f"{self.path.name} is a link: imported the file it points to, {self.real}"


def describe_mode(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_input(path: Path | str) -> InputFile:
    """The file behind ``path`` if Transcoda may read it; InvalidInput saying why not."""
    path = Path(path)
    try:
        os.lstat(path)
    except FileNotFoundError:
        raise InvalidInput(f"no file at {path}") from None
    except OSError as error:
        raise InvalidInput(f"cannot read {path}: {error.strerror}") from None
    real = Path(os.path.realpath(path))
    given = InputFile(path, real)
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        raise InvalidInput(
            f"{path} is a link to {real}, which does not exist; nothing was imported"
        ) from None
    except OSError as error:
        raise InvalidInput(f"cannot read {given.shown}: {error.strerror}") from None
    if not stat.S_ISREG(mode):
        raise InvalidInput(
            f"{given.shown} is {describe_mode(mode)}, not a file; nothing was imported"
        )
    if os.name == "posix" and _is_system_file(real):
        raise InvalidInput(
            f"{given.shown} is a file of the operating system; Transcoda does not import "
            "system files"
        )
    if not os.access(real, os.R_OK):
        raise InvalidInput(f"cannot read {given.shown}: permission denied")
    return given


def _is_system_file(real: Path) -> bool:
    pure = PurePosixPath(real)
    return any(pure.is_relative_to(folder) for folder in SYSTEM_FOLDERS)


def read_input(path: Path | str, *, limit: int, what: str = "text") -> bytes:
    """The bytes of a checked input file, at most ``limit`` of them (else InvalidInput)."""
    given = check_input(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(given.real, flags)
    except OSError as error:
        raise InvalidInput(f"cannot read {given.shown}: {error.strerror}") from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput(
                f"{given.shown} is {describe_mode(info.st_mode)}, not a file; nothing was imported"
            )
        if info.st_size > limit:
            raise InvalidInput(
                f"{given.shown} is {info.st_size // (1 << 20)} MB; the limit for {what} is "
                f"{limit // (1 << 20)} MB"
            )
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(handle, 1 << 20):
            size += len(chunk)
            if size > limit:  # grew while being read
                raise InvalidInput(
                    f"{given.shown} is larger than the limit for {what} ({limit // (1 << 20)} MB)"
                )
            chunks.append(chunk)
    except OSError as error:
        raise InvalidInput(f"cannot read {given.shown}: {error.strerror}") from None
    finally:
        os.close(handle)
    return b"".join(chunks)
