"""noScribe HTML transcripts, as noScribe writes them and as its editor re-saves them."""

from __future__ import annotations

import time

import pytest

from coding.importers import ImportFormatError, parse_noscribe_html
from tests.importers.helpers import fixture_bytes, spans


def test_noscribe_transcript_with_timestamps_overlap_and_pause() -> None:
    html = fixture_bytes("noscribe_interview_12.html").decode("utf-8")
    parsed = parse_noscribe_html(html, filename="interview_12.html")
    assert spans(parsed) == [
        (0, 4180, "S00", "Здравствуйте, спасибо, что согласились поговорить."),
        (4180, 7020, "S00", "Начнём с простого вопроса."),
        (7400, 12950, "S01", "Да, конечно. Я уехал из Москвы «в никуда», в Ереван."),
        (12950, 14800, "S01", "(..)"),
        (14800, 17300, "S00", "Правда?"),
        (17300, 21050, "S01", "// Да, сначала в Ереван, потом в Тбилиси."),
    ]
    assert parsed.speakers == ("S00", "S01")
    # noScribe's title and header (program version, audio path) are not speech.
    assert "noScribe" not in parsed.text
    assert "C:/Interviews" not in parsed.text
    assert parsed.text.startswith(
        "[00:00:00] S00: Здравствуйте, спасибо, что согласились поговорить. "
        "Начнём с простого вопроса.\n\n[00:00:07] S01: Да, конечно."
    )


def test_editor_saved_file_with_empty_anchors() -> None:
    html = (
        "<html><body>"
        '<p><a name="ts_0_1500_Ana"></a><span style="x">Ana: Hola, </span>'
        '<a name="ts_1500_2600_Ana"></a><span>გამარჯობა</span></p>'
        '<p><a name="ts_2600_4000_Ben"></a>Ben: Hi<br/>there &amp; bye</p>'
        "</body></html>"
    )
    parsed = parse_noscribe_html(html, filename="edited.html")
    assert spans(parsed) == [
        (0, 1500, "Ana", "Hola,"),
        (1500, 2600, "Ana", "გამარჯობა"),
        (2600, 4000, "Ben", "Hi there & bye"),
    ]


def test_without_speaker_detection_the_speaker_is_empty() -> None:
    html = '<p><a name="ts_500_2000_" >Ein Satz.</a><a name="ts_2000_3100_" > Noch einer.</a></p>'
    parsed = parse_noscribe_html(html, filename="plain.html")
    assert spans(parsed) == [(500, 2000, None, "Ein Satz."), (2000, 3100, None, "Noch einer.")]
    assert parsed.speakers == ()


def test_html_without_noscribe_anchors() -> None:
    with pytest.raises(ImportFormatError) as caught:
        parse_noscribe_html("<html><body><p>Just a page</p></body></html>", filename="page.html")
    assert str(caught.value) == (
        "page.html is not a noScribe transcript: it has no timestamp anchors "
        '(<a name="ts_START_END_SPEAKER">)'
    )


def test_entity_declarations_in_html_are_never_expanded() -> None:
    html = (
        '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY lol "lololol">]>'
        '<p><a name="ts_0_900_S00">S00: &xxe; &lol; &amp; ok</a></p>'
    )
    parsed = parse_noscribe_html(html, filename="evil.html")
    assert spans(parsed) == [(0, 900, "S00", "&xxe; &lol; & ok")]
    assert "root:" not in parsed.text


def test_malformed_markup_is_read_in_linear_time() -> None:
    html = '<p><a name="ts_0_900_S00">S00: Начало.</a>' + "<a <b " * 300_000
    started = time.perf_counter()
    parsed = parse_noscribe_html(html, filename="broken.html")
    # Python 3.11's own HTMLParser needs hours for this input.
    assert time.perf_counter() - started < 10
    assert spans(parsed) == [(0, 900, "S00", "Начало.")]


def test_empty_document_is_a_clear_error() -> None:
    with pytest.raises(ImportFormatError, match=r"^e\.html is not readable HTML \("):
        parse_noscribe_html("", filename="e.html")
