"""Transcript files: every format issue 6 names imports with its timings; exports read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from coding.errors import InvalidInput
from coding.imports import import_files, parse_file
from coding.project import Project
from coding.refi import export_transcript_file
from models.entities import Document
from tests.refi.builders import TURNS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


@pytest.mark.parametrize(
    ("name", "segments", "first", "last"),
    [
        ("noscribe_interview_12.html", 6, (0, 4180, "S00"), (17300, 21050, "S01")),
        ("expert_voices.vtt", 4, (1000, 4250, "Nino"), (9111, 10000, "Dr. Keller")),
        ("noscribe_export.vtt", 3, (0, 4520, "S00"), (9180, 11000, "S01")),
        ("whisper_speakers.srt", 4, (1240, 4800, "Interviewer"), (13900, 16020, "Interviewer")),
        ("f4_interview_de.txt", 4, (0, 7200, "Interviewer"), (25000, 39400, "Respondent")),
        ("qualcoder_stamps.txt", 4, (5000, 12000, "Interviewer"), (69000, 72200, "Respondent")),
        ("stamped_ru.txt", 5, (0, 3000, None), (20000, 22000, "Анна")),
    ],
)
def test_transcript_files_import_with_their_timings(
    project: Project,
    name: str,
    segments: int,
    first: tuple[int, int, str | None],
    last: tuple[int, int, str | None],
) -> None:
    _, imported = import_files(project, paths=[FIXTURES / name])
    assert imported[0].segments == segments
    with project.reading() as session:
        document = session.scalars(select(Document)).one()
        timings = [
            (s.start_ms, s.end_ms, s.speaker.name if s.speaker else None) for s in document.segments
        ]
    assert timings[0] == first and timings[-1] == last


def test_docx_transcript_imports_with_its_timings(tmp_path: Path) -> None:
    import docx

    word = docx.Document()
    word.add_paragraph("I: Wie war die Ausreise? #00:00:04-5#")
    word.add_paragraph("B: Schwer. Я боялась 😨. #00:00:12-0#")
    word.add_paragraph("I: Und heute? #00:00:15-2#")
    word.add_paragraph("B: Besser, in თბილისი. #00:00:20-9#")
    word.save(str(tmp_path / "f4.docx"))
    parsed = parse_file(tmp_path / "f4.docx")
    assert [(s.end_ms, s.speaker) for s in parsed.segments] == [
        (4500, "Interviewer"),
        (12000, "Respondent"),
        (15200, "Interviewer"),
        (20900, "Respondent"),
    ]
    assert parsed.text[parsed.segments[1].char_start : parsed.segments[1].char_end] == (
        "Schwer. Я боялась 😨."
    )


def _audio_document(project: Project) -> int:
    with project.reading() as session:
        return session.scalars(select(Document.id).where(Document.title == "Аудио 3")).one()


def _expected() -> list[tuple[int, int, str | None, str]]:
    return [(t.start_ms, t.end_ms, t.speaker, t.text) for t in TURNS]


@pytest.mark.parametrize(("fmt", "suffix"), [("srt", ".srt"), ("vtt", ".vtt")])
def test_subtitle_exports_read_back_exactly(
    rich: Project, tmp_path: Path, fmt: str, suffix: str
) -> None:
    out = tmp_path / f"t{suffix}"
    count = export_transcript_file(rich, out, document_id=_audio_document(rich), fmt=fmt)  # type: ignore[arg-type]
    assert count == 4
    parsed = parse_file(out)
    got = [
        (s.start_ms, s.end_ms, s.speaker, parsed.text[s.char_start : s.char_end])
        for s in parsed.segments
    ]
    assert got == _expected()


def test_f4_export_reads_back_with_its_end_stamps(rich: Project, tmp_path: Path) -> None:
    out = tmp_path / "t.txt"
    export_transcript_file(rich, out, document_id=_audio_document(rich), fmt="f4")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("Интервьюер: Когда вы уехали? 🤔 #00:00:05-4#\n\nНино: ")
    parsed = parse_file(out)
    # f4 stamps mark where speech ends, to a tenth of a second
    assert [s.end_ms for s in parsed.segments] == [5400, 9100, 12000, 15000]
    assert [parsed.text[s.char_start : s.char_end] for s in parsed.segments][2:] == [
        "Было страшно.",
        "Спасибо 🙏",
    ]


def test_vtt_escapes_markup_and_srt_keeps_cues_on_one_line(
    project: Project, tmp_path: Path
) -> None:
    from coding.documents import add_document
    from models.transcript_layout import TimedText, lay_out

    laid = lay_out(
        [TimedText(0, 1500, "A <b>", "x < y & z"), TimedText(1500, 2000, None, "a\n\nb --> c")]
    )
    changes = add_document(project, title="t", text=laid.text, segments=laid.segments)
    assert changes.id is not None
    export_transcript_file(project, tmp_path / "t.vtt", document_id=changes.id, fmt="vtt")
    assert "<v A &lt;b&gt;>x &lt; y &amp; z" in (tmp_path / "t.vtt").read_text()
    export_transcript_file(project, tmp_path / "t.srt", document_id=changes.id, fmt="srt")
    assert "2\n00:00:01,500 --> 00:00:02,000\na b -> c\n" in (tmp_path / "t.srt").read_text()


def test_docx_export_and_untimed_documents(rich: Project, tmp_path: Path) -> None:
    out = tmp_path / "t.docx"
    assert export_transcript_file(rich, out, document_id=_audio_document(rich), fmt="docx") == 3
    assert out.stat().st_size > 0
    with rich.reading() as session:
        plain = session.scalars(select(Document.id).where(Document.title == "ინტერვიუ 2")).one()
    with pytest.raises(InvalidInput, match="has no timed transcript"):
        export_transcript_file(rich, tmp_path / "x.srt", document_id=plain, fmt="srt")
    assert not (tmp_path / "x.srt").exists()
