"""decode_text: encodings these researchers meet, binary refusal, normalisation, speed."""

from __future__ import annotations

import time

import pytest

from coding.importers import ImportFormatError, decode_text
from tests.importers.helpers import fixture_bytes

RUSSIAN = (
    "Интервью 4 (вымышленное). Тбилиси, март 2024 года.\n\n"
    "Когда объявили мобилизацию, я понял, что нужно уезжать. Мы собрали вещи за два дня.\n"
    "Родители остались в Москве, и я до сих пор чувствую вину перед ними.\n"
)
GERMAN = (
    "Interview 9 (fiktiv), Berlin\n\n"
    "Ich bin im März 2022 nach Deutschland gekommen. Die Sprache war schwierig,\n"
    "aber die Nachbarn waren freundlich – „Willkommen“, haben sie gesagt.\n"
)


def test_utf8_with_georgian_and_emoji_is_read_exactly() -> None:
    text = "Grüße aus თბილისი 🙂\nВторая строка"
    decoded = decode_text(text.encode("utf-8"), filename="notes.txt")
    assert decoded.text == text
    assert decoded.encoding == "utf-8"
    assert decoded.confidence == 1.0


def test_utf8_bom_and_crlf_are_removed() -> None:
    decoded = decode_text(fixture_bytes("interview_en_bom_crlf.txt"), filename="i.txt")
    assert decoded.text == (
        "Interview 2 (fictional)\n"
        "I left Baku in 2023 and settled in თბილისი. 🙂 Life here is calmer.\n"
    )
    assert decoded.encoding == "utf-8-sig"


def test_utf16_with_bom_and_crlf_as_windows_notepad_writes_it() -> None:
    decoded = decode_text(fixture_bytes("interview_de_utf16.txt"), filename="i.txt")
    assert decoded.text == GERMAN
    assert decoded.encoding == "utf-16-le"
    assert decoded.confidence == 1.0


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_unicode_without_bom_is_recognised_by_its_zero_bytes(codec: str) -> None:
    decoded = decode_text(RUSSIAN.encode(codec), filename="i.txt")
    assert decoded.text == RUSSIAN
    assert decoded.encoding == codec


def test_utf32_with_bom() -> None:
    decoded = decode_text("\ufeffთბილისი, 2024\n".encode("utf-32-le"), filename="g.txt")
    assert decoded.text == "თბილისი, 2024\n"
    assert decoded.encoding == "utf-32-le"


def test_cp1251_russian_with_crlf() -> None:
    data = fixture_bytes("interview_ru_cp1251.txt")
    assert b"\r\n" in data
    decoded = decode_text(data, filename="interview_ru.txt")
    assert decoded.text == RUSSIAN
    assert decoded.encoding == "cp1251"
    assert 0.5 <= decoded.confidence < 1.0


def test_koi8r_russian() -> None:
    decoded = decode_text(fixture_bytes("interview_ru_koi8r.txt"), filename="interview_ru.txt")
    assert decoded.text == RUSSIAN
    assert decoded.encoding == "koi8-r"


def test_short_cp1251_text_still_prefers_cp1251() -> None:
    decoded = decode_text("Да, конечно.".encode("cp1251"), filename="a.txt")
    assert decoded.text == "Да, конечно."
    assert decoded.encoding == "cp1251"


def test_cp1252_german() -> None:
    decoded = decode_text(fixture_bytes("interview_de_cp1252.txt"), filename="de.txt")
    assert decoded.text == GERMAN
    assert decoded.encoding == "cp1252"


def test_cp1254_for_legacy_azerbaijani_latin() -> None:
    # Legacy Azerbaijani files replace ə (absent from cp1254) by ä.
    text = "Män Bakıdan çıxdım. Şähärdä qorxu var idi, ağır günlär idi. İş tapmaq çätin oldu."
    decoded = decode_text(text.encode("cp1254"), filename="az.txt")
    assert decoded.text == text
    assert decoded.encoding == "cp1254"


def test_legacy_georgian_font_encoding_does_not_crash() -> None:
    # Pre-Unicode Georgian fonts put letters in the upper half of a single-byte code page;
    # no codec exists for them, so the text comes back readable as bytes, not as Georgian.
    data = bytes([0xC0, 0xC1, 0xD2, 0xD3, 0x20, 0xE0, 0xE1, 0xE5, 0x2E, 0x0A]) * 20
    decoded = decode_text(data, filename="ka.txt")
    assert len(decoded.text) == len(data)
    assert decoded.encoding in {"cp1251", "koi8-r", "cp1252", "cp1254", "iso8859-1"}


def test_user_choice_overrides_detection() -> None:
    data = RUSSIAN.encode("cp1251")
    decoded = decode_text(data, filename="ru.txt", encoding="KOI8-R")
    assert decoded.text == data.decode("koi8-r")
    assert decoded.encoding == "koi8-r"
    assert decoded.confidence == 1.0


def test_user_choice_keeps_bom_out_of_the_text() -> None:
    decoded = decode_text(b"\xef\xbb\xbfHallo", filename="a.txt", encoding="utf-8")
    assert decoded.text == "Hallo"


