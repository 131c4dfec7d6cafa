"""SRT and WebVTT transcripts: times, speakers, text and code-point offsets."""

from __future__ import annotations

import pytest

from coding.importers import ImportFormatError, decode_text, parse_srt, parse_webvtt
from tests.importers.helpers import fixture_bytes, spans


def _fixture_text(name: str) -> str:
    return decode_text(fixture_bytes(name), filename=name).text


def test_srt_with_speaker_prefixes_bom_and_crlf() -> None:
    parsed = parse_srt(_fixture_text("whisper_speakers.srt"), filename="whisper_speakers.srt")
    assert parsed.text == (
        "[00:00:01] Interviewer: Расскажите, пожалуйста, когда вы уехали?\n\n"
        "[00:00:05] Respondent: В сентябре двадцать второго, сразу после мобилизации. "
        "Мы уехали через Верхний Ларс в Тбилиси.\n\n"
        "[00:00:13] Interviewer: А почему именно Грузия?"
    )
    assert spans(parsed) == [
        (1240, 4800, "Interviewer", "Расскажите, пожалуйста, когда вы уехали?"),
        (5100, 9960, "Respondent", "В сентябре двадцать второго, сразу после мобилизации."),
        (10000, 13500, "Respondent", "Мы уехали через Верхний Ларс в Тбилиси."),
        (13900, 16020, "Interviewer", "А почему именно Грузия?"),
    ]
    assert parsed.speakers == ("Interviewer", "Respondent")


def test_srt_without_blank_lines_between_cues_and_without_speakers() -> None:
    text = (
        "1\n00:00:00,500 --> 00:00:02,000\nFirst line\n"
        "2\n00:00:02,000 --> 00:00:03,250\n<b>Second</b> line\n"
    )
    parsed = parse_srt(text, filename="tight.srt")
    assert spans(parsed) == [
        (500, 2000, None, "First line"),
        (2000, 3250, None, "Second line"),
    ]
    assert parsed.text == "[00:00:00] First line Second line"
    assert parsed.speakers == ()


def test_srt_cue_with_two_speakers_shares_its_time_by_length() -> None:
    text = (
        "1\n00:00:10,000 --> 00:00:14,000\nI: Kak dela?\nB: Horosho, spasibo.\n\n"
        "2\n00:00:14,000 --> 00:00:15,000\nI: A vy?\n"
    )
    parsed = parse_srt(text, filename="two.srt")
    assert spans(parsed) == [
        (10000, 11384, "Interviewer", "Kak dela?"),
        (11384, 14000, "Respondent", "Horosho, spasibo."),
        (14000, 15000, "Interviewer", "A vy?"),
    ]


def test_a_single_colon_phrase_is_not_taken_for_a_speaker() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nAnna: Ich bin 2022 gegangen.\n\n"
        "2\n00:00:02,000 --> 00:00:04,000\nAlso: das war so.\n\n"
        "3\n00:00:04,000 --> 00:00:05,000\nAnna: Genau.\n"
    )
    parsed = parse_srt(text, filename="also.srt")
    assert spans(parsed) == [
        (1000, 2000, "Anna", "Ich bin 2022 gegangen."),
        (2000, 4000, "Anna", "Also: das war so."),
        (4000, 5000, "Anna", "Genau."),
    ]


def test_srt_malformed_timing_names_the_line() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03,000 --> soon\nbad\n"
    with pytest.raises(ImportFormatError) as caught:
        parse_srt(text, filename="bad.srt")
    assert str(caught.value) == (
        "bad.srt has a malformed cue timing in line 6: '00:00:03,000 --> soon'"
    )


def test_srt_without_cues() -> None:
    with pytest.raises(ImportFormatError, match="it contains no cues"):
        parse_srt("Just a letter to a friend.\n", filename="letter.srt")


