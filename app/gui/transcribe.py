"""Transcribing recordings from the window: the options dialog and the jobs that run them.

Each document is one job on the window's JobRunner (``app.transcribe.transcribe_document``):
progress is the share of the audio decoded with an estimate of the time left, Cancel keeps
what was decoded (the next run resumes there), and the model is loaded once per process
(``transcription.engine.load_model`` caches it), so a batch pays for it once. The project tree
shows "transcribing" while a job runs and "draft" when it is done; the views refresh from the
Changes published when the job ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from app.gui.import_dialog import LANGUAGES
from app.gui.jobs import Job
from coding import transcripts
from coding.changes import Changes
from coding.errors import Conflict, TranscodaError

if TYPE_CHECKING:
    from app.gui.main_window import MainWindow
    from coding.project import Project
    from transcription.engine import TranscriptionOptions

OWN_LANGUAGE = "*"  # a batch: each document's own language


@dataclass(frozen=True)
class Choice:
    """What the dialog asks: the options Whisper gets and how many speakers to label."""

    options: TranscriptionOptions
    speakers: int | None


class TranscribeDialog(QDialog):
    """Model, language, speakers, preset and vocabulary for one document or a batch."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        language: str | None,
        what: str,
        model: str = "",
        preset: str = "accurate",
    ) -> None:
        from transcription.model_store import DEFAULT_MODEL, list_models

        super().__init__(parent)
        self.setObjectName("transcribeDialog")
        self.setWindowTitle(self.tr("Transcribe"))
        self.what = QLabel(what, self)
        self.what.setWordWrap(True)
        self.whisper_model = QComboBox(self)
        self.whisper_model.setAccessibleName(self.tr("Whisper model"))
        self.infos = {info.name: info for info in list_models()}
        for info in self.infos.values():
            size = f"  ({info.size_bytes / 1e6:.0f} MB)" if info.size_bytes else ""
            label = info.name + size
            if not info.available:
                label = self.tr("{0} (not installed)").format(info.name)
            self.whisper_model.addItem(label, info.name)
            index = self.whisper_model.count() - 1
            if not info.available:
                cast(QStandardItemModel, self.whisper_model.model()).item(index).setEnabled(False)
                self.whisper_model.setItemData(index, info.hint, Qt.ItemDataRole.ToolTipRole)
        wanted = model if self.infos.get(model, None) and self.infos[model].available else ""
        available = [name for name, info in self.infos.items() if info.available]
        default = wanted or (DEFAULT_MODEL if DEFAULT_MODEL in available else "")
        default = default or (available[0] if available else "")
        self.whisper_model.setCurrentIndex(max(0, self.whisper_model.findData(default)))

        self.language = QComboBox(self)
        self.language.setAccessibleName(self.tr("Language"))
        if language is None:
            self.language.addItem(self.tr("Each document's own language"), OWN_LANGUAGE)
        for code, name in LANGUAGES:
            self.language.addItem(self.tr(name) if code else self.tr("Detect"), code)
        if language is not None and self.language.findData(language) < 0:
            self.language.addItem(language, language)
        self.language.setCurrentIndex(
            max(0, self.language.findData(OWN_LANGUAGE if language is None else language))
        )
        self.speakers = QSpinBox(self)
        self.speakers.setAccessibleName(self.tr("Number of speakers"))
        self.speakers.setRange(1, 9)
        self.speakers.setValue(2)
        self.speakers.setToolTip(
            self.tr("With two or more, speaker turns are labelled (Interviewer, Respondent, …)")
        )
        self.preset = QComboBox(self)
        self.preset.setAccessibleName(self.tr("Speed or accuracy"))
        self.preset.addItem(self.tr("Accurate (beam of 5)"), "accurate")
        self.preset.addItem(self.tr("Fast (greedy)"), "fast")
        self.preset.setCurrentIndex(max(0, self.preset.findData(preset)))
        self.vocabulary = QLineEdit(self)
        self.vocabulary.setAccessibleName(self.tr("Vocabulary"))
        self.vocabulary.setPlaceholderText(self.tr("Names, places, terms, separated by commas"))
        self.warning = QLabel(self)
        self.warning.setObjectName("transcribeWarning")
        self.warning.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Transcribe"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.what)
        form.addRow(self.tr("&Model"), self.whisper_model)
        form.addRow(self.tr("&Language"), self.language)
        form.addRow(self.tr("&Speakers"), self.speakers)
        form.addRow(self.tr("&Preset"), self.preset)
        form.addRow(self.tr("&Vocabulary"), self.vocabulary)
        form.addRow(self.warning)
        form.addRow(self.buttons)
        self.whisper_model.currentIndexChanged.connect(self._check)
        self.language.currentIndexChanged.connect(self._check)
        self._check()
        self.resize(max(self.sizeHint().width(), 460), self.sizeHint().height())

    def _check(self) -> None:
        info = self.infos.get(str(self.whisper_model.currentData()))
        language = self.language.currentData()
        problem = ""
        if info is None or not info.available:
            problem = self.tr("This Whisper model is not installed. {0}").format(
                "" if info is None else info.hint
            )
        elif info.multilingual is False and language not in ("en", OWN_LANGUAGE, ""):
            problem = self.tr("{0} knows English only: choose a multilingual model.").format(
                info.name
            )
        self.warning.setText(problem)
        self.warning.setVisible(bool(problem))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(info is not None and info.available)

    def choice(self) -> Choice:
        from transcription.engine import Preset, TranscriptionOptions

        language = self.language.currentData()
        vocabulary = tuple(t.strip() for t in self.vocabulary.text().split(",") if t.strip())
        options = TranscriptionOptions(
            model=str(self.whisper_model.currentData()),
            language=None if language in ("", OWN_LANGUAGE) else str(language),
            preset=Preset(self.preset.currentData()),
            vocabulary=vocabulary,
        )
        speakers = self.speakers.value()
        return Choice(options=options, speakers=speakers if speakers > 1 else None)


