"""Correcting a transcript moves codings and segments with the text instead of corrupting them."""

from __future__ import annotations

import pytest

from coding import codings, documents, history, queries, text_edit
from coding.project import Project
from coding.text_edit import shift_span
from models.transcript_layout import TimedText, lay_out
from tests.domain.helpers import MIXED_TEXT, add_code, add_doc, span_of


@pytest.mark.parametrize(
    ("span", "edit", "length", "expected"),
    [
        ((10, 20), (0, 0), 3, (13, 23)),  # insertion before
        ((10, 20), (25, 30), 0, (10, 20)),  # deletion after
        ((10, 20), (10, 10), 2, (12, 22)),  # insertion exactly at the start stays outside
        ((10, 20), (20, 20), 2, (10, 20)),  # insertion exactly at the end stays outside
        ((10, 20), (12, 15), 1, (10, 18)),  # replacement inside
        ((10, 20), (5, 12), 1, (5, 14)),  # replacement over the start joins the span
        ((10, 20), (15, 25), 4, (10, 19)),  # replacement over the end joins the span
        ((10, 20), (5, 25), 0, (5, 5)),  # the whole span deleted
        ((10, 20), (10, 20), 6, (10, 16)),  # the whole span replaced
    ],
)
def test_shift_rule(
    span: tuple[int, int], edit: tuple[int, int], length: int, expected: tuple[int, int]
) -> None:
    assert shift_span(*span, *edit, length) == expected


def test_edit_before_a_coding_keeps_its_quote(project: Project) -> None:
    document = add_doc(project)
    fear = add_code(project, "Fear")
    start, end = span_of(MIXED_TEXT, "feared the police")
    codings.apply_coding(project, document_id=document, code_id=fear, start=start, end=end)
    # Replace a Cyrillic word before the coding by an emoji-laden one, and fix a typo after it.
    at = MIXED_TEXT.index("Москва")
    text_edit.replace_text(
        project, document_id=document, start=at, end=at + 6, replacement="Тбилиси 🏔️🏔️"
    )
    [view] = queries.list_codings(project)
    assert view.text == "feared the police"
    detail = queries.get_document(project, document)
    assert "Тбилиси 🏔️🏔️" in detail.text
    history.undo(project)
    [view] = queries.list_codings(project)
    assert (view.start, view.end) == (start, end)
    assert queries.get_document(project, document).text == MIXED_TEXT


def test_correcting_a_word_inside_a_coding_keeps_it_coded(project: Project) -> None:
    document = add_doc(project)
    fear = add_code(project, "Fear")
    start, end = span_of(MIXED_TEXT, "feared the police")
    codings.apply_coding(project, document_id=document, code_id=fear, start=start, end=end)
    at = MIXED_TEXT.index("the police")
    text_edit.replace_text(project, document_id=document, start=at, end=at + 3, replacement="our")
    [view] = queries.list_codings(project)
    assert view.text == "feared our police"


def test_deleting_a_coded_passage_removes_the_coding_and_undo_restores_it(project: Project) -> None:
    document = add_doc(project)
    fear = add_code(project, "Fear")
    start, end = span_of(MIXED_TEXT, "feared")
    codings.apply_coding(project, document_id=document, code_id=fear, start=start, end=end)
    text_edit.replace_text(
        project, document_id=document, start=start - 1, end=end + 1, replacement=" "
    )
    assert queries.list_codings(project) == []
    history.undo(project)
    assert [view.text for view in queries.list_codings(project)] == ["feared"]


def test_set_text_moves_segments_and_codings(project: Project) -> None:
    laid = lay_out(
        [
            TimedText(0, 2000, "Interviewer", "Почему вы уехали?"),
            TimedText(2500, 9000, "Respondent", "Из-за страха 😨 перед полицией."),
            TimedText(9500, 12000, "Interviewer", "Спасибо."),
        ]
    )
    document = documents.add_document(
        project, title="Transcript", text=laid.text, segments=laid.segments
    ).id
    assert document is not None
    fear = add_code(project, "Fear")
    start, end = span_of(laid.text, "страха 😨")
    codings.apply_coding(project, document_id=document, code_id=fear, start=start, end=end)
    new_text = laid.text.replace("Почему вы уехали?", "Почему именно вы уехали в 2022?")
    text_edit.set_text(project, document_id=document, text=new_text)
    detail = queries.get_document(project, document)
    assert [detail.text[s.char_start : s.char_end] for s in detail.segments] == [
        "Почему именно вы уехали в 2022?",
        "Из-за страха 😨 перед полицией.",
        "Спасибо.",
    ]
    assert [(s.start_ms, s.speaker) for s in detail.segments] == [
        (0, "Interviewer"),
        (2500, "Respondent"),
        (9500, "Interviewer"),
    ]
    assert detail.codings[0].text == "страха 😨"


def test_rename_speaker_relabels_every_turn(project: Project) -> None:
    laid = lay_out(
        [
            TimedText(0, 1000, "S1", "Hello."),
            TimedText(1000, 2000, "S2", "Hi."),
            TimedText(2000, 3000, "S1", "How are you?"),
        ]
    )
    document = documents.add_document(project, title="T", text=laid.text, segments=laid.segments).id
    assert document is not None
    fear = add_code(project, "Greeting")
    start, end = span_of(laid.text, "Hi.")
    codings.apply_coding(project, document_id=document, code_id=fear, start=start, end=end)
    s1 = next(s for s in queries.speakers(project, document) if s.label == "S1")
    documents.rename_speaker(project, speaker_id=s1.id, name="Interviewer (Нина)")
    detail = queries.get_document(project, document)
    assert detail.text.count("Interviewer (Нина): ") == 2 and "S1:" not in detail.text
    assert detail.codings[0].text == "Hi."
    assert [s.speaker for s in detail.segments] == [
        "Interviewer (Нина)",
        "S2",
        "Interviewer (Нина)",
    ]
    history.undo(project)
    assert queries.get_document(project, document).text == laid.text


def test_several_edits_in_one_operation_move_each_row_once(project: Project) -> None:
    from coding import lookup
    from coding.operations import operation

    laid = lay_out(
        [
            TimedText(0, 4000, "Иван Петров", "Я жил в Москве."),
            TimedText(4000, 9000, "Interviewer", "А потом? 🙂"),
        ]
    )
    document_id = documents.add_document(
        project, title="t", text=laid.text, segments=laid.segments
    ).id
    assert document_id is not None
    with operation(project, "Two edits") as op:
        document = lookup.document(op.session, document_id)
        at = laid.text.index("Москве")
        text_edit.replace_in(op.session, document, at, at + 6, "[PLACE-1]")
        at = laid.text.index("Иван Петров")
        text_edit.replace_in(op.session, document, at, at + 11, "Р1")
    detail = queries.get_document(project, document_id)
    assert [detail.text[s.char_start : s.char_end] for s in detail.segments] == [
        "Я жил в [PLACE-1].",
        "А потом? 🙂",
    ]
    history.undo(project)
    assert queries.get_document(project, document_id).text == laid.text
