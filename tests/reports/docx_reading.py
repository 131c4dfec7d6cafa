"""Reading exported reports back the way Word would show them."""

from __future__ import annotations

from pathlib import Path

import docx


def paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph, in order."""
    document = docx.Document(str(path))
    return [(p.style.name if p.style else "", p.text) for p in document.paragraphs]


def styled(path: Path, style: str) -> list[str]:
    return [text for name, text in paragraphs(path) if name == style]


def headings(path: Path) -> list[tuple[str, str]]:
    return [(name, text) for name, text in paragraphs(path) if name.startswith("Heading")]


def tables(path: Path) -> list[list[list[str]]]:
    document = docx.Document(str(path))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
