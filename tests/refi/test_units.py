"""The small rules the exchange depends on: positions, GUID spellings, descriptions, times."""

from __future__ import annotations

import unicodedata
from datetime import datetime

import pytest

from coding.refi.codebook_xml import normalise_color, split_description
from coding.refi.guids import normalise_guid
from coding.refi.positions import Probe, TextPositions, read_positions
from coding.refi.variables import transcoda_type
from coding.refi.xml_tools import parse_datetime, xml_safe

RAW = "Первая строка\r\nსტრიქონი 😀 two\r\nthird"


def _quote(positions: TextPositions, start: int, end: int) -> str:
    a, b = positions.to_text(start), positions.to_text(end)
    assert a is not None and b is not None
    return positions.text[a:b]


def test_crlf_counted_as_two_maps_onto_normalised_text() -> None:
    start = RAW.index("😀")
    positions = TextPositions(RAW, crlf_as_two=True)
    assert positions.text == RAW.replace("\r\n", "\n")
    assert _quote(positions, start, start + 5) == "😀 two"
    assert positions.to_text(len(RAW)) == len(positions.text)
    assert positions.to_text(len(RAW) + 1) is None and positions.to_text(-1) is None


def test_crlf_convention_is_read_from_selection_names() -> None:
    flat = RAW.replace("\r\n", "\n")
    two = Probe(RAW.index("სტრიქონი"), RAW.index("სტრიქონი") + 8, "სტრიქონი")
    one = Probe(flat.index("სტრიქონი"), flat.index("სტრიქონი") + 8, "1:3 სტრიქონი...")
    assert read_positions(RAW, [two], "MAXQDA").crlf_as_two
    assert not read_positions(RAW, [one], "NVivo").crlf_as_two


def test_crlf_convention_without_names_follows_bounds_then_tool() -> None:
    beyond = Probe(len(RAW) - 2, len(RAW), "")
    assert read_positions(RAW, [beyond], "ATLAS.ti 9").crlf_as_two
    assert not read_positions(RAW, [Probe(0, 3, "")], "ATLAS.ti 9").crlf_as_two
    assert read_positions(RAW, [Probe(0, 3, "")], "NVivo 14").crlf_as_two
    assert not read_positions("no line ends", [], "NVivo").crlf_as_two


def test_decomposed_text_is_composed_and_positions_follow() -> None:
    raw = unicodedata.normalize("NFD", "Café Zürich: ёлка, й") + " 😀 end"
    positions = TextPositions(raw, crlf_as_two=False)
    assert positions.text == unicodedata.normalize("NFC", raw)
    start = raw.index("Zu")
    assert _quote(positions, start, start + len("Zu\u0308rich")) == "Zürich"
    emoji = raw.index("😀")
    assert _quote(positions, emoji, len(raw)) == "😀 end"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("{ABCDEF01-2345-6789-ABCD-EF0123456789}", "abcdef01-2345-6789-abcd-ef0123456789"),
        (" abcdef01-2345-6789-abcd-ef0123456789 ", "abcdef01-2345-6789-abcd-ef0123456789"),
        ("ABCDEF01‐2345‐6789‐ABCD‐EF0123456789", "abcdef01-2345-6789-abcd-ef0123456789"),
        ("abcdef01-2345-6789-abcd", None),
        (None, None),
    ],
)
def test_guid_spellings(raw: str | None, expected: str | None) -> None:
    assert normalise_guid(raw) == expected


def test_descriptions_split_into_code_fields() -> None:
    text = "Definition line.\n\nWhen to use: a\n\nWhen not to use: b\n\nExample: c\nmore"
    assert split_description(text) == {
        "definition": "Definition line.",
        "when_to_use": "a",
        "when_not_to_use": "b",
        "example": "c\nmore",
    }
    assert split_description("Plain text mentioning Example: inline")["example"] == ""


def test_colours_times_and_types() -> None:
    assert normalise_color("#abc") == "#AABBCC"
    assert normalise_color("00ff7f") == "#00FF7F"
    assert normalise_color("red") is None
    assert parse_datetime("2024-03-05T14:30:15Z") == datetime(2024, 3, 5, 14, 30, 15)
    assert parse_datetime("2024-03-05T16:30:15+02:00") == datetime(2024, 3, 5, 14, 30, 15)
    assert parse_datetime("2024-03-05 14:30:15") == datetime(2024, 3, 5, 14, 30, 15)
    assert parse_datetime("yesterday") is None
    assert transcoda_type("Boolean", "").choices == ("true", "false")
    assert transcoda_type("Text", "Choices:\na\nb\na").choices == ("a", "b")
    assert transcoda_type("DateTime", "").kind == "text"
    assert xml_safe("a\x00b\x1fc\td") == "abc\td"
