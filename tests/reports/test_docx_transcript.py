"""The transcript report and the turns it is cut into."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from coding import documents, queries
from coding.errors import NotFound
from coding.queries import SegmentView, SpeakerView
from coding.reports import export_transcript
from coding.reports.transcript_turns import Turn, turns
from models.progress import Cancelled
from models.transcript_layout import TimedText, lay_out
from tests.reports.conftest import FAMILY, FLAG, Study
from tests.reports.docx_reading import paragraphs, tables


def test_transcript_has_details_and_a_paragraph_per_turn(study: Study, tmp_path: Path) -> None:
    out = tmp_path / "transcript.docx"
    assert export_transcript(study.project, out, document_id=study.docs["Interview R-01"]) == 4
    assert paragraphs(out)[0] == ("Title", "Interview R-01")
    assert tables(out) == [
        [
            ["Case", "R-01"],
            ["Date", "2024-03-14"],
            ["Interviewer", "Maria K."],
            ["Language", "Russian"],
            ["Kind", "Semi-structured interview"],
            ["Transcript", "Draft"],
        ]
    ]
    body = [text for style, text in paragraphs(out) if style == "Normal"]
    assert body == [
        "Interviewer [00:00:00] Расскажите, почему вы уехали?",
        f"Nino [00:00:05] Тбилиси {FLAG} თბილისი {FAMILY} — we left in March. "
        "I was afraid of the knock at the door.",
        "Interviewer [00:01:05] А что дальше?",
        "Nino [01:02:05] Now I hope to go back one day ✨.",
    ]


def test_speaker_names_are_bold_and_stamps_are_not(study: Study, tmp_path: Path) -> None:
    out = tmp_path / "transcript.docx"
    export_transcript(study.project, out, document_id=study.docs["Interview R-01"])
    turn = next(p for p in docx.Document(str(out)).paragraphs if p.text.startswith("Nino"))
    runs = [(run.text, bool(run.bold)) for run in turn.runs]
    assert runs[0] == ("Nino", True)
    assert not any(bold for text, bold in runs[1:])
    assert re.search(r"\[00:00:05\]", "".join(text for text, _ in runs[1:]))


def test_document_without_segments_keeps_its_paragraphs(study: Study, tmp_path: Path) -> None:
    out = tmp_path / "plain.docx"
    assert export_transcript(study.project, out, document_id=study.docs["Interview A-01"]) == 2
    body = [text for style, text in paragraphs(out) if style == "Normal"]
    assert body == [
        f"Bakı → Tbilisi {FLAG}. ჩვენ ერთად ვართ {FAMILY}.",
        "Our neighbours helped us: they brought bread every day.\nSecond line of the paragraph.",
    ]
    assert tables(out)[0][0] == ["Case", "A-01"]


def test_unknown_document_and_cancel(study: Study, tmp_path: Path) -> None:
    out = tmp_path / "t.docx"
    with pytest.raises(NotFound):
        export_transcript(study.project, out, document_id=999)

    class Stop:
        def progress(self, done: float, total: float, message: str = "") -> None:
            return None

        def cancelled(self) -> bool:
            return True

    with pytest.raises(Cancelled):
        export_transcript(
            study.project, out, document_id=study.docs["Interview R-01"], reporter=Stop()
        )
    assert not out.exists()


def test_renamed_speaker_and_pseudonymiser(study: Study, tmp_path: Path) -> None:
    speakers = {s.name: s.id for s in queries.speakers(study.project, study.docs["Interview R-01"])}
    documents.rename_speaker(study.project, speaker_id=speakers["Nino"], name="Нино Б.")
    out = tmp_path / "t.docx"
    export_transcript(
        study.project,
        out,
        document_id=study.docs["Interview R-01"],
        pseudonymise=lambda text: text.replace("Нино Б.", "R1"),
    )
    body = [text for style, text in paragraphs(out) if style == "Normal"]
    assert body[1].startswith(f"R1 [00:00:05] Тбилиси {FLAG}")
    assert body[3] == "R1 [01:02:05] Now I hope to go back one day ✨."


def segment_views(pieces: list[TimedText]) -> tuple[str, list[SegmentView]]:
    laid = lay_out(pieces)
    ids = {name: number for number, name in enumerate(sorted({p.speaker or "" for p in pieces}))}
    return laid.text, [
        SegmentView(
            id=index,
            start_ms=s.start_ms,
            end_ms=s.end_ms,
            speaker_id=ids[s.speaker] if s.speaker else None,
            speaker=s.speaker,
            char_start=s.char_start,
            char_end=s.char_end,
        )
        for index, s in enumerate(laid.segments)
    ]


def test_turns_group_pieces_of_one_speaker_and_keep_notes_between_turns() -> None:
    text, segments = segment_views(
        [
            TimedText(0, 1000, "I", "Hello."),
            TimedText(1000, 2000, "I", "How are you?"),
            TimedText(3000, 4000, "R", f"Fine {FLAG}."),
            TimedText(5000, 6000, None, "(laughs)"),
        ],
    )
    # A note typed between turns by the researcher, not part of any segment.
    note_at = text.index("\n\n[00:00:03]")
    text = text[:note_at] + "\n\n(phone rings)" + text[note_at:]
    segments = [
        s
        if s.char_start < note_at
        else SegmentView(
            s.id, s.start_ms, s.end_ms, s.speaker_id, s.speaker, s.char_start + 15, s.char_end + 15
        )
        for s in segments
    ]
    assert turns(text, segments) == [
        Turn("I", 0, "Hello. How are you?"),
        Turn(None, None, "(phone rings)"),
        Turn("R", 3000, f"Fine {FLAG}."),
        Turn(None, 5000, "(laughs)"),
    ]


def test_turn_prefix_with_an_imported_label_is_dropped() -> None:
    text = "[00:00:01] I: Добрый день.\n\n[00:00:04] R: Здравствуйте."
    segments = [
        SegmentView(1, 1000, 3000, 1, "Interviewer", text.index("Добрый"), text.index("\n")),
        SegmentView(2, 4000, 6000, 2, "Respondent", text.index("Здрав"), len(text)),
    ]
    speakers = [SpeakerView(1, "I", "Interviewer", ""), SpeakerView(2, "R", "Respondent", "")]
    assert turns(text, segments, speakers) == [
        Turn("Interviewer", 1000, "Добрый день."),
        Turn("Respondent", 4000, "Здравствуйте."),
    ]


def test_document_without_text_says_so(study: Study, tmp_path: Path) -> None:
    added = documents.add_document(study.project, title="Not transcribed yet", text="")
    assert added.id is not None
    out = tmp_path / "empty.docx"
    assert export_transcript(study.project, out, document_id=added.id) == 0
    assert ("Normal", "This document has no text yet.") in paragraphs(out)