def transcribe_job(
    reporter: Any,
    project: Project,
    document_id: int,
    choice: Choice,
    force: bool,
) -> Any:
    """The worker's side: no Qt here."""
    from app.transcribe import transcribe_document

    return transcribe_document(
        project,
        document_id,
        options=choice.options,
        reporter=reporter,
        speakers=choice.speakers,
        force=force,
    )


class Transcriber(QObject):
    """Starts transcriptions from the menu, the toolbar and the documents' context menu."""

    # A document's job ended: id and "succeeded", "cancelled" or "failed".
    documentDone = Signal(int, str)
    batchDone = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.model = window.model
        self.queue: list[int] = []
        self.job: Job | None = None
        self.document_id: int | None = None
        self.project: Project | None = None
        self.choice: Choice | None = None
        self.done: list[int] = []
        self.failures: list[str] = []
        self._total = 0
        self.ask = self._ask  # replaced by tests: (title, question) -> bool

    @property
    def busy(self) -> bool:
        return self.job is not None

    # -- commands --------------------------------------------------------------------------

    def transcribe(
        self, document_id: int | None = None, choice: Choice | None = None
    ) -> Job | None:
        """Transcribe one document's recording (the current document by default)."""
        project = self.model.project
        document_id = document_id if document_id is not None else self.model.current_document
        if project is None or document_id is None:
            self.model.message.emit(self.tr("Open a document with a recording first."))
            return None
        if self._refuse_while_busy():
            return None
        try:
            target = transcripts.target(project, document_id)
        except TranscodaError as error:
            self.model.failed.emit(str(error))
            return None
        if target.media_path is None:
            self.model.failed.emit(
                self.tr("'{0}' has no recording to transcribe.").format(target.title)
            )
            return None
        force = False
        if target.status in ("draft", "checked") and not target.codings:
            if not self.ask(
                self.tr("Transcribe again"),
                self.tr(
                    "'{0}' already has a transcript. Replace it with a new one? Undo brings the "
                    "current one back."
                ).format(target.title),
            ):
                return None
            force = True
        if choice is None:
            choice = self._choose(target.language or "", self.tr("'{0}'").format(target.title))
            if choice is None:
                return None
        return self._run([document_id], choice, force=force)

    def transcribe_all(self, choice: Choice | None = None) -> Job | None:
        """Transcribe every recording that has no transcript yet, one after another."""
        project = self.model.project
        if project is None or self._refuse_while_busy():
            return None
        ids = transcripts.untranscribed(project)
        if not ids:
            self.model.message.emit(self.tr("Every recording already has a transcript."))
            return None
        if choice is None:
            choice = self._choose(
                None, self.tr("{0} recordings without a transcript").format(len(ids))
            )
            if choice is None:
                return None
        return self._run(ids, choice, force=False)

    def cancel(self) -> None:
        self.queue = []
        if self.job is not None:
            self.job.cancel()

    # -- running ---------------------------------------------------------------------------

    def _choose(self, language: str | None, what: str) -> Choice | None:
        settings = self.window.preferences.settings
        dialog = TranscribeDialog(
            self.window,
            language=language,
            what=self.tr("Transcribe {0} with Whisper, on this computer.").format(what),
            model=str(settings.value("transcription/model", "") or ""),
            preset=str(settings.value("transcription/preset", "accurate") or "accurate"),
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        choice = dialog.choice()
        settings.setValue("transcription/model", choice.options.model)
        settings.setValue("transcription/preset", choice.options.preset.value)
        return choice

    def _refuse_while_busy(self) -> bool:
        if self.busy:
            self.model.message.emit(
                self.tr("A transcription is running; wait for it or cancel it first.")
            )
        return self.busy

    def _run(self, ids: list[int], choice: Choice, *, force: bool) -> Job | None:
        self.queue = list(ids[1:])
        self.choice = choice
        self.done = []
        self.failures = []
        self._total = len(ids)
        return self._start(ids[0], force=force)

    def _start(self, document_id: int, *, force: bool) -> Job | None:
        project = self.model.project
        if project is None or self.choice is None:
            return None
        title = transcripts.target(project, document_id).title
        number = self._total - len(self.queue)
        count = f" ({number}/{self._total})" if self._total > 1 else ""
        job = self.window.runner.start(
            self.tr("Transcribing '{0}'{1}").format(title, count),
            transcribe_job,
            project,
            document_id,
            self.choice,
            force,
        )
        self.job, self.document_id, self.project = job, document_id, project
        marked = [False]

        def progressed(_done: float, _total: float, _message: str) -> None:
            # The first report comes after the job marked the document "transcribing".
            if not marked[0]:
                marked[0] = True
                self._publish(Changes(documents=True, id=document_id))

        job.progressed.connect(progressed)
        job.succeeded.connect(lambda result: self._succeeded(document_id, title, result, force))
        job.cancelled.connect(lambda: self._cancelled(document_id, title))
        job.failed.connect(lambda message: self._failed(document_id, title, message, job))
        return job

    def _publish(self, changes: Changes) -> None:
        """Only while the job's project is still the one shown (closing cancels the job)."""
        if self.model.project is not None and self.model.project is self.project:
            self.model.publish(changes)

    def _ended(self, document_id: int, outcome: str) -> None:
        self.job = None
        self.documentDone.emit(document_id, outcome)
        if self.queue and self.model.project is not None and self.model.project is self.project:
            self._start(self.queue.pop(0), force=False)
        else:
            self.queue = []
            self.batchDone.emit()

    def _succeeded(self, document_id: int, title: str, result: Any, force: bool) -> None:
        self.done.append(document_id)
        self._publish(
            Changes(
                documents=True,
                transcript=True,
                codings=force,
                id=document_id,
                description=f"Transcribe '{title}'",
            )
        )
        detected = ""
        if result.language and self.choice is not None and not self.choice.options.language:
            detected = self.tr(", language {0} ({1:.0%})").format(
                result.language, result.language_probability
            )
        self.model.message.emit(
            self.tr("Transcribed '{0}': {1} segments{2}. A draft: please check it.").format(
                title, len(result.transcript.segments), detected
            )
        )
        self._ended(document_id, "succeeded")

    def _cancelled(self, document_id: int, title: str) -> None:
        self.queue = []
        self._publish(Changes(documents=True, transcript=True, id=document_id))
        self.model.message.emit(
            self.tr(
                "Transcription of '{0}' stopped. What was transcribed is kept: transcribing "
                "again carries on from there."
            ).format(title)
        )
        self._ended(document_id, "cancelled")

    def _failed(self, document_id: int, title: str, message: str, job: Job) -> None:
        self._publish(Changes(documents=True, transcript=True, id=document_id))
        if isinstance(job.exception, Conflict):
            if self.ask(
                self.tr("Coded document"),
                self.tr(
                    "'{0}' is already coded. A new transcript replaces the text its codings "
                    "point at, so they are removed. Transcribe anyway? Undo brings the text and "
                    "the codings back."
                ).format(title),
            ):
                self.job = None
                self._start(document_id, force=True)
                return
            self.model.message.emit(self.tr("'{0}' was left as it is.").format(title))
            self._ended(document_id, "skipped")
            return
        self.failures.append(f"{title}: {message}")
        self.model.failed.emit(self.tr("Transcribing '{0}' failed: {1}").format(title, message))
        self._ended(document_id, "failed")

    def _ask(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(self.window, title, question)
        return answer == QMessageBox.StandardButton.Yes
