"""Transcribing a project's recordings: the transcription job wired to the project store.

Shared by the command line and the desktop app (no Qt here). ``coding`` keeps the pieces and
the finished transcript; ``transcription`` knows Whisper; this module is the only place that
knows both, as the layers require.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from coding import transcripts
from coding.errors import Conflict, InvalidInput
from coding.media import document_media_bytes, is_encrypted_file
from coding.project import Project
from models.progress import Reporter
from models.transcript_layout import LaidOutSegment
from transcription.audio import AudioSource
from transcription.engine import LoadedModel, TranscriptionOptions
from transcription.job import JobResult, run_transcription
from transcription.segments import RawSegment
from transcription.speakers import default_speaker_names


class ProjectTranscriptStore:
    """transcription.store.TranscriptStore on top of a project document."""

    def __init__(self, project: Project, document_id: int, *, replace_codings: bool) -> None:
        self.project = project
        self.document_id = document_id
        self.replace_codings = replace_codings

    def saved_pieces(self, resume_key: str) -> list[RawSegment]:
        saved = transcripts.saved_pieces(self.project, self.document_id, resume_key)
        return [RawSegment.from_dict(piece) for piece in saved]

    def save_pieces(self, resume_key: str, pieces: Sequence[RawSegment]) -> None:
        transcripts.save_pieces(
            self.project, self.document_id, resume_key, [piece.to_dict() for piece in pieces]
        )

    def finish(self, result: JobResult) -> None:
        # Segments keep the speaker *label* (S1, S2) so renaming a speaker later is one step.
        segments = [
            LaidOutSegment(
                start_ms=segment.start_ms,
                end_ms=segment.end_ms,
                speaker=piece.speaker,
                char_start=segment.char_start,
                char_end=segment.char_end,
            )
            for segment, piece in zip(result.transcript.segments, result.pieces, strict=True)
        ]
        transcripts.finish_transcript(
            self.project,
            document_id=self.document_id,
            text=result.transcript.text,
            segments=segments,
            speaker_names=result.speaker_names,
            language=result.language,
            replace_codings=self.replace_codings,
        )


def speaker_names_for(count: int | None, case_name: str | None) -> dict[str, str]:
    """Interviewer first; with two speakers the respondent is called by the case's name."""
    if not count or count < 2:
        return {}
    names = default_speaker_names(count)
    if count == 2 and case_name:
        names["S2"] = case_name
    return names


def needs_transcription(project: Project, document_id: int, *, force: bool) -> bool:
    target = transcripts.target(project, document_id)
    if target.media_path is None:
        raise InvalidInput(f"'{target.title}' has no recording to transcribe")
    if force:
        return True
    return target.status in ("none", "transcribing")


def transcribe_document(
    project: Project,
    document_id: int,
    *,
    options: TranscriptionOptions,
    reporter: Reporter,
    speakers: int | None = None,
    force: bool = False,
    model: LoadedModel | None = None,
) -> JobResult:
    """Transcribe one document's recording into its draft transcript (resuming if it can).

    The language is the document's own unless ``options`` names one; detection is the last
    resort. A coded document is refused unless ``force``: a new transcript replaces the text
    its codings point at.
    """
    target = transcripts.target(project, document_id)
    if target.media_path is None:
        raise InvalidInput(f"'{target.title}' has no recording to transcribe")
    if target.codings and not force:
        raise Conflict(
            f"'{target.title}' already has {target.codings} codings; transcribing again would "
            "replace the text they point at (use --force; Undo brings it back)"
        )
    if options.language is None and target.language:
        options = replace(options, language=target.language)
    audio: AudioSource = Path(target.media_path)
    if is_encrypted_file(target.media_path):
        # Decrypted in memory only: no plaintext copy of the recording touches the disk.
        audio = io.BytesIO(document_media_bytes(project, document_id))
        audio.name = target.title  # named in messages
    store = ProjectTranscriptStore(project, document_id, replace_codings=force)
    transcripts.mark_transcribing(project, document_id=document_id)
    try:
        return run_transcription(
            audio_path=audio,
            options=options,
            store=store,
            reporter=reporter,
            speakers=speakers,
            speaker_names=speaker_names_for(speakers, target.case_name),
            model=model,
        )
    except BaseException:
        transcripts.stop_transcribing(project, document_id=document_id)
        raise
