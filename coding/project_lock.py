"""One writer per project: a second process gets a clear message and may open it read-only.

SQLite itself would let two processes write in turn, but two windows editing the same
transcript would overwrite each other's work. The lock is an advisory ``flock`` on a file
beside the project, so the operating system releases it when a process dies, even by
``kill -9``: a crash never leaves a project locked.
"""

from __future__ import annotations

import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from coding.errors import ProjectError
from models.private_files import FILE_MODE, tighten

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks; documented limit
    fcntl = None  # type: ignore[assignment]


class ProjectLocked(ProjectError):
    """Another Transcoda process has the project open for writing."""


def lock_path(project_path: Path) -> Path:
    return project_path.with_name(project_path.name + ".lock")


class ProjectLock:
    def __init__(self, project_path: Path) -> None:
        self.path = lock_path(project_path)
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        # Owner-only like every file of a project: it names the host and the process.
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, FILE_MODE)
        tighten(self.path)
        handle = os.fdopen(descriptor, "a+", encoding="utf-8")
        if fcntl is not None:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = _describe(handle.read())
                handle.close()
                raise ProjectLocked(
                    f"{self.path.name[: -len('.lock')]} is already open in another Transcoda "
                    f"window or command ({holder}). Close it there, or open this project "
                    "read-only."
                ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(
            json.dumps(
                {
                    "pid": os.getpid(),
                    "host": socket.gethostname(),
                    "since": datetime.now(UTC).isoformat(timespec="seconds"),
                }
            )
        )
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is None:
            return
        try:
            self._handle.seek(0)
            self._handle.truncate()
            if fcntl is not None:
                fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
        finally:
            self._handle.close()
            self._handle = None


def _describe(content: str) -> str:
    try:
        holder = json.loads(content)
        return f"process {holder['pid']} on {holder['host']}, since {holder['since']}"
    except (ValueError, KeyError, TypeError):
        return "another process"
