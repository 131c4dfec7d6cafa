"""Hostile .docx and .xlsx files: zip bombs, lying sizes, zip slip, XML entity attacks."""

from __future__ import annotations

import io
import struct
import time
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest

from coding.importers import ImportFormatError, docx_text, parse_case_xlsx
from tests.importers.helpers import (
    CONTENT_TYPES,
    PACKAGE_RELS,
    body_xml,
    handmade_docx,
    rewrite_member,
    zip_bytes,
)

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + b"".join(
        b'<!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)


XXE_DOCTYPE = b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


def _patch_central_directory(data: bytes, *, offset: int, value: int, size: int) -> bytes:
    """Overwrite a field of the first central directory entry (as a forger would)."""
    position = data.index(b"PK\x01\x02") + offset
    fmt = "<I" if size == 4 else "<H"
    return data[:position] + struct.pack(fmt, value) + data[position + size :]


def test_docx_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    padding = b" " * 40_000_000
    bomb = handmade_docx(
        body_xml("<w:p><w:r><w:t>").replace(b"<w:t>", b"<w:t>" + padding) + b"</w:t></w:r></w:p>"
    )
    assert len(bomb) < 200_000
    with pytest.raises(ImportFormatError) as caught:
        docx_text(bomb, filename="bomb.docx")
    # "would expand": refused from the declared sizes, before anything is inflated.
    assert str(caught.value).startswith(
        "bomb.docx was refused as a zip bomb: its part word/document.xml would expand from"
    )


def test_declared_size_over_the_limit_is_refused() -> None:
    data = handmade_docx(body_xml("<w:p><w:r><w:t>klein</w:t></w:r></w:p>"))
    # The first central directory entry is [Content_Types].xml; field at 24 = uncompressed size.
    forged = _patch_central_directory(data, offset=24, value=3_000_000_000, size=4)
    with pytest.raises(ImportFormatError) as caught:
        docx_text(forged, filename="forged.docx")
    assert str(caught.value) == (
        "forged.docx was refused: its part [Content_Types].xml would expand to 2861.0 MB "
        "(the limit is 128.0 MB)"
    )


def test_declared_size_smaller_than_the_real_data_is_caught_while_reading() -> None:
    document = body_xml("<w:p><w:r><w:t>" + "Текст " * 2000 + "</w:t></w:r></w:p>")
    members = {"word/document.xml": document, "_rels/.rels": PACKAGE_RELS}
    data = zip_bytes(members)
    forged = _patch_central_directory(data, offset=24, value=100, size=4)
    with pytest.raises(ImportFormatError) as caught:
        docx_text(forged, filename="liar.docx")
    assert str(caught.value).startswith(
        "liar.docx is damaged: its part word/document.xml cannot be unpacked"
    )


def test_billion_laughs_is_refused() -> None:
    started = time.perf_counter()
    with pytest.raises(ImportFormatError) as caught:
        docx_text(handmade_docx(BILLION_LAUGHS), filename="lol.docx")
    assert str(caught.value) == (
        "lol.docx was refused: its part word/document.xml contains an XML document type or "
        "entity declaration, which genuine Office files never contain (such declarations can "
        "be used to attack the computer)"
    )
    assert time.perf_counter() - started < 10  # expanded, it would be 3 GB of "lol"


def test_external_entity_never_reads_the_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("PASSPORT-NUMBER-123", encoding="utf-8")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    with pytest.raises(ImportFormatError) as caught:
        docx_text(handmade_docx(xxe), filename="xxe.docx")
    assert "document type or entity declaration" in str(caught.value)
    assert "PASSPORT" not in str(caught.value)


def test_utf16_encoded_doctype_is_refused_too() -> None:
    xml = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY e "x">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>"
    ).encode("utf-16-le")
    with pytest.raises(ImportFormatError, match="document type or entity declaration"):
        docx_text(handmade_docx(b"\xff\xfe" + xml), filename="u16.docx")


