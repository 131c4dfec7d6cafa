"""Long jobs on a worker thread: progress, cancel and errors, with the window responsive.

A job is a plain function ``fn(reporter, *args, **kwargs)`` (no Qt in it) that reports through
``models.progress.Reporter``. ``JobRunner.start`` runs it on a QThreadPool; the ``Job`` it
returns emits ``progressed``, then exactly one of ``succeeded``, ``failed`` or ``cancelled``,
and then ``finished``, always on the GUI thread.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from coding.errors import TranscodaError
from coding.importers.errors import ImportFormatError
from models.progress import Cancelled

log = logging.getLogger(__name__)
PROGRESS_INTERVAL_S = 0.05  # at most twenty progress updates a second reach the GUI
# Errors whose message is written for the user; anything else is a bug, shown with its type.
USER_ERRORS: tuple[type[Exception], ...] = (TranscodaError, ImportFormatError)
# The transcription layer's own user errors, named by module so that checking for them never
# imports that layer (it pulls in numpy): an error of one of them means it is loaded already.
_LAZY_USER_ERRORS = (
    ("transcription.audio", "AudioError"),
    ("transcription.model_store", "ModelError"),
)


def is_user_error(error: BaseException) -> bool:
    if isinstance(error, USER_ERRORS):
        return True
    for module_name, class_name in _LAZY_USER_ERRORS:
        module = sys.modules.get(module_name)
        kind = getattr(module, class_name, None) if module is not None else None
        if kind is not None and isinstance(error, kind):
            return True
    return False


class Job(QObject):
    progressed = Signal(float, float, str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, title: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self._cancel = threading.Event()
        self._last = 0.0
        self.done = False
        self.result: Any = None
        self.error: str | None = None
        self.exception: BaseException | None = None  # what failed, for callers that offer a way out

    # The Reporter protocol, called from the worker thread.
    def progress(self, done: float, total: float, message: str = "") -> None:
        now = time.monotonic()
        if now - self._last >= PROGRESS_INTERVAL_S or done >= total:
            self._last = now
            self.progressed.emit(float(done), float(total), message)

    def cancelled_requested(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    @Slot(str, object)
    def _end(self, kind: str, value: Any) -> None:
        """Runs on the GUI thread (the job lives there), queued from the worker."""
        self.done = True
        if kind == "succeeded":
            self.result = value
            self.succeeded.emit(value)
        elif kind == "cancelled":
            self.cancelled.emit()
        else:
            self.error, self.exception = value
            self.failed.emit(self.error)
        self.finished.emit()


class _Reporter:
    """What the job function sees: ``progress`` and ``cancelled``, nothing of Qt."""

    def __init__(self, job: Job) -> None:
        self._job = job

    def progress(self, done: float, total: float, message: str = "") -> None:
        self._job.progress(done, total, message)

    def cancelled(self) -> bool:
        return self._job.cancelled_requested()


class _Outcome(QObject):
    """Carries the end of a job from the worker to the GUI thread."""

    ended = Signal(str, object)


class _Runnable(QRunnable):
    def __init__(
        self,
        job: Job,
        outcome: _Outcome,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.job = job
        self.outcome = outcome
        self.fn = fn
        self.args = args
        self.kwargs = kwargs

    def run(self) -> None:
        reporter = _Reporter(self.job)
        try:
            result = self.fn(reporter, *self.args, **self.kwargs)
        except Cancelled:
            self.outcome.ended.emit("cancelled", None)
        except Exception as error:
            if is_user_error(error):
                self.outcome.ended.emit("failed", (str(error), error))
            else:
                log.exception("job failed: %s", self.job.title)
                self.outcome.ended.emit("failed", (f"{type(error).__name__}: {error}", error))
        else:
            if reporter.cancelled():
                self.outcome.ended.emit("cancelled", result)
            else:
                self.outcome.ended.emit("succeeded", result)


class JobRunner(QObject):
    started = Signal(object)  # Job

    def __init__(self, parent: QObject | None = None, *, threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self.jobs: list[Job] = []

    def start(self, title: str, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Job:
        job = Job(title, self)
        outcome = _Outcome(job)
        outcome.ended.connect(job._end)
        job.finished.connect(lambda: self._forget(job))
        self.jobs.append(job)
        self.started.emit(job)
        self.pool.start(_Runnable(job, outcome, fn, args, kwargs))
        return job

    def _forget(self, job: Job) -> None:
        if job in self.jobs:
            self.jobs.remove(job)

    @property
    def busy(self) -> bool:
        return bool(self.jobs)

    def cancel_all(self) -> None:
        for job in self.jobs:
            job.cancel()

    def wait(self, timeout_ms: int = -1) -> bool:
        return self.pool.waitForDone(timeout_ms)
