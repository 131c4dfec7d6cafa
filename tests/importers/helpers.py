"""Helpers for the importer tests: fixture files, and Office files built inside the tests."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from coding.importers import ParsedTranscript

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" '
    b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
PACKAGE_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/>'
    b"</Relationships>"
)


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def spans(parsed: ParsedTranscript) -> list[tuple[int, int, str | None, str]]:
    """Each segment as (start_ms, end_ms, speaker, the text its offsets point at)."""
    return [
        (s.start_ms, s.end_ms, s.speaker, parsed.text[s.char_start : s.char_end])
        for s in parsed.segments
    ]


def zip_bytes(members: dict[str, bytes], *, level: int = 6) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def body_xml(inner: str, *, namespace: str = W_NS) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{namespace}"><w:body>{inner}</w:body></w:document>'
    ).encode()


def handmade_docx(document_xml: bytes, **extra: bytes) -> bytes:
    """A minimal .docx package around a given word/document.xml."""
    members = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "word/document.xml": document_xml,
    }
    members.update({name.replace("__", "/"): data for name, data in extra.items()})
    return zip_bytes(members)


def word_docx(
    paragraphs_before: list[str],
    table: list[list[str]] | None = None,
    paragraphs_after: list[str] | None = None,
) -> bytes:
    """A real .docx written by python-docx, as Word users produce them."""
    import docx

    document = docx.Document()
    for text in paragraphs_before:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    for text in paragraphs_after or []:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rewrite_member(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    """The same zip with one member's bytes changed."""
    source = zipfile.ZipFile(io.BytesIO(data))
    members = {info.filename: source.read(info.filename) for info in source.infolist()}
    members[name] = change(members[name])
    return zip_bytes(members)
