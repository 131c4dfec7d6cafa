"""A small interview project built through the services, and the window opened on it.

The transcript mixes Cyrillic, Georgian and astral emoji before coded spans, so every test
that selects text through Qt (UTF-16) and checks the database (code points) proves the
conversion at the GUI boundary.
"""

from __future__ import annotations

import math
import os
import struct
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

# Qt's FFmpeg backend prints each file's format to stderr; tests have no use for it.
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")

from coding import codebook, codings, documents, media
from coding.project import Project
from models.transcript_layout import TimedText, lay_out

PIECES = [
    TimedText(0, 1500, "Interviewer", "Как вы решили уехать? 🙂"),
    TimedText(1600, 3500, "Respondent", "გამარჯობა — мы уехали в Тбилиси 🇬🇪 осенью."),
    TimedText(3600, 5500, "Interviewer", "What did you feel then? 😀"),
    TimedText(5600, 7800, "Respondent", "Страх и надежда, 💔 but also relief."),
]
SAMPLE_RATE = 16000


def write_wav(path: Path, seconds: float = 8.0) -> Path:
    """A quiet 440 Hz tone, made with the standard library."""
    frames = int(SAMPLE_RATE * seconds)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(
            b"".join(
                struct.pack("<h", int(3000 * math.sin(2 * math.pi * 440 * i / SAMPLE_RATE)))
                for i in range(frames)
            )
        )
    return path


@dataclass
class Study:
    path: Path
    document_id: int
    plain_id: int
    codes: dict[str, int]
    text: str


def build_study(folder: Path) -> Study:
    path = folder / "study.tcproj"
    laid = lay_out(PIECES)
    with Project.create(path, title="Study") as project:
        doc = documents.add_document(
            project, title="Интервью 1 🙂", text=laid.text, language="ru", segments=laid.segments
        ).id
        assert doc is not None
        plain = documents.add_document(
            project, title="Notes", text="Plain notes about fieldwork in Tbilisi.\nSecond line."
        ).id
        assert plain is not None
        emotions = codebook.create_code(project, name="Emotions").id
        codes = {"Emotions": emotions}
        for name, color in (("Fear", "#F1948A"), ("Hope", "#82E0AA"), ("Relief", "#7FB3D5")):
            created = codebook.create_code(project, name=name, parent_id=emotions, color=color).id
            assert created is not None
            codes[name] = created
        codes["Places"] = codebook.create_code(project, name="Places").id  # type: ignore[assignment]
        start = laid.text.index("Тбилиси")
        codings.apply_coding(
            project,
            document_id=doc,
            code_id=codes["Places"],
            start=start,
            end=start + 7,
            coder="anna",
        )
        wav = write_wav(folder / "interview.wav")
        media.attach_media(project, document_id=doc, source=wav, duration_ms=8000)
        return Study(path, doc, plain, codes, laid.text)


@pytest.fixture
def study(tmp_path: Path) -> Study:
    return build_study(tmp_path)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, study: Study, settings: QSettings) -> Iterator:  # type: ignore[no-untyped-def]
    from app.gui.main_window import MainWindow
    from app.gui.preferences import Preferences

    main = MainWindow(Preferences(settings))
    qtbot.addWidget(main)
    main.show()
    assert main.open_project(study.path)
    main.model.set_current_document(study.document_id)
    yield main
    main.close()


AUDIO = Path(__file__).resolve().parents[1] / "fixtures" / "audio"
DIALOGUE = AUDIO / "dialogue_en.flac"
QUIET_ROOM = AUDIO / "quiet_room.flac"


def import_recordings(project: Project, paths: list[Path], *, language: str = "en") -> list[int]:
    """Recordings imported the way File › Import and ``transcoda import`` do it."""
    from app.cli.import_commands import _audio_probe
    from coding.imports import import_files

    _, imported = import_files(project, paths=paths, language=language, probe_audio=_audio_probe())
    return [item.id for item in imported]


def tiny_model_installed() -> bool:
    from transcription.model_store import ModelError, resolve_model

    try:
        return resolve_model("tiny.en").available and DIALOGUE.is_file()
    except ModelError:
        return False


@pytest.fixture
def recordings(tmp_path: Path) -> Path:
    """A project with two untranscribed recordings: the English dialogue and a quiet room."""
    if not tiny_model_installed():
        pytest.skip("the tiny.en model or the audio fixtures are not installed")
    path = tmp_path / "recordings.tcproj"
    with Project.create(path, title="Recordings") as project:
        import_recordings(project, [DIALOGUE, QUIET_ROOM])
    return path


@pytest.fixture
def recordings_window(qtbot, recordings: Path, settings: QSettings) -> Iterator:  # type: ignore[no-untyped-def]
    from app.gui.main_window import MainWindow
    from app.gui.preferences import Preferences

    main = MainWindow(Preferences(settings))
    qtbot.addWidget(main)
    main.show()
    assert main.open_project(recordings)
    yield main
    main.close()
