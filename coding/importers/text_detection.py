"""Heuristics behind encoding detection, kept apart from the decoding rules in text.py.

Every function looks at a bounded sample, so a 50 MB file costs no more than a small one.
"""

from __future__ import annotations

import re

SAMPLE_BYTES = 256 * 1024

CYRILLIC_ENCODINGS = ("cp1251", "koi8_r")
LATIN_ENCODINGS = ("cp1252", "cp1254", "latin_1")

# Letters of cp1251, KOI8-R, cp1252 and cp1254 all lie in 0xC0-0xFF (plus Ё/ё at 0xA8/0xB8
# in cp1251 and 0xB3/0xA3 in KOI8-R); punctuation such as dashes and quotes lies below.
_WORD = re.compile(rb"[A-Za-z\xa3\xa8\xb3\xb8\xc0-\xff]+")
_HIGH_LETTER = re.compile(rb"[\xa3\xa8\xb3\xb8\xc0-\xff]")
_ASCII_LETTER = re.compile(rb"[A-Za-z]")

# In cp1254 (Turkish, also used for Azerbaijani Latin) these bytes are ğ Ğ İ ı ş Ş; in cp1252
# they are the Icelandic ð Ð Ý ý þ Þ, which these users' interviews do not contain.
_TURKIC_LETTER_BYTES = frozenset(b"\xd0\xdd\xde\xf0\xfd\xfe")

_VALID_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")

_FREQUENT_RUSSIAN_LOWERCASE = frozenset("оеаинтсрвлкмдпуяыь")


def sample(data: bytes) -> bytes:
    """Head, middle and tail: enough to judge, bounded however large the file is."""
    if len(data) <= SAMPLE_BYTES:
        return data
    third = SAMPLE_BYTES // 3
    middle = len(data) // 2
    return data[:third] + b"\n" + data[middle : middle + third] + b"\n" + data[-third:]


def guess_utf16_or_32(data: bytes) -> str | None:
    """UTF-16/32 without a BOM, recognised by where its zero bytes fall.

    ASCII and punctuation in UTF-16 LE put a zero in every odd byte; Cyrillic and Georgian
    letters do not, but their spaces and line breaks do. Binary data has zeros everywhere.
    """
    head = data[: SAMPLE_BYTES - SAMPLE_BYTES % 4]
    if head.count(0) == 0 or len(head) < 4:
        return None
    # The length is not checked: a truncated file is reported as damaged UTF-16, not binary.
    if len(head) >= 8:
        if not any(head[3::4]) and head[2::4].count(0) * 10 >= len(head[2::4]) * 9:
            return "utf-32-le"
        if not any(head[0::4]) and head[1::4].count(0) * 10 >= len(head[1::4]) * 9:
            return "utf-32-be"
    even_zeros = head[0::2].count(0)
    odd_zeros = head[1::2].count(0)
    if odd_zeros and even_zeros * 20 <= odd_zeros:
        return "utf-16-le"
    if even_zeros and odd_zeros * 20 <= even_zeros:
        return "utf-16-be"
    return None


def looks_like_damaged_utf8(data: bytes) -> bool:
    """Mostly valid UTF-8 multi-byte sequences: a UTF-8 file with a few bad bytes.

    Legacy single-byte text almost never forms valid UTF-8 sequences, so a file where most
    high bytes do is UTF-8 that was cut or corrupted, and decoding it as cp1251 would turn
    every letter into mojibake.
    """
    chunk = sample(data)
    high = len(_HIGH_BYTE.findall(chunk))
    if high == 0:
        return False
    covered = sum(len(match) for match in _VALID_UTF8_SEQUENCE.findall(chunk))
    return covered * 10 >= high * 8


def looks_cyrillic(chunk: bytes) -> bool:
    """Whole words of high bytes, as in Russian; Latin languages mix them into ASCII words."""
    with_high = 0
    only_high = 0
    for match in _WORD.finditer(chunk):
        word = match.group()
        if _HIGH_LETTER.search(word) is None:
            continue
        with_high += 1
        if _ASCII_LETTER.search(word) is None:
            only_high += 1
    return with_high > 0 and only_high * 10 >= with_high * 6


def russian_score(text: str) -> float:
    """Share of Cyrillic letters that are frequent lowercase Russian letters.

    Decoding cp1251 as KOI8-R (or the reverse) swaps upper and lower case and scrambles the
    alphabet, so the wrong choice scores far lower than the right one.
    """
    cyrillic = 0
    frequent = 0
    for char in text:
        if "\u0400" <= char <= "\u04ff":
            cyrillic += 1
            if char in _FREQUENT_RUSSIAN_LOWERCASE:
                frequent += 1
    return frequent / cyrillic if cyrillic else 0.0


def guess_legacy_encoding(data: bytes) -> tuple[str, float]:
    """Pick a single-byte encoding for text that is neither UTF-8 nor UTF-16/32."""
    chunk = sample(data)
    detected, chaos = _charset_normalizer_guess(chunk)
    if looks_cyrillic(chunk):
        scores = {
            name: russian_score(chunk.decode(name, errors="replace")) for name in CYRILLIC_ENCODINGS
        }
        best = max(scores, key=lambda name: scores[name])
        # cp1251 is by far the most common; another encoding must win clearly.
        if best != "cp1251" and scores[best] < scores["cp1251"] + 0.1:
            best = "cp1251"
        if best != "cp1251" and detected in CYRILLIC_ENCODINGS and detected != best:
            best = "cp1251"
        return _python_name(best), round(min(0.95, max(0.3, scores[best])), 2)
    if detected not in LATIN_ENCODINGS:
        detected, chaos = "cp1252", 0.5
    if detected == "cp1252" and _TURKIC_LETTER_BYTES.intersection(chunk):
        detected = "cp1254"
    if detected == "cp1252" and not _decodes(chunk, "cp1252"):
        detected = "latin_1"
    return _python_name(detected), round(min(0.9, max(0.3, 1.0 - chaos)), 2)


def _charset_normalizer_guess(chunk: bytes) -> tuple[str | None, float]:
    from charset_normalizer import from_bytes

    matches = from_bytes(chunk, cp_isolation=[*CYRILLIC_ENCODINGS, *LATIN_ENCODINGS])
    best = matches.best()
    if best is None:
        return None, 1.0
    return best.encoding, float(best.chaos)


def _decodes(chunk: bytes, encoding: str) -> bool:
    try:
        chunk.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _python_name(encoding: str) -> str:
    import codecs

    return codecs.lookup(encoding).name
