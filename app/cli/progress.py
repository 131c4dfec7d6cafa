"""A terminal progress bar that is a models.progress.Reporter (Ctrl+C cancels the job)."""

from __future__ import annotations

import sys
import time


class TerminalProgress:
    def __init__(self, label: str, *, stream=sys.stderr, width: int = 30) -> None:  # type: ignore[no-untyped-def]
        self.label = label
        self.stream = stream
        self.width = width
        self._last = 0.0
        self._tty = bool(getattr(stream, "isatty", lambda: False)())
        self._last_line = ""

    def progress(self, done: float, total: float, message: str = "") -> None:
        now = time.monotonic()
        finished = total > 0 and done >= total
        # On a terminal redraw often; in a log write a line every few seconds.
        if now - self._last < (0.2 if self._tty else 5.0) and not finished:
            return
        self._last = now
        share = 0.0 if total <= 0 else max(0.0, min(1.0, done / total))
        filled = int(share * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        line = f"{self.label} [{bar}] {share * 100:5.1f}%  {message}"
        if self._tty:
            self.stream.write("\r" + line[:160].ljust(len(self._last_line)))
        elif line != self._last_line:
            self.stream.write(line + "\n")
        self._last_line = line
        self.stream.flush()

    def cancelled(self) -> bool:
        return False

    def close(self) -> None:
        if self._tty and self._last_line:
            self.stream.write("\n")
            self.stream.flush()
