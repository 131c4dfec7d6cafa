"""Progress and cancellation for long jobs, with no Qt in it.

Long jobs (transcription, imports, exports, indexing) are plain functions that take a
``Reporter``. The GUI passes one that forwards to Qt signals from its worker thread; the CLI
passes a terminal progress bar; tests pass ``NullReporter`` or a recording one. It lives in the
bottom layer so that both ``coding`` and ``transcription`` can share it without importing
each other.
"""

from __future__ import annotations

from typing import Protocol


class Cancelled(Exception):
    """Raised inside a job when its reporter says the user cancelled it."""


class Reporter(Protocol):
    def progress(self, done: float, total: float, message: str = "") -> None:
        """Report ``done`` out of ``total`` units (seconds of audio, files, rows...)."""

    def cancelled(self) -> bool:
        """True once the user asked to stop; jobs poll it between units of work."""


class NullReporter:
    def progress(self, done: float, total: float, message: str = "") -> None:
        return None

    def cancelled(self) -> bool:
        return False


def check_cancelled(reporter: Reporter) -> None:
    if reporter.cancelled():
        raise Cancelled("cancelled by the user")
