"""The text of a Word .docx file, in reading order, without python-docx.

Reading ``word/document.xml`` directly keeps paragraphs and tables in body order (python-docx
lists them separately) and lets every byte pass the zip and XML safety checks first.
Paragraphs become lines; a table becomes one line per row with its cells separated by tabs.
Text boxes, drawings, deleted revisions and field codes are left out, as Word's own "save as
plain text" does for most of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .errors import ImportFormatError
from .limits import DEFAULT_MAX_ARCHIVE_BYTES
from .safe_xml import parse_xml
from .safe_zip import open_archive, read_member
from .text import normalise_text

_KIND = "Word document (.docx)"
_WORD_NAMESPACES = frozenset(
    {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main",
    }
)
_OFFICE_DOCUMENT_RELATIONSHIP = "/officeDocument"
_DEFAULT_MAIN_PART = "word/document.xml"

# Inline elements whose content is not part of the visible text of the paragraph.
_SKIPPED_INLINE = frozenset(
    {
        "pPr",
        "rPr",
        "del",
        "delText",
        "moveFrom",
        "instrText",
        "fldData",
        "drawing",
        "pict",
        "object",
        "AlternateContent",
        "footnoteReference",
        "endnoteReference",
        "commentReference",
        "sym",
        "sdtPr",
        "sdtEndPr",
    }
)
_BLOCK_WRAPPERS = frozenset({"customXml", "sdtContent", "smartTag", "ins", "moveTo"})


def docx_text(data: bytes, *, filename: str, max_bytes: int = DEFAULT_MAX_ARCHIVE_BYTES) -> str:
    """Paragraphs and table rows of a .docx in body order, ``\\n``-separated, NFC."""
    with open_archive(
        data,
        filename=filename,
        kind=_KIND,
        old_format_hint="a .doc file or an encrypted .docx",
        max_bytes=max_bytes,
    ) as archive:
        part = _main_part_name(archive, filename=filename)
        xml = read_member(archive, part, filename=filename)
    if xml is None:
        raise ImportFormatError(
            filename, f"is not a valid {_KIND}: it has no main document part ({part})"
        )
    root = parse_xml(xml, filename=filename, part=part)
    if _local_name(root) != "document" or _namespace(root) not in _WORD_NAMESPACES:
        raise ImportFormatError(
            filename,
            f"is not a {_KIND}: its main part is not a Word document "
            "(perhaps an Excel or PowerPoint file with another name)",
        )
    body = next((child for child in root if _local_name(child) == "body"), None)
    lines = list(_blocks(body)) if body is not None else []
    text = normalise_text("\n".join(lines)).rstrip()
    while text.startswith("\n"):
        text = text[1:]
    if not text.strip():
        raise ImportFormatError(filename, "contains no text")
    return text


def _main_part_name(archive: Any, *, filename: str) -> str:
    rels = read_member(archive, "_rels/.rels", filename=filename)
    if rels is None:
        return _DEFAULT_MAIN_PART
    root = parse_xml(rels, filename=filename, part="_rels/.rels")
    for relationship in root:
        if str(relationship.get("Type", "")).endswith(_OFFICE_DOCUMENT_RELATIONSHIP):
            target = str(relationship.get("Target", "")).lstrip("/")
            if target:
                return target
    return _DEFAULT_MAIN_PART


def _local_name(element: Any) -> str:
    tag = element.tag
    if not isinstance(tag, str):  # comments and processing instructions
        return ""
    return tag.rpartition("}")[2]


def _namespace(element: Any) -> str:
    tag = element.tag
    return tag[1:].partition("}")[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _blocks(container: Any) -> Iterator[str]:
    for child in container:
        name = _local_name(child)
        if name == "p":
            yield _paragraph_text(child)
        elif name == "tbl":
            yield from _table_rows(child)
        elif name == "sdt" or name in _BLOCK_WRAPPERS:
            yield from _blocks(child)


def _paragraph_text(paragraph: Any) -> str:
    parts: list[str] = []
    _collect_inline(paragraph, parts)
    return "".join(parts)


def _collect_inline(element: Any, parts: list[str]) -> None:
    for child in element:
        name = _local_name(child)
        if name == "t":
            parts.append(child.text or "")
        elif name == "tab":
            parts.append("\t")
        elif name in ("br", "cr"):
            parts.append("\n")
        elif name == "noBreakHyphen":
            parts.append("-")
        elif name and name not in _SKIPPED_INLINE:
            _collect_inline(child, parts)


def _table_rows(table: Any) -> Iterator[str]:
    for child in table:
        name = _local_name(child)
        if name == "tr":
            yield "\t".join(_cell_text(cell) for cell in _cells(child))
        elif name == "sdt" or name in _BLOCK_WRAPPERS:
            yield from _table_rows(child)


def _cells(row: Any) -> Iterator[Any]:
    for child in row:
        name = _local_name(child)
        if name == "tc":
            yield child
        elif name == "sdt" or name in _BLOCK_WRAPPERS:
            yield from _cells(child)


def _cell_text(cell: Any) -> str:
    # A row must stay on one line: the cell's own paragraphs, breaks and tabs become spaces.
    words = " ".join(line for line in _blocks(cell) if line.strip())
    return " ".join(words.split())
