"""An encrypted project's recordings play and transcribe from memory, never from a plain file."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QSettings
from PySide6.QtWidgets import QInputDialog

from app.gui.main_window import MainWindow
from app.gui.preferences import Preferences
from app.gui.transcribe import Choice
from coding import queries
from coding.project import Project
from tests.gui.conftest import DIALOGUE, import_recordings, tiny_model_installed
from transcription.engine import Preset, TranscriptionOptions

PASSWORD = "correct horse battery"


def plaintext_copies(needle: bytes, folders: list[Path], since: float) -> list[str]:
    """Files written since ``since`` that hold ``needle`` (a slice of the recording)."""
    found = []
    for folder in folders:
        for root, _dirs, files in os.walk(folder):
            for name in files:
                path = Path(root) / name
                try:
                    stat = path.stat()
                    if stat.st_mtime < since or stat.st_size < len(needle):
                        continue
                    if needle in path.read_bytes():
                        found.append(str(path))
                except OSError:
                    continue
    return found


@pytest.fixture
def secret(tmp_path: Path) -> tuple[Path, int]:
    path = tmp_path / "secret.tcproj"
    with Project.create(path, password=PASSWORD) as project:
        [document] = import_recordings(project, [DIALOGUE])
    stored = list((tmp_path / "secret-media").iterdir())
    assert stored and all(p.name.endswith(".enc") for p in stored)
    return path, document


def test_encrypted_recording_plays_from_memory_and_transcribes(
    qtbot, secret: tuple[Path, int], settings: QSettings, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    started = time.time() - 1
    path, document = secret
    asked: list[str] = []
    monkeypatch.setattr(
        QInputDialog, "getText", lambda *args, **kwargs: asked.append(args[2]) or (PASSWORD, True)
    )
    window = MainWindow(Preferences(settings))
    qtbot.addWidget(window)
    window.show()
    assert window.open_project(path)
    assert asked == ["Password for secret.tcproj:"]
    assert window.model.project is not None and window.model.project.encrypted
    window.model.set_current_document(document)
    media = window.pane.media
    qtbot.waitUntil(lambda: media.duration() > 27_000, timeout=10_000)
    assert isinstance(media.buffer, QBuffer)
    assert media.player.sourceDevice() is media.buffer
    assert not media.player.source().isLocalFile()
    media.seek(3000)
    media.play()
    qtbot.waitUntil(lambda: media.playing and media.position() > 3300, timeout=6000)
    media.pause()

    if tiny_model_installed():
        choice = Choice(
            options=TranscriptionOptions(model="tiny.en", language="en", preset=Preset.FAST),
            speakers=None,
        )
        with qtbot.waitSignal(window.transcriber.batchDone, timeout=240_000):
            window.transcriber.transcribe(document, choice=choice)
        assert window.transcriber.failures == []
        assert "Berlin" in queries.get_document(window.model.project, document).text
        assert "Berlin" in window.pane.view.text

    # Switching documents lets go of the decrypted bytes.
    window.model.set_current_document(None)
    window.pane.open_document(None)
    assert media.buffer is None
    window.close()
    needle = DIALOGUE.read_bytes()[20_000:20_064]
    assert plaintext_copies(needle, [tmp_path, Path(tempfile.gettempdir())], started) == []


def test_a_recording_that_cannot_be_decrypted_is_a_message(qtbot, secret, window) -> None:  # type: ignore[no-untyped-def]
    path, _ = secret
    stored = next((path.parent / "secret-media").iterdir())
    media = window.pane.media
    media.load(stored, decrypted=lambda: stored.read_bytes()[:0] + b"\x00" * 10)
    assert media.buffer is not None  # bytes came (they are not audio: the player says so)
    failures: list[str] = []
    media.failed.connect(failures.append)

    def refuse() -> bytes:
        raise ValueError("the password does not open it")

    media.load(None)
    media.load(stored, decrypted=refuse)
    assert not media.loaded and media.buffer is None
    assert failures == ["The recording cannot be decrypted: the password does not open it"]