def test_unknown_encoding_name_is_a_clear_error() -> None:
    with pytest.raises(ImportFormatError) as caught:
        decode_text(b"hello", filename="/home/anna/secret/interview3.txt", encoding="klingon")
    message = str(caught.value)
    assert message.startswith("interview3.txt cannot be read with the encoding 'klingon'")
    assert "/home/anna" not in message


def test_codec_that_is_not_a_text_encoding_is_refused() -> None:
    with pytest.raises(ImportFormatError, match="'base64': it is not a text encoding"):
        decode_text(b"aGVsbG8=", filename="a.txt", encoding="base64")


def test_wrong_user_choice_names_the_bad_byte() -> None:
    data = "Привет".encode("cp1251")
    with pytest.raises(ImportFormatError) as caught:
        decode_text(data, filename="ru.txt", encoding="utf-8")
    assert str(caught.value) == (
        "ru.txt cannot be read as utf-8: the byte 0xCF at offset 0 is not valid there; "
        "choose another encoding"
    )


def test_binary_data_named_txt() -> None:
    data = b"Hello\x00\x01\x02\x03\xff\xfe\x00\x00\x10\x11" * 50
    with pytest.raises(ImportFormatError) as caught:
        decode_text(data, filename="interview3.txt")
    assert str(caught.value) == (
        "interview3.txt does not look like text: it contains binary data (NUL bytes at offset 5)"
    )


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "it is a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "it is a PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00", "it is a zip archive"),
        (b"RIFF\x24\x08\x00\x00WAVEfmt ", "it is a media file"),
        (b"\x00\x00\x00\x20ftypM4A isomiso2", "it is an MP4 or M4A media file"),
    ],
)
def test_known_binary_formats_are_named(data: bytes, what: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        decode_text(data, filename="interview.txt")
    assert str(caught.value).startswith(f"interview.txt does not look like text: {what}")


def test_control_characters_without_nul_are_binary() -> None:
    data = bytes(range(1, 9)) * 40 + b"some words"
    with pytest.raises(ImportFormatError, match="many control characters"):
        decode_text(data, filename="x.txt")


def test_a_stray_control_character_is_tolerated() -> None:
    text = "Abschnitt 1\x0c\nText mit einem Seitenumbruch und einem \x1f Zeichen." * 3
    assert decode_text(text.encode(), filename="x.txt").text == text


def test_damaged_utf8_is_refused_rather_than_turned_into_mojibake() -> None:
    data = "Мы уехали в Тбилиси, потом в Берлин.".encode() + b"\xff" + "Конец".encode()
    with pytest.raises(ImportFormatError) as caught:
        decode_text(data, filename="ru.txt")
    message = str(caught.value)
    assert message.startswith("ru.txt looks like UTF-8 text but is damaged: the byte 0xFF")
    bad_offset = data.index(b"\xff")
    assert f"offset {bad_offset} is not valid there" in message


def test_utf8_cut_in_the_middle_of_a_character() -> None:
    data = "Тбилиси".encode()[:-1]
    with pytest.raises(ImportFormatError, match="ends in the middle of a character"):
        decode_text(data, filename="cut.txt")


def test_empty_and_blank_files_are_refused() -> None:
    with pytest.raises(ImportFormatError, match=r"^empty.txt is empty \(0 bytes\)$"):
        decode_text(b"", filename="empty.txt")
    with pytest.raises(ImportFormatError, match="contains no text"):
        decode_text(b"\xef\xbb\xbf \r\n\t\r\n", filename="blank.txt")


def test_size_limit() -> None:
    with pytest.raises(ImportFormatError) as caught:
        decode_text(b"a" * 2048, filename="big.txt", max_bytes=1024)
    assert str(caught.value) == (
        "big.txt is too large to import as text (2.0 KB; the limit is 1.0 KB)"
    )


def test_line_endings_and_nfc() -> None:
    decoded = decode_text("Cafe\u0301\rzwei\r\ndrei\n".encode(), filename="n.txt")
    assert decoded.text == "Café\nzwei\ndrei\n"
    assert len(decoded.text) == 15


def test_fifty_megabyte_single_line_is_fast() -> None:
    utf8 = ("Мы уехали в Тбилиси — and then to Berlin. " * 900_000).encode()
    assert len(utf8) > 50_000_000
    started = time.perf_counter()
    decoded = decode_text(utf8, filename="huge.txt")
    assert decoded.encoding == "utf-8"
    assert len(decoded.text) == 900_000 * 42
    legacy = ("Мы уехали в Тбилиси, потом в Берлин. " * 1_400_000).encode("cp1251")
    assert len(legacy) > 50_000_000
    decoded_legacy = decode_text(legacy, filename="huge_cp1251.txt")
    assert decoded_legacy.encoding == "cp1251"
    assert decoded_legacy.text[:20] == "Мы уехали в Тбилиси,"
    # Linear work takes a few seconds even on a busy two-core machine; anything quadratic
    # in the line length would take hours.
    assert time.perf_counter() - started < 60


def test_truncated_utf16_is_reported_as_damaged_not_binary() -> None:
    data = "Мы уехали в Тбилиси.\n".encode("utf-16-le")[:-1]
    with pytest.raises(ImportFormatError) as caught:
        decode_text(data, filename="cut16.txt")
    assert str(caught.value) == (
        "cut16.txt looks like UTF-16-LE text but is damaged: "
        "the file ends in the middle of a character"
    )
