"""The lemma index for full-text search, kept inside the project file.

It is derived data: every row can be rebuilt from ``documents.text``. It is therefore written
with Core statements outside operations (never an undo step), and each indexed document keeps
the stamps it was built from so that a search notices a text that changed since. A trigger
(migration 0002) also drops a document's index when its text or language changes, whoever
writes it.

``search_postings`` is an inverted index: one row per lemma and document, whose
``occurrences`` blob holds little-endian int32 triples (word position, start, end) with
offsets in code points, so a search reads only the rows of the lemmas it asks for.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class SearchDocument(Base):
    __tablename__ = "search_documents"
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    # sha256 of the analyser version, the language and the text the index was built from.
    content_hash: Mapped[str] = mapped_column(String(64))
    # Which tokeniser and lemmatisers built it: a newer one indexes the document again.
    analyser: Mapped[str] = mapped_column(String(20), default="")
    language: Mapped[str] = mapped_column(String(20), default="")
    text_length: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    words: Mapped[int] = mapped_column(Integer, default=0)
    # int32 pairs (start, end) of the sentences, in code points.
    sentences: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    indexed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SearchPosting(Base):
    __tablename__ = "search_postings"
    __table_args__ = (
        Index("ix_search_postings_document_id", "document_id"),
        {"sqlite_with_rowid": False},
    )
    lemma: Mapped[str] = mapped_column(Text, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("search_documents.document_id", ondelete="CASCADE"), primary_key=True
    )
    count: Mapped[int] = mapped_column(Integer)
    occurrences: Mapped[bytes] = mapped_column(LargeBinary)