def test_doctype_in_the_relationships_part_is_refused() -> None:
    rels = PACKAGE_RELS.replace(b"<Relationships", b"<!DOCTYPE r [<!ENTITY a 'b'>]><Relationships")
    data = zip_bytes(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": rels,
            "word/document.xml": body_xml("<w:p/>"),
        }
    )
    with pytest.raises(ImportFormatError, match=r"its part _rels/\.rels contains an XML document"):
        docx_text(data, filename="rels.docx")


@pytest.mark.parametrize("name", ["../../evil.sh", "/etc/cron.d/evil", "C:\\evil.bat", "a/../../b"])
def test_zip_slip_names_are_refused(name: str) -> None:
    data = handmade_docx(body_xml("<w:p><w:r><w:t>hi</w:t></w:r></w:p>"), evil=b"x")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members[name] = members.pop("evil")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, content in members.items():
            info = zipfile.ZipInfo("placeholder")
            info.filename = member  # ZipInfo() itself would clean "../" away
            archive.writestr(info, content)
    with pytest.raises(ImportFormatError) as caught:
        docx_text(buffer.getvalue(), filename="slip.docx")
    assert str(caught.value) == (
        f"slip.docx was refused: it contains a part with an unsafe name ({name!r})"
    )


def test_duplicate_part_names_are_refused() -> None:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate it writes
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("_rels/.rels", PACKAGE_RELS)
            archive.writestr("word/document.xml", body_xml("<w:p><w:r><w:t>A</w:t></w:r></w:p>"))
            archive.writestr("Word/Document.xml", body_xml("<w:p><w:r><w:t>B</w:t></w:r></w:p>"))
    with pytest.raises(ImportFormatError) as caught:
        docx_text(buffer.getvalue(), filename="dup.docx")
    assert str(caught.value) == (
        "dup.docx was refused: it contains the part Word/Document.xml more than once"
    )


def test_encrypted_zip_member_is_refused() -> None:
    data = handmade_docx(body_xml("<w:p><w:r><w:t>hi</w:t></w:r></w:p>"))
    forged = _patch_central_directory(data, offset=8, value=0x1, size=2)
    with pytest.raises(ImportFormatError, match="is password-protected: remove the password"):
        docx_text(forged, filename="locked.docx")


def test_too_many_parts_are_refused() -> None:
    members = {f"customXml/item{i}.xml": b"<a/>" for i in range(10_001)}
    members["word/document.xml"] = body_xml("<w:p/>")
    with pytest.raises(ImportFormatError, match="it contains 10002 parts"):
        docx_text(zip_bytes(members, level=1), filename="many.docx")


def test_archive_size_limit() -> None:
    data = handmade_docx(body_xml("<w:p><w:r><w:t>hi</w:t></w:r></w:p>"))
    with pytest.raises(ImportFormatError, match=r"is too large to import \(.*the limit is 100"):
        docx_text(data, filename="big.docx", max_bytes=100)


def _workbook_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Case", "Origin"])
    sheet.append(["Анна", "Russia"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_entity_declaration_in_a_sheet_is_refused() -> None:
    data = rewrite_member(
        _workbook_bytes(),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"<worksheet", XXE_DOCTYPE + b"<worksheet", 1),
    )
    with pytest.raises(ImportFormatError) as caught:
        parse_case_xlsx(data, filename="cases.xlsx")
    assert str(caught.value).startswith(
        "cases.xlsx was refused: its part xl/worksheets/sheet1.xml contains an XML document type"
    )


def test_xlsx_zip_bomb_in_shared_strings_is_refused() -> None:
    bomb = b"<sst>" + b"<si><t>a</t></si>" * 2_000_000 + b"</sst>"
    with zipfile.ZipFile(io.BytesIO(_workbook_bytes())) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members["xl/sharedStrings.xml"] = bomb
    with pytest.raises(ImportFormatError, match="refused as a zip bomb: its part xl/sharedStrings"):
        parse_case_xlsx(zip_bytes(members, level=9), filename="bomb.xlsx")
