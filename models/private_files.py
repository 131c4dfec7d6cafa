"""Files and folders that only their owner can read: every one Transcoda creates.

A project, its WAL, its recordings, its backups and its exports hold interviews with people
who fear transnational repression; a copy readable by every account on the machine (a shared
lab computer, a backup daemon, a guest account) is a leak. So on POSIX every file Transcoda
creates is ``0600`` and every folder ``0700``, whatever the process umask, and an existing
project opened with looser modes is tightened. On Windows the modes mean little and these
helpers only create files and folders (the user's profile is private there).

The library guarantees this itself (tests and scripts call the services directly); the entry
points also set ``umask(0o077)`` (``restrict_umask``) so that files written by libraries
(Qt's settings, SQLite's temporary files) are covered too.

It lives in ``models`` because both ``coding`` and ``transcription`` (the model cache) use it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO, cast

FILE_MODE = 0o600
FOLDER_MODE = 0o700
_POSIX = os.name == "posix"


def restrict_umask() -> int:
    """Make everything this process creates owner-only; returns the previous umask."""
    return os.umask(0o077)


def tighten(path: Path | str) -> None:
    """Take group and other permissions away from a file or folder of ours, if it has any.

    Nothing happens for a path that does not exist, is a symlink, or belongs to someone else
    (a read-only copy on a shared drive is not ours to change); a failure is not an error.
    """
    if not _POSIX:
        return
    try:
        info = os.lstat(path)
    except OSError:
        return
    if stat.S_ISLNK(info.st_mode) or info.st_uid != os.getuid():
        return
    if info.st_mode & 0o077:
        with suppress(OSError):
            os.chmod(path, stat.S_IMODE(info.st_mode) & ~0o077)


def private_folder(path: Path | str, *, parents: bool = False) -> Path:
    """Create ``path`` as an owner-only folder (and, with ``parents``, missing ones above it).

    Folders that already exist above it are left as they are (they are the user's: home,
    ``~/.local/share``); ``path`` itself is Transcoda's, so an existing one is tightened.
    """
    path = Path(path)
    if parents and not path.parent.exists():
        private_folder(path.parent, parents=True)
    try:
        path.mkdir(mode=FOLDER_MODE)
    except FileExistsError:
        if not path.is_dir():
            raise
    tighten(path)
    return path


def create_private(path: Path | str, *, exclusive: bool = False) -> None:
    """Make sure ``path`` exists as an owner-only file, created empty when missing.

    SQLite and SQLCipher give a database's ``-wal`` and ``-shm`` files the mode of the
    database file, so creating the database this way first makes its journal private too.
    """
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else 0)
    handle = os.open(path, flags | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
    try:
        if _POSIX:
            info = os.fstat(handle)
            if info.st_uid == os.getuid() and info.st_mode & 0o077:
                os.fchmod(handle, stat.S_IMODE(info.st_mode) & ~0o077)
    finally:
        os.close(handle)


def open_private(path: Path | str, mode: str = "wb") -> BinaryIO:
    """``open(path, mode)`` for writing a binary file, created (or truncated) owner-only."""
    if mode not in ("wb", "ab", "xb"):
        raise ValueError(f"open_private writes binary files, not mode {mode!r}")
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    flags |= {"wb": os.O_TRUNC, "ab": os.O_APPEND, "xb": os.O_EXCL}[mode]
    handle = os.open(path, flags, FILE_MODE)
    if _POSIX:
        os.fchmod(handle, FILE_MODE)
    return cast(BinaryIO, os.fdopen(handle, mode))


def write_private(path: Path | str, data: bytes) -> None:
    """Write ``data`` to an owner-only file (not atomically: use it for partial files)."""
    with open_private(path) as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


@contextmanager
def private_replace(target: Path | str, *, suffix: str = ".part") -> Iterator[BinaryIO]:
    """Write an owner-only file beside ``target`` and rename it into place when done."""
    target = Path(target)
    partial = target.with_name(target.name + suffix)
    try:
        with open_private(partial) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def sqlite_sidecars(path: Path | str) -> list[Path]:
    """A SQLite database and the files SQLite keeps beside it."""
    return [Path(path), *(Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal"))]


def tighten_tree(folder: Path | str) -> None:
    """Tighten a folder of ours and everything in it (not following symlinks)."""
    folder = Path(folder)
    if not folder.is_dir() or folder.is_symlink():
        return
    tighten(folder)
    for root, folders, files in os.walk(folder):
        for name in (*folders, *files):
            tighten(Path(root) / name)
