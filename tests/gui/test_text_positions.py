"""Code points <-> UTF-16 at the GUI boundary, with astral emoji and Georgian text."""

from __future__ import annotations

import pytest

from app.gui.text_positions import PositionMap, to_code_point, to_utf16, utf16_length

GEORGIAN = "გამარჯობა, მეგობარო"  # Georgian sits in the BMP: one unit per letter
MIXED = "Привет 🙂 გამარჯობა 🇬🇪 and 😀!"


def utf16_index(text: str, code_point: int) -> int:
    return len(text[:code_point].encode("utf-16-le")) // 2


def test_lengths() -> None:
    assert utf16_length("abc") == 3
    assert utf16_length(GEORGIAN) == len(GEORGIAN)
    assert utf16_length("🙂") == 2
    assert utf16_length(MIXED) == len(MIXED.encode("utf-16-le")) // 2


@pytest.mark.parametrize("text", ["", "plain ascii", GEORGIAN, "Страх и надежда", MIXED, "🙂🙂🙂"])
def test_round_trip_at_every_character(text: str) -> None:
    positions = PositionMap(text)
    for code_point in range(len(text) + 1):
        unit = positions.to_utf16(code_point)
        assert unit == utf16_index(text, code_point)
        assert positions.to_code_point(unit) == code_point


def test_georgian_and_cyrillic_are_identity() -> None:
    positions = PositionMap(GEORGIAN + " Страх")
    assert positions.identity
    assert positions.to_utf16(7) == 7


def test_emoji_shift_later_positions() -> None:
    text = "a🙂b"
    assert to_utf16(text, 1) == 1
    assert to_utf16(text, 2) == 3  # 'b' after a two-unit emoji
    assert to_code_point(text, 3) == 2


def test_inside_a_surrogate_pair_rounds_down() -> None:
    text = "a🙂b"
    assert to_code_point(text, 2) == 1


def test_span_end_inside_a_pair_keeps_the_character() -> None:
    positions = PositionMap("x😀y")
    assert positions.span_to_code_points(1, 2) == (1, 2)
    assert positions.span_to_code_points(0, 4) == (0, 3)


def test_out_of_range_positions_are_clamped() -> None:
    positions = PositionMap("🙂ab")
    assert positions.to_utf16(-5) == 0
    assert positions.to_utf16(99) == 4
    assert positions.to_code_point(99) == 3


def test_flag_is_two_astral_characters() -> None:
    text = "🇬🇪x"
    positions = PositionMap(text)
    assert len(text) == 3
    assert positions.to_utf16(2) == 4
    assert positions.to_code_point(4) == 2
