"""Units for agreement: paragraphs, speaker turns, sentences, in code points."""

from __future__ import annotations

from coding.team.units import nonspace_prefix, paragraphs, sentences, turns, units_of
from models.transcript_layout import TimedText, lay_out


def texts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in spans]


def test_paragraphs_split_at_blank_lines_or_else_at_lines() -> None:
    text = "😀 First paragraph\nstill first.\n\n  Second — თბილისი.\n\n\n"
    assert texts(text, paragraphs(text)) == [
        "😀 First paragraph\nstill first.",
        "Second — თბილისი.",
    ]
    lines = "one line\nanother line\n"
    assert texts(lines, paragraphs(lines)) == ["one line", "another line"]
    assert paragraphs("   \n ") == []


def test_turns_join_a_speakers_segments_and_leave_out_stamps_and_names() -> None:
    laid = lay_out(
        [
            TimedText(0, 1000, "Interviewer", "Как вы решили уехать?"),
            TimedText(1000, 2000, "Respondent", "Мы уехали."),
            TimedText(2000, 3000, "Respondent", "В Тбилиси 🇬🇪."),
            TimedText(3000, 4000, "Interviewer", "Почему?"),
        ]
    )
    speakers = {"Interviewer": 1, "Respondent": 2}
    segments = [(s.char_start, s.char_end, speakers[s.speaker or ""]) for s in laid.segments]
    assert texts(laid.text, turns(laid.text, segments)) == [
        "Как вы решили уехать?",
        "Мы уехали. В Тбилиси 🇬🇪.",
        "Почему?",
    ]


def test_a_document_without_transcript_falls_back_to_paragraphs() -> None:
    text = "First.\n\nSecond."
    assert units_of("turn", text) == paragraphs(text)


def test_sentences_stay_inside_paragraphs() -> None:
    text = "Я уехал в 2022 году. Мне было страшно!\n\nNow I hope. Really"
    assert texts(text, sentences(text, "ru")) == [
        "Я уехал в 2022 году.",
        "Мне было страшно!",
        "Now I hope.",
        "Really",
    ]
    assert texts(text, sentences(text, "no-such-language")) == texts(text, sentences(text, ""))


def test_nonspace_prefix_counts_code_points_not_bytes() -> None:
    prefix = nonspace_prefix("😀 a\nб")
    assert list(prefix) == [0, 1, 1, 2, 2, 3]
