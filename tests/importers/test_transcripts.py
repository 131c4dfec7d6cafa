"""Telling transcripts from ordinary documents, and parsing any transcript file."""

from __future__ import annotations

import pytest

from coding.importers import (
    ImportFormatError,
    detect_transcript_format,
    document_text,
    parse_docx_transcript,
    parse_transcript,
)
from tests.importers.helpers import fixture_bytes, spans, word_docx

F4_TEXT = fixture_bytes("f4_interview_de.txt").decode("utf-8")


@pytest.mark.parametrize(
    ("filename", "text", "expected"),
    [
        ("a.srt", "anything", "srt"),
        ("a.VTT", "anything", "webvtt"),
        ("a.txt", "WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n", "webvtt"),
        ("a.txt", "1\n00:00:01,000 --> 00:00:02,000\nhi\n", "srt"),
        ("a.html", '<p><a name="ts_0_10_S00">x</a></p>', "noscribe"),
        ("a.html", "<p>An ordinary web page</p>", None),
        ("a.txt", "[00:00:01] I: Frage\n[00:00:05] B: Antwort\n", "stamped_text"),
        ("a.txt", "[00.00.05] Interviewer: a\n[00.00.12] Respondent: b\n", "stamped_text"),
        ("a.txt", F4_TEXT, "stamped_text"),
        ("a.txt", "Dear diary,\nwe met at [12:30] near the station.\nIt rained.\n", None),
        ("a.txt", "I: Hallo\nB: Hallo\n", None),
        ("a.md", "# Notizen\n\nNichts Zeitliches.\n", None),
    ],
)
def test_detect_transcript_format(filename: str, text: str, expected: str | None) -> None:
    assert detect_transcript_format(filename, text) == expected


def test_a_long_essay_with_two_times_stays_a_document() -> None:
    essay = "\n".join(f"Absatz {i}: ein ganz gewöhnlicher Text." for i in range(40))
    essay += "\nUm [10:15] begann es, um [11:20] endete es.\n"
    assert detect_transcript_format("essay.txt", essay) is None


@pytest.mark.parametrize(
    ("name", "speakers", "segments"),
    [
        ("whisper_speakers.srt", ("Interviewer", "Respondent"), 4),
        ("noscribe_export.vtt", ("S00", "S01"), 3),
        ("expert_voices.vtt", ("Nino", "Dr. Keller"), 4),
        ("f4_interview_de.txt", ("Interviewer", "Respondent"), 4),
        ("stamped_ru.txt", ("Интервьюер", "Анна"), 5),
        ("qualcoder_stamps.txt", ("Interviewer", "Respondent"), 4),
        ("noscribe_interview_12.html", ("S00", "S01"), 6),
    ],
)
def test_every_fixture_parses_through_the_single_entry_point(
    name: str, speakers: tuple[str, ...], segments: int
) -> None:
    parsed = parse_transcript(fixture_bytes(name), filename=name)
    assert parsed.speakers == speakers
    assert len(parsed.segments) == segments
    for segment in parsed.segments:
        assert 0 <= segment.start_ms <= segment.end_ms
        words = parsed.text[segment.char_start : segment.char_end]
        assert words == words.strip() and words


def test_legacy_encoded_transcript_and_user_encoding() -> None:
    text = "[00:00:01] Интервьюер: Когда?\n[00:00:04] Анна: В сентябре.\n"
    data = text.replace("\n", "\r\n").encode("cp1251")
    parsed = parse_transcript(data, filename="ru.txt")
    assert spans(parsed) == [
        (1000, 4000, "Интервьюер", "Когда?"),
        (4000, 5000, "Анна", "В сентябре."),
    ]
    forced = parse_transcript(data, filename="ru.txt", encoding="cp1251")
    assert forced == parsed


def test_forced_format_skips_detection() -> None:
    data = b"[00:00:01] only one stamp in a long text"
    assert detect_transcript_format("x.txt", data.decode()) is None
    parsed = parse_transcript(data, filename="x.txt", transcript_format="stamped_text")
    # Seven words at about 150 words a minute.
    assert spans(parsed) == [(1000, 3800, None, "only one stamp in a long text")]


def test_ordinary_text_is_not_a_transcript() -> None:
    with pytest.raises(ImportFormatError) as caught:
        parse_transcript(b"Ein ganz normaler Brief.\n", filename="brief.txt")
    assert str(caught.value).startswith(
        "brief.txt does not look like a timed transcript: it has no subtitle cues"
    )


def test_docx_transcript_with_stamps() -> None:
    data = word_docx(
        [
            "Interview 5 (fiktiv)",
            "[00:00:02] I: Wann sind Sie nach Tiflis gezogen? 🙂",
            "[00:00:06] B: Im Oktober 2022, mit meinem Bruder.",
            "[00:00:11] I: Und Ihre Eltern?",
        ]
    )
    parsed = parse_docx_transcript(data, filename="interview5.docx")
    assert spans(parsed) == [
        (0, 2000, None, "Interview 5 (fiktiv)"),
        (2000, 6000, "Interviewer", "Wann sind Sie nach Tiflis gezogen? 🙂"),
        (6000, 11000, "Respondent", "Im Oktober 2022, mit meinem Bruder."),
        (11000, 12200, "Interviewer", "Und Ihre Eltern?"),
    ]
    assert parse_transcript(data, filename="interview5.docx") == parsed


def test_docx_transcript_in_f4_style_with_a_table_row() -> None:
    data = word_docx(
        ["I: Wie war die Ausreise? #00:00:04-5#", "B: Nervös. #00:00:09-0#"],
        table=[["Ort", "Tiflis"]],
    )
    parsed = parse_docx_transcript(data, filename="f4.docx")
    assert spans(parsed) == [
        (0, 4500, "Interviewer", "Wie war die Ausreise?"),
        (4500, 9000, "Respondent", "Nervös."),
        (9000, 10000, "Respondent", "Ort Tiflis"),
    ]


def test_docx_without_stamps_is_not_a_transcript_but_is_a_document() -> None:
    data = word_docx(["Feldnotiz: Treffen im Café.", "Keine Zeitmarken."])
    with pytest.raises(ImportFormatError, match="does not look like a timed transcript"):
        parse_docx_transcript(data, filename="notiz.docx")
    document = document_text(data, filename="notiz.docx")
    assert document.text == "Feldnotiz: Treffen im Café.\nKeine Zeitmarken."
    assert document.encoding is None


def test_document_text_reads_markdown_and_legacy_text() -> None:
    markdown = document_text(b"# Titel\n\n**Fett**", filename="n.md")
    assert (markdown.text, markdown.encoding) == ("Titel\n\nFett", "utf-8")
    legacy = document_text("Привет, мир".encode("cp1251"), filename="r.txt")
    assert (legacy.text, legacy.encoding) == ("Привет, мир", "cp1251")
