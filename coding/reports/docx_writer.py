"""A Word document under construction, with what every report shares.

Reports use Word's built-in styles (Title, Heading 1-3, Quote, Table Grid) plus two small
styles of our own based on Normal, so that a researcher restyles a whole report from Word's
style gallery. Every piece of text goes through ``text()``: the one place where the export's
``Outbound`` (coding.privacy.outbound) sees everything written, before XML escapes it, and
where characters XML cannot hold are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from coding.privacy.outbound import Outbound

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

Pseudonymiser = Callable[[str], str]

SOURCE_STYLE = "Quote Source"
NOTE_STYLE = "Report Note"
CELL_STYLE = "Table Text"
QUOTE_INDENT_CM = 0.6
MUTED = "595959"
_BREAKS = re.compile("(\r\n|[\t\n\r])")
# XML 1.0 forbids most control characters. Imported text can carry them (form feeds from PDF,
# vertical tabs from Word), and one of them would make lxml refuse the whole report.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def exported_at() -> str:
    return datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")


class ReportWriter:
    def __init__(self, title: str, out: Outbound | Pseudonymiser | None = None) -> None:
        import docx
        from docx.shared import Cm

        if out is None or not isinstance(out, Outbound):
            out = Outbound(pseudonymise=out)
        self.out: Outbound = out
        self.document: DocxDocument = docx.Document()
        section = self.document.sections[0]
        # python-docx's template is US Letter; the researchers this is for print on A4.
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.5))
        properties = self.document.core_properties
        # The template names python-docx as author; say nothing about who exported it.
        properties.author = ""
        properties.last_modified_by = ""
        properties.comments = ""
        properties.title = self.text(title)
        # python-docx writes these as UTC ("...Z") whatever the value says, so give it UTC.
        properties.created = properties.modified = datetime.now(UTC)
        self._style_ids: dict[str, str | None] = {}
        # Looked up once: finding it means scanning the body, which grows with every quote.
        self._end = self.document.element.body.sectPr
        self._add_styles()
        self.paragraph(title, "Title")

    @property
    def width_cm(self) -> float:
        from docx.shared import Length

        section = self.document.sections[0]
        sides = (section.page_width, section.left_margin, section.right_margin)
        page, left, right = (Length(side or 0) for side in sides)
        return float(Length(page - left - right).cm)

    def text(self, value: str) -> str:
        return _NOT_XML.sub("", self.out.text(value))

    def paragraph(
        self, text: str = "", style: str | None = None, *, keep_with_next: bool = False
    ) -> Paragraph:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.text.paragraph import Paragraph

        # Built as XML rather than through python-docx's add_paragraph and style setter: those
        # scan every paragraph and every style on each call, which made a 2,000-quote report
        # take seconds. The XML is the same as python-docx writes.
        element = OxmlElement("w:p")
        style_id = None if style is None else self._style_id(style)
        if style_id is not None or keep_with_next:
            properties = OxmlElement("w:pPr")
            if style_id is not None:
                properties.append(OxmlElement("w:pStyle", {qn("w:val"): style_id}))
            if keep_with_next:
                properties.append(OxmlElement("w:keepNext"))
            element.append(properties)
        if self._end is None:
            self.document.element.body.append(element)
        else:
            self._end.addprevious(element)
        paragraph = Paragraph(element, self.document._body)
        if text:
            self.run(paragraph, text)
        return paragraph

    def run(
        self, paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False
    ) -> Run:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.text.run import Run

        element = OxmlElement("w:r")
        if bold or italic:
            properties = OxmlElement("w:rPr")
            if bold:
                properties.append(OxmlElement("w:b"))
            if italic:
                properties.append(OxmlElement("w:i"))
            element.append(properties)
        # Word keeps line breaks and tabs as elements of their own, not as characters.
        for piece in _BREAKS.split(self.text(text)):
            if piece == "\t":
                element.append(OxmlElement("w:tab"))
            elif piece in ("\n", "\r", "\r\n"):
                element.append(OxmlElement("w:br"))
            elif piece:
                words = OxmlElement("w:t", {qn("xml:space"): "preserve"})
                words.text = piece
                element.append(words)
        paragraph._p.append(element)
        return Run(element, paragraph)

    def _style_id(self, name: str) -> str | None:
        if name not in self._style_ids:
            style = self.document.styles[name]
            self._style_ids[name] = None if style.name == "Normal" else style.style_id
        return self._style_ids[name]

    def heading(self, text: str, level: int) -> Paragraph:
        return self.paragraph(text, f"Heading {min(max(level, 1), 3)}")

    def note(self, text: str, *, space_before_pt: float = 0) -> Paragraph:
        """A small muted line: what a report shows, when it was made."""
        from docx.shared import Pt

        paragraph = self.paragraph(text, NOTE_STYLE)
        if space_before_pt:
            paragraph.paragraph_format.space_before = Pt(space_before_pt)
        return paragraph

    def table(self, rows: int, widths_cm: list[float]) -> Table:
        from docx.shared import Cm

        table: Table = self.document.add_table(rows=rows, cols=len(widths_cm))
        table._tbl.tblPr.style = self.document.styles["Table Grid"].style_id
        table.autofit = False
        # Word reads the widths of the cells, LibreOffice those of the grid: set both.
        for column, width in zip(table.columns, widths_cm, strict=True):
            column.width = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths_cm, strict=True):
                cell.width = Cm(width)
        return table

    def cell_text(
        self, cell: _Cell, text: str, *, bold: bool = False, italic: bool = False
    ) -> None:
        paragraph = cell.paragraphs[0]
        paragraph._p.style = self._style_id(CELL_STYLE)
        self.run(paragraph, text, bold=bold, italic=italic)

    def _add_styles(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import Cm, Pt, RGBColor

        styles = self.document.styles
        for name, size, after in ((SOURCE_STYLE, 9, 14), (NOTE_STYLE, 9, 6)):
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.quick_style = True
            style.font.size = Pt(size)
            style.font.color.rgb = RGBColor.from_string(MUTED)
            style.paragraph_format.space_after = Pt(after)
        # The template's Quote is only italic; an indent makes quotes read as quotations,
        # and their source lines line up under them.
        quote = styles["Quote"].paragraph_format
        quote.space_after = Pt(2)
        quote.left_indent = Cm(QUOTE_INDENT_CM)
        styles[SOURCE_STYLE].paragraph_format.left_indent = Cm(QUOTE_INDENT_CM)
        cell = styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        cell.base_style = styles["Normal"]
        # Without a little air the text of a Table Grid cell touches its borders.
        cell.paragraph_format.space_before = Pt(2)
        cell.paragraph_format.space_after = Pt(2)


def shade(cell: _Cell, color: str) -> None:
    """Fill a table cell with ``#RRGGBB``; python-docx has no API for cell shading."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), color.lstrip("#").upper())
    properties.append(shading)