def test_webvtt_written_by_noscribe() -> None:
    parsed = parse_webvtt(_fixture_text("noscribe_export.vtt"), filename="noscribe_export.vtt")
    assert spans(parsed) == [
        (0, 4520, "S00", "Thanks for taking the time. When did you leave Baku?"),
        (
            4520,
            9180,
            "S01",
            "In March 2023. I had been questioned twice by the police before that.",
        ),
        (9180, 11000, "S01", "So I bought a ticket to Tbilisi & left."),
    ]
    assert parsed.speakers == ("S00", "S01")
    assert "noScribe" not in parsed.text  # NOTE blocks are comments, not speech


def test_webvtt_voices_classes_settings_and_optional_hours() -> None:
    parsed = parse_webvtt(_fixture_text("expert_voices.vtt"), filename="expert_voices.vtt")
    assert parsed.text == (
        "[00:00:01] Nino: გამარჯობა! Welcome to თბილისი.\n\n"
        "[00:00:04] Dr. Keller: Thank you & hello.\n\n"
        "[00:00:08] Nino: So you study remittances?\n\n"
        "[00:00:09] Dr. Keller: Yes, political ones."
    )
    assert spans(parsed) == [
        (1000, 4250, "Nino", "გამარჯობა! Welcome to თბილისი."),
        (4250, 8000, "Dr. Keller", "Thank you & hello."),
        (8000, 9111, "Nino", "So you study remittances?"),
        (9111, 10000, "Dr. Keller", "Yes, political ones."),
    ]
    assert parsed.speakers == ("Nino", "Dr. Keller")
    assert "color: yellow" not in parsed.text


def test_offsets_count_code_points_after_emoji() -> None:
    text = (
        "WEBVTT\n\n00:00.000 --> 00:02.000\n<v A>🙂🙂 Привет\n\n"
        "00:02.000 --> 00:03.000\n<v B>თბილისი\n"
    )
    parsed = parse_webvtt(text, filename="emoji.vtt")
    assert parsed.text == "[00:00:00] A: 🙂🙂 Привет\n\n[00:00:02] B: თბილისი"
    second = parsed.segments[1]
    # 11 + 3 + 9 + 2 + 11 + 3 code points; UTF-16 would count 41 (each emoji is two units).
    assert (second.char_start, second.char_end) == (39, 46)
    assert parsed.text[39:46] == "თბილისი"
    first = parsed.segments[0]
    assert (first.char_start, first.char_end) == (14, 23)


def test_webvtt_without_header() -> None:
    with pytest.raises(ImportFormatError) as caught:
        parse_webvtt("00:00.000 --> 00:01.000\nhi\n", filename="nohead.vtt")
    assert str(caught.value) == "nohead.vtt is not a WebVTT file: it does not begin with WEBVTT"


def test_webvtt_with_only_notes() -> None:
    with pytest.raises(ImportFormatError, match="is a WebVTT file without any cues"):
        parse_webvtt("WEBVTT\n\nNOTE nothing here\n", filename="empty.vtt")


def test_webvtt_malformed_timing_names_the_line() -> None:
    text = "WEBVTT\n\nNOTE a\n\ncue-1\n00:00.000 --> 00:xx.000\nhi\n"
    with pytest.raises(ImportFormatError) as caught:
        parse_webvtt(text, filename="bad.vtt")
    assert str(caught.value) == (
        "bad.vtt has a malformed cue timing in line 6: '00:00.000 --> 00:xx.000'"
    )


def test_webvtt_cues_with_empty_text_only() -> None:
    text = "WEBVTT\n\n00:00.000 --> 00:01.000\n<v A></v>\n"
    with pytest.raises(ImportFormatError, match="contains no transcript text"):
        parse_webvtt(text, filename="silent.vtt")


def test_srt_arrow_inside_cue_text_is_text() -> None:
    text = "1\n00:00:01,000 --> 00:00:03,000\nMoscow --> Tbilisi --> Berlin\n"
    parsed = parse_srt(text, filename="arrow.srt")
    assert spans(parsed) == [(1000, 3000, None, "Moscow --> Tbilisi --> Berlin")]
