"""Small builders for domain tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coding import codebook, documents
from coding.project import Project

# Astral characters (emoji are two UTF-16 units), Georgian and Cyrillic before the coded words,
# so that any confusion between code points and UTF-16 units or bytes shows up as a wrong quote.
MIXED_TEXT = "😀🇬🇪 თბილისი — Москва. I left because I feared the police. Страх остался."


def add_doc(project: Project, title: str = "Интервью 1", text: str = MIXED_TEXT) -> int:
    changes = documents.add_document(project, title=title, text=text, language="ru")
    assert changes.id is not None
    return changes.id


def add_code(project: Project, name: str, parent_id: int | None = None) -> int:
    changes = codebook.create_code(project, name=name, parent_id=parent_id)
    assert changes.id is not None
    return changes.id


def span_of(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def dump(path: Path) -> list[str]:
    """Every row of every project table, to prove a failed operation changed nothing."""
    connection = sqlite3.connect(path)
    try:
        lines = list(connection.iterdump())
    finally:
        connection.close()
    return lines
