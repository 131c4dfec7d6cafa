"""Transcribing a document's recording on a worker thread (once the project can store it)."""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

from app.gui.jobs import Job

if TYPE_CHECKING:
    from app.gui.main_window import MainWindow


def available() -> bool:
    """True when the project side offers a store for transcripts (coding.transcripts)."""
    return importlib.util.find_spec("coding.transcripts") is not None


def start(window: MainWindow) -> Job | None:
    window.model.failed.emit(
        window.tr(
            "Transcription from the window is not available in this build yet; "
            "use the command line."
        )
    )
    return None
