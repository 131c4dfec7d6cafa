"""Transcription from the window: the dialog, real jobs with tiny.en, cancel and resume, errors.

The jobs are real: ``app.transcribe.transcribe_document`` with the tiny.en model on the
committed espeak-ng dialogue, run by the window's JobRunner.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from app.gui.job_bar import JobBar
from app.gui.project_tree import ProjectTree
from app.gui.transcribe import Choice, TranscribeDialog
from coding import queries
from models.entities import TranscriptionPiece
from tests.gui.conftest import DIALOGUE, tiny_model_installed
from transcription.engine import Preset, TranscriptionOptions

TINY_FAST = TranscriptionOptions(model="tiny.en", language="en", preset=Preset.FAST)
JOB_TIMEOUT_MS = 240_000


def with_dialog(fill: Callable[[TranscribeDialog], None]) -> None:
    """Answer the transcription dialog that the next command opens (it runs modally)."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, TranscribeDialog):
            QTimer.singleShot(20, answer)
            return
        fill(dialog)
        dialog.accept()

    QTimer.singleShot(0, answer)


def tiny_fast(dialog: TranscribeDialog) -> None:
    dialog.whisper_model.setCurrentIndex(dialog.whisper_model.findData("tiny.en"))
    dialog.preset.setCurrentIndex(dialog.preset.findData("fast"))
    dialog.speakers.setValue(2)
    dialog.vocabulary.setText("Berlin")


def tree_status(window, document_id: int) -> str:  # type: ignore[no-untyped-def]
    tree: ProjectTree = window.documents
    return str(tree._find(document_id).data(Qt.ItemDataRole.ToolTipRole))  # names the status


def document_ids(window) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {d.title: d.id for d in queries.list_documents(window.model.project)}


@pytest.mark.slow
def test_transcribe_all_untranscribed_from_the_menu(qtbot, recordings_window) -> None:  # type: ignore[no-untyped-def]
    from transcription.engine import _load

    window = recordings_window
    ids = document_ids(window)
    dialogue, quiet = ids["dialogue_en"], ids["quiet_room"]
    window.model.set_current_document(dialogue)
    statuses: list[str] = []
    titles: list[str] = []
    messages: list[str] = []
    bar = window.findChild(JobBar)

    def started(job) -> None:  # type: ignore[no-untyped-def]
        titles.append(job.title)
        job.progressed.connect(lambda *_: statuses.append(tree_status(window, dialogue)))
        job.progressed.connect(lambda _d, _t, message: messages.append(message))

    window.runner.started.connect(started)
    loads_before = _load.cache_info().misses
    with_dialog(tiny_fast)
    with qtbot.waitSignal(window.transcriber.batchDone, timeout=JOB_TIMEOUT_MS):
        window.actions_.transcribe_all.trigger()
    assert window.transcriber.failures == []
    assert window.transcriber.done == [dialogue, quiet]
    assert titles == ["Transcribing 'dialogue_en' (1/2)", "Transcribing 'quiet_room' (2/2)"]
    # The tree said "transcribing" while the job ran, then "draft transcript".
    assert any("· transcribing" in status for status in statuses)
    assert "draft transcript" in tree_status(window, dialogue)
    assert any(message.startswith("Transcribed ") for message in messages)
    assert bar is not None and not bar.isVisible()
    # The open document shows its new transcript; speakers were labelled.
    text = window.pane.view.text
    assert "Berlin" in text and "Interviewer: " in text
    assert window.pane.status.text() == "Draft transcript"
    assert window.pane.segments and window.pane.bar.isVisible()
    detail = queries.get_document(window.model.project, quiet)
    assert detail.transcript_status == "draft" and detail.text == ""  # silence, no words
    # One model load for the whole batch (tiny.en may already be cached: then none).
    assert _load.cache_info().misses - loads_before <= 1
    assert window.actions_.undo.text() == "&Undo Transcribe 'quiet_room'"


@pytest.mark.slow
def test_cancel_keeps_what_was_decoded_and_the_next_run_resumes(qtbot, recordings_window) -> None:  # type: ignore[no-untyped-def]
    window = recordings_window
    project = window.model.project
    dialogue = document_ids(window)["dialogue_en"]
    tree: ProjectTree = window.documents
    index = tree._find(dialogue)
    menu = tree.context_menu(index)
    assert menu is not None
    transcribe = next(a for a in menu.actions() if a.text() == "Transcribe recording…")
    bar = window.findChild(JobBar)
    window.runner.started.connect(
        lambda job: job.progressed.connect(
            lambda _d, _t, message: (
                bar.cancel.click() if message.startswith("Transcribed") else None
            )
        )
    )
    outcomes: list[tuple[int, str]] = []
    window.transcriber.documentDone.connect(lambda doc, outcome: outcomes.append((doc, outcome)))
    with_dialog(tiny_fast)
    with qtbot.waitSignal(window.transcriber.batchDone, timeout=JOB_TIMEOUT_MS):
        transcribe.trigger()
    assert outcomes == [(dialogue, "cancelled")]
    with project.reading() as session:
        saved = session.query(TranscriptionPiece).filter_by(document_id=dialogue).count()
    assert saved >= 1  # what was decoded before the cancel is kept
    assert queries.get_document(project, dialogue).transcript_status == "none"
    assert "no transcript" in tree_status(window, dialogue)
    assert "stopped" in window.statusBar().currentMessage()

    window.runner.started.disconnect()
    jobs: list = []
    window.runner.started.connect(jobs.append)
    with_dialog(tiny_fast)  # the same choices: a run with other options starts afresh
    with qtbot.waitSignal(window.transcriber.batchDone, timeout=JOB_TIMEOUT_MS):
        transcribe.trigger()
    [job] = jobs
    assert job.error is None, job.error
    assert job.result.resumed_from_ms > 0
    assert "Berlin" in queries.get_document(project, dialogue).text


