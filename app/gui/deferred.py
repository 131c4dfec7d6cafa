"""Refreshing a view once, on the next turn of the event loop, however often it is asked.

The document view repaints a new coding at once; lists that also show it (counts, coded
segments) catch up right after, so applying a code never waits for every view.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


class Deferred(QObject):
    def __init__(self, action: Callable[[], object], parent: QObject) -> None:
        super().__init__(parent)
        self.action = action
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.action)

    def __call__(self) -> None:
        self.timer.start()

    @property
    def pending(self) -> bool:
        return self.timer.isActive()

    def flush(self) -> None:
        """Run now if a refresh is waiting (tests, and before reading the view's state)."""
        if self.timer.isActive():
            self.timer.stop()
            self.action()
