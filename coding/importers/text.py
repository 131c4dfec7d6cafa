"""Bytes to text for every text-based importer: encoding detection, binary refusal, clean-up.

Researchers receive transcripts from many hands: Word's "Unicode" (UTF-16), UTF-8 with or
without a byte order mark, and old Windows or KOI8 files in Russian. Choosing the wrong
encoding silently turns an interview into mojibake, so detection prefers a clear refusal
(with the advice to pick an encoding) to a guess that is probably wrong.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from .errors import ImportFormatError
from .limits import DEFAULT_MAX_TEXT_BYTES, human_size
from .text_detection import guess_legacy_encoding, guess_utf16_or_32, looks_like_damaged_utf8


@dataclass(frozen=True)
class DecodedText:
    """Text ready for a document: ``\\n`` line endings, no BOM, NFC.

    ``encoding`` is the Python codec name that was used; ``confidence`` runs from 0 to 1 and
    is 1.0 when the file itself declared its encoding (a BOM) or the user chose it.
    """

    text: str
    encoding: str
    confidence: float


_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 LE must be tried before UTF-16 LE: its BOM starts with the UTF-16 LE BOM.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_NOT_TEXT_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (perhaps a Word or Excel file with another name)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style or encrypted Microsoft Office file"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a media file (for example WAV audio)"),
    (b"ID3", "an MP3 audio file"),
    (b"OggS", "an Ogg audio file"),
    (b"fLaC", "a FLAC audio file"),
    (b"\x1a\x45\xdf\xa3", "a Matroska or WebM video"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"SQLite format 3\x00", "a SQLite database"),
)

# C0 and C1 control characters other than tab, line feed, vertical tab, form feed and
# carriage return: text editors never write them, binary files are full of them.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def decode_text(
    data: bytes,
    *,
    filename: str,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_TEXT_BYTES,
) -> DecodedText:
    """Decode a text file's bytes; ``encoding`` (the user's choice) overrides detection.

    Raises ImportFormatError for an empty, oversized or binary file, an unknown encoding
    name, or bytes that are not valid in the chosen or detected encoding.
    """
    if len(data) > max_bytes:
        raise ImportFormatError(
            filename,
            f"is too large to import as text ({human_size(len(data))}; "
            f"the limit is {human_size(max_bytes)})",
        )
    if not data:
        raise ImportFormatError(filename, "is empty (0 bytes)")
    if encoding is not None:
        text, used = _decode_as(data, encoding, filename=filename), _codec_name(encoding)
        confidence = 1.0
    else:
        text, used, confidence = _detect_and_decode(data, filename=filename)
    _refuse_control_characters(text, filename=filename, encoding=used)
    text = normalise_text(text)
    if not text.strip():
        raise ImportFormatError(filename, "contains no text (only spaces or empty lines)")
    return DecodedText(text=text, encoding=used, confidence=confidence)


def normalise_text(text: str) -> str:
    """``\\n`` line endings, no leading BOM, NFC: the form code-point offsets are counted in."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.removeprefix("\ufeff")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _codec_name(encoding: str) -> str:
    return codecs.lookup(encoding).name


def _decode_as(data: bytes, encoding: str, *, filename: str) -> str:
    try:
        name = _codec_name(encoding)
    except LookupError:
        raise ImportFormatError(
            filename,
            f"cannot be read with the encoding '{encoding}': that is not a known text "
            "encoding (examples: utf-8, utf-16, cp1251, koi8-r, cp1252, cp1254)",
        ) from None
    try:
        return data.decode(name)
    except LookupError:
        # Names such as "base64" or "rot13" are codecs but not text encodings.
        raise ImportFormatError(
            filename, f"cannot be read with the encoding '{encoding}': it is not a text encoding"
        ) from None
    except UnicodeDecodeError as error:
        raise ImportFormatError(
            filename,
            f"cannot be read as {name}: {_describe_decode_error(error)}; choose another encoding",
        ) from None


def _describe_decode_error(error: UnicodeDecodeError) -> str:
    at_end = error.end >= len(error.object)
    if at_end and ("end of data" in error.reason or "truncated" in error.reason):
        return "the file ends in the middle of a character"
    return f"the byte 0x{error.object[error.start]:02X} at offset {error.start} is not valid there"


def _detect_and_decode(data: bytes, *, filename: str) -> tuple[str, str, float]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            reported = "utf-8-sig" if codec == "utf-8" else codec
            try:
                return data[len(bom) :].decode(codec), reported, 1.0
            except UnicodeDecodeError as error:
                raise ImportFormatError(
                    filename,
                    f"declares itself {codec.upper()} (it starts with a byte order mark) but "
                    f"is damaged: {_describe_decode_error(error)} (offset after the mark)",
                ) from None
    for signature, what in _NOT_TEXT_SIGNATURES:
        if data.startswith(signature):
            raise ImportFormatError(filename, f"does not look like text: it is {what}")
    if data[4:8] == b"ftyp":
        raise ImportFormatError(filename, "does not look like text: it is an MP4 or M4A media file")
    if data.startswith(b"{\\rtf"):
        raise ImportFormatError(
            filename, "is an RTF document: save it as .docx or as plain text and import that"
        )

    wide = guess_utf16_or_32(data)
    if wide is not None:
        try:
            return data.decode(wide), wide, 0.9
        except UnicodeDecodeError as error:
            raise ImportFormatError(
                filename,
                f"looks like {wide.upper()} text but is damaged: {_describe_decode_error(error)}",
            ) from None

    nul = data.find(b"\x00")
    if nul >= 0:
        raise ImportFormatError(
            filename,
            f"does not look like text: it contains binary data (NUL bytes at offset {nul})",
        )

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        if looks_like_damaged_utf8(data):
            raise ImportFormatError(
                filename,
                "looks like UTF-8 text but is damaged: "
                f"{_describe_decode_error(error)}; if it uses another encoding, choose it "
                "when importing",
            ) from None
    else:
        return text, "utf-8", 1.0

    legacy, confidence = guess_legacy_encoding(data)
    # The chosen legacy codecs either decode every byte or were checked to decode this data.
    return data.decode(legacy, errors="replace"), legacy, confidence


def _refuse_control_characters(text: str, *, filename: str, encoding: str) -> None:
    allowed = max(3, len(text) // 200)
    first = -1
    for count, match in enumerate(_CONTROL_CHARACTERS.finditer(text), start=1):
        if match.group() == "\x00":
            raise ImportFormatError(
                filename,
                f"does not look like text when read as {encoding}: it contains NUL characters "
                f"(the first at character {match.start()})",
            )
        if first < 0:
            first = match.start()
        if count > allowed:
            raise ImportFormatError(
                filename,
                f"does not look like text when read as {encoding}: it contains many control "
                f"characters (binary data; the first at character {first})",
            )
