"""docx_text: paragraphs and tables in body order, and clear errors for broken files."""

from __future__ import annotations

import io

import pytest

from coding.importers import ImportFormatError, docx_text
from tests.importers.helpers import body_xml, handmade_docx, word_docx, zip_bytes


def test_paragraphs_and_table_rows_in_body_order() -> None:
    data = word_docx(
        ["Интервью 3 (вымышленное)", "Вопрос: как вы уехали?"],
        table=[["Город", "Год", "Примечание"], ["თბილისი", "2022", "через Ларс 🚗"]],
        paragraphs_after=["Ende des Transkripts."],
    )
    assert docx_text(data, filename="i3.docx") == (
        "Интервью 3 (вымышленное)\n"
        "Вопрос: как вы уехали?\n"
        "Город\tГод\tПримечание\n"
        "თბილისი\t2022\tчерез Ларс 🚗\n"
        "Ende des Transkripts."
    )


def test_inline_structure_revisions_and_fields() -> None:
    xml = body_xml(
        "<w:p><w:pPr><w:tabs><w:tab w:val='left' w:pos='720'/></w:tabs></w:pPr>"
        "<w:r><w:t xml:space='preserve'>I: </w:t></w:r>"
        "<w:r><w:tab/><w:t>Wann</w:t></w:r>"
        "<w:ins w:id='1' w:author='A'><w:r><w:t xml:space='preserve'> genau</w:t></w:r></w:ins>"
        "<w:del w:id='2' w:author='A'><w:r><w:delText>gestrichen</w:delText></w:r></w:del>"
        "<w:r><w:t>?</w:t><w:br/><w:t>Zweite Zeile</w:t></w:r></w:p>"
        "<w:p><w:hyperlink w:anchor='x'><w:r><w:t>Link-Text</w:t></w:r></w:hyperlink>"
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r>"
        "<w:r><w:instrText> PAGE </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>7</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r>"
        "<w:r><w:t>-</w:t><w:noBreakHyphen/><w:t>ok</w:t></w:r></w:p>"
        "<w:sdt><w:sdtPr><w:alias w:val='Kontrollfeld'/></w:sdtPr><w:sdtContent>"
        "<w:p><w:r><w:t>Im Inhaltssteuerelement</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        "<w:sectPr/>"
    )
    assert docx_text(handmade_docx(xml), filename="x.docx") == (
        "I: \tWann genau?\nZweite Zeile\nLink-Text7--ok\nIm Inhaltssteuerelement"
    )


def test_table_cell_with_several_paragraphs_stays_on_one_line() -> None:
    xml = body_xml(
        "<w:tbl><w:tr>"
        "<w:tc><w:p><w:r><w:t>B01</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>erste Zeile</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>zweite</w:t><w:tab/><w:t>Zeile</w:t></w:r></w:p></w:tc>"
        "</w:tr></w:tbl>"
    )
    assert docx_text(handmade_docx(xml), filename="t.docx") == "B01\terste Zeile zweite Zeile"


def test_strict_ooxml_namespace() -> None:
    xml = body_xml(
        "<w:p><w:r><w:t>Strict OOXML</w:t></w:r></w:p>",
        namespace="http://purl.oclc.org/ooxml/wordprocessingml/main",
    )
    assert docx_text(handmade_docx(xml), filename="strict.docx") == "Strict OOXML"


def test_main_part_is_found_through_the_package_relationships() -> None:
    rels = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/officeDocument" Target="/word/document2.xml"/></Relationships>'
    )
    data = zip_bytes(
        {
            "_rels/.rels": rels,
            "word/document2.xml": body_xml("<w:p><w:r><w:t>Zweites Teil</w:t></w:r></w:p>"),
        }
    )
    assert docx_text(data, filename="d.docx") == "Zweites Teil"


def test_text_that_is_not_a_zip() -> None:
    with pytest.raises(ImportFormatError) as caught:
        docx_text("Это просто текст".encode(), filename="interview.docx")
    assert str(caught.value) == (
        "interview.docx is not a Word document (.docx): it is not a zip archive"
    )


def test_truncated_docx() -> None:
    data = word_docx(["Ein Absatz, der nie ankommt."] * 20)
    with pytest.raises(ImportFormatError) as caught:
        docx_text(data[: len(data) // 2], filename="kaputt.docx")
    assert str(caught.value).startswith(
        "kaputt.docx is not a valid Word document (.docx): the file is damaged or incomplete"
    )


def test_corrupted_part_inside_a_valid_zip() -> None:
    data = handmade_docx(b"<w:document xmlns:w='x'><w:body><w:p>")
    with pytest.raises(ImportFormatError) as caught:
        docx_text(data, filename="c.docx")
    assert str(caught.value).startswith(
        "c.docx is damaged: its part word/document.xml is not well-formed XML"
    )


def test_old_doc_or_encrypted_docx() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    with pytest.raises(ImportFormatError) as caught:
        docx_text(ole, filename="alt.docx")
    assert str(caught.value) == (
        "alt.docx is password-protected or in an old format (a .doc file or an encrypted "
        ".docx): remove the password or save it as a Word document (.docx) and import that"
    )


def test_excel_file_renamed_to_docx() -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Case"
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(ImportFormatError, match="its main part is not a Word document"):
        docx_text(buffer.getvalue(), filename="cases.docx")


def test_zip_without_a_document_part() -> None:
    data = zip_bytes({"readme.txt": b"hello"})
    with pytest.raises(ImportFormatError) as caught:
        docx_text(data, filename="leer.docx")
    assert str(caught.value) == (
        "leer.docx is not a valid Word document (.docx): it has no main document part "
        "(word/document.xml)"
    )


def test_document_without_text() -> None:
    data = handmade_docx(body_xml("<w:p/><w:p><w:r><w:t>  </w:t></w:r></w:p>"))
    with pytest.raises(ImportFormatError, match=r"^empty\.docx contains no text$"):
        docx_text(data, filename="empty.docx")