def test_a_coded_document_is_transcribed_again_only_when_confirmed(qtbot, window, study) -> None:  # type: ignore[no-untyped-def]
    if not tiny_model_installed():
        pytest.skip("the tiny.en model is not installed")
    project = window.model.project
    asked: list[str] = []
    answers = [False]
    window.transcriber.ask = lambda title, question: asked.append(question) or answers.pop(0)
    choice = Choice(options=TINY_FAST, speakers=None)
    with qtbot.waitSignal(window.transcriber.batchDone, timeout=JOB_TIMEOUT_MS):
        window.transcriber.transcribe(study.document_id, choice=choice)
    assert len(asked) == 1 and "already coded" in asked[0]
    assert "left as it is" in window.statusBar().currentMessage()
    assert len(queries.list_codings(project)) == 1
    assert window.pane.view.text == study.text

    answers[:] = [True]
    with qtbot.waitSignal(window.transcriber.batchDone, timeout=JOB_TIMEOUT_MS):
        window.transcriber.transcribe(study.document_id, choice=choice)
    assert window.transcriber.done == [study.document_id]
    assert queries.list_codings(project) == []  # a tone has no words: the text is replaced
    assert window.pane.view.text != study.text
    window.model.undo()
    assert len(queries.list_codings(project)) == 1
    assert window.pane.view.text == study.text


def test_unreadable_recordings_and_missing_models_are_messages(qtbot, window, study) -> None:  # type: ignore[no-untyped-def]
    project = window.model.project
    detail = queries.get_document(project, study.document_id)
    assert detail.media_path is not None
    Path(detail.media_path).write_bytes(b"%PDF-1.4 not a recording")
    window.transcriber.ask = lambda *_: True
    choice = Choice(options=TINY_FAST, speakers=None)
    with qtbot.waitSignal(window.transcriber.batchDone, timeout=30_000):
        window.transcriber.transcribe(study.document_id, choice=choice)
    assert "it looks like a PDF document" in window.banner.messages[-1]
    assert window.banner.messages[-1].startswith("Transcribing 'Интервью 1 🙂' failed: ")
    assert "AudioError" not in window.banner.messages[-1]  # written for people, not a trace
    assert queries.get_document(project, study.document_id).transcript_status == "draft"

    Path(detail.media_path).write_bytes(DIALOGUE.read_bytes())
    missing = Choice(options=TranscriptionOptions(model="no-such-model"), speakers=None)
    with qtbot.waitSignal(window.transcriber.batchDone, timeout=30_000):
        window.transcriber.transcribe(study.document_id, choice=missing)
    assert "no-such-model" in window.banner.messages[-1]
    assert "ModelNotFound" not in window.banner.messages[-1]


def test_the_dialog_offers_models_and_the_documents_language(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    dialog = TranscribeDialog(window, language="ru", what="'Интервью'")
    qtbot.addWidget(dialog)
    names = [dialog.whisper_model.itemData(i) for i in range(dialog.whisper_model.count())]
    assert names[:2] == ["tiny.en", "base"]
    assert dialog.language.currentData() == "ru"
    if dialog.infos["tiny.en"].available:
        dialog.whisper_model.setCurrentIndex(0)
        assert not dialog.warning.isHidden() and "English only" in dialog.warning.text()
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert dialog.warning.isHidden() or "not installed" in dialog.warning.text()
    dialog.preset.setCurrentIndex(dialog.preset.findData("fast"))
    dialog.speakers.setValue(3)
    dialog.vocabulary.setText("Тбилиси, Baku ,")
    choice = dialog.choice()
    assert choice.options.language == "en"
    assert choice.options.preset is Preset.FAST
    assert choice.options.vocabulary == ("Тбилиси", "Baku")
    assert choice.speakers == 3
    dialog.speakers.setValue(1)
    assert dialog.choice().speakers is None
    batch = TranscribeDialog(window, language=None, what="3 recordings")
    qtbot.addWidget(batch)
    assert batch.choice().options.language is None  # each document's own
    assert batch.result() == QDialog.DialogCode.Rejected
