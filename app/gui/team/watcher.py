"""Picking up other coders' changes to a shared project while the window is open.

A timer polls the project's change counter (one cheap query) and, when it moved, emits the
``Changes`` that happened since, so the views refresh what others changed exactly as they do
after the user's own commands. Polling rather than LISTEN keeps the GUI thread free of a
blocking connection; coding.team.live.wait_for_change is there for scripts.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from coding.errors import TranscodaError
from coding.project import Project
from coding.team import live

DEFAULT_INTERVAL_MS = 2000


class ChangeWatcher(QObject):
    changed = Signal(object)  # coding.changes.Changes
    failed = Signal(str)

    def __init__(
        self,
        project: Project,
        *,
        interval_ms: int = DEFAULT_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.counter = live.change_counter(project)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> None:
        try:
            if live.change_counter(self.project) <= self.counter:
                return
            feed = live.changes_since(self.project, self.counter)
        except (TranscodaError, OSError) as error:
            self.failed.emit(str(error))
            return
        except Exception as error:  # a dropped connection: say so, keep polling
            self.failed.emit(f"cannot reach the shared project: {error}")
            return
        self.counter = feed.counter
        if feed.changes.any:
            self.changed.emit(feed.changes)

    def stop(self) -> None:
        self.timer.stop()


def watch(model: object, *, interval_ms: int = DEFAULT_INTERVAL_MS) -> ChangeWatcher | None:
    """Start watching the model's project if it is shared; its views refresh on others' changes.

    ``model`` is the window's ProjectModel: changes are passed to its ``publish``.
    """
    project = getattr(model, "project", None)
    if project is None or not project.shared:
        return None
    watcher = ChangeWatcher(project, interval_ms=interval_ms, parent=model)  # type: ignore[arg-type]
    watcher.changed.connect(model.publish)  # type: ignore[attr-defined]
    return watcher
