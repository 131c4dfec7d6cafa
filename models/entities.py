"""The project schema: interviews, cases, codebook, codings and memos.

Text positions are Unicode code points of ``Document.text`` (``\\n`` line endings), end
exclusive, as in REFI-QDA. Relationships that own rows cascade in the ORM (not only in the
database) so that the undo recorder sees every row a deletion removes.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow


class DocumentKind(StrEnum):
    SEMI_STRUCTURED_INTERVIEW = "semi_structured_interview"
    EXPERT_INTERVIEW = "expert_interview"
    OBSERVATION_NOTES = "observation_notes"
    SOCIAL_MEDIA = "social_media"
    OTHER = "other"


class TranscriptStatus(StrEnum):
    NONE = "none"
    TRANSCRIBING = "transcribing"
    DRAFT = "draft"
    CHECKED = "checked"


class AttributeType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"


class AttributeTarget(StrEnum):
    CASE = "case"
    DOCUMENT = "document"


class Setting(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class Coder(Base):
    __tablename__ = "coders"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    color: Mapped[str] = mapped_column(String(9), default="#4C72B0")


class Case(Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    values: Mapped[list[CaseValue]] = relationship(
        back_populates="case", cascade="all, delete-orphan"
    )
    # No delete cascade: deleting a case unassigns its documents, in the ORM so undo sees it.
    documents: Mapped[list[Document]] = relationship(back_populates="case")


class AttributeDefinition(Base):
    __tablename__ = "attributes"
    __table_args__ = (UniqueConstraint("target", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(10), default=AttributeType.TEXT.value)
    target: Mapped[str] = mapped_column(String(10), default=AttributeTarget.CASE.value)
    choices: Mapped[str] = mapped_column(Text, default="")  # newline-separated, in order
    position: Mapped[int] = mapped_column(Integer, default=0)
    case_values: Mapped[list[CaseValue]] = relationship(
        back_populates="attribute", cascade="all, delete-orphan"
    )
    document_values: Mapped[list[DocumentValue]] = relationship(
        back_populates="attribute", cascade="all, delete-orphan"
    )


class CaseValue(Base):
    __tablename__ = "case_values"
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    attribute_id: Mapped[int] = mapped_column(
        ForeignKey("attributes.id", ondelete="CASCADE"), primary_key=True
    )
    # Canonical text: numbers as plain decimals, dates as ISO; typed by the definition.
    value: Mapped[str] = mapped_column(Text, default="")
    case: Mapped[Case] = relationship(back_populates="values")
    attribute: Mapped[AttributeDefinition] = relationship(back_populates="case_values")


class Media(Base):
    __tablename__ = "media"
    id: Mapped[int] = mapped_column(primary_key=True)
    # Relative to the project's media folder when copied, to the project file when linked.
    path: Mapped[str] = mapped_column(Text)
    linked: Mapped[bool] = mapped_column(default=False)
    original_name: Mapped[str] = mapped_column(Text, default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    duration_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    documents: Mapped[list[Document]] = relationship(back_populates="media")


class Document(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500), unique=True)
    kind: Mapped[str] = mapped_column(
        String(40), default=DocumentKind.SEMI_STRUCTURED_INTERVIEW.value
    )
    language: Mapped[str] = mapped_column(String(20), default="")
    date: Mapped[date | None] = mapped_column(Date, nullable=True)
    interviewer: Mapped[str] = mapped_column(String(300), default="")
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), nullable=True, index=True
    )
    media_id: Mapped[int | None] = mapped_column(
        ForeignKey("media.id", ondelete="SET NULL"), nullable=True
    )
    transcript_status: Mapped[str] = mapped_column(String(20), default=TranscriptStatus.NONE.value)
    source_name: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Last on purpose: SQLite stores a long text in overflow pages, and every column after it
    # would cost a walk through them whenever a query reads only a document's title.
    text: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case | None] = relationship(back_populates="documents")
    media: Mapped[Media | None] = relationship(back_populates="documents")
    codings: Mapped[list[Coding]] = relationship(
        back_populates="document", cascade="all, delete-orphan"
    )
    segments: Mapped[list[TranscriptSegment]] = relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        order_by="TranscriptSegment.start_ms",
    )
    speakers: Mapped[list[Speaker]] = relationship(
        back_populates="document", cascade="all, delete-orphan"
    )
    values: Mapped[list[DocumentValue]] = relationship(
        back_populates="document", cascade="all, delete-orphan"
    )
    memos: Mapped[list[Memo]] = relationship(cascade="all, delete-orphan")


class DocumentValue(Base):
    __tablename__ = "document_values"
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    attribute_id: Mapped[int] = mapped_column(
        ForeignKey("attributes.id", ondelete="CASCADE"), primary_key=True
    )
    value: Mapped[str] = mapped_column(Text, default="")
    document: Mapped[Document] = relationship(back_populates="values")
    attribute: Mapped[AttributeDefinition] = relationship(back_populates="document_values")


class Speaker(Base):
    __tablename__ = "speakers"
    __table_args__ = (UniqueConstraint("document_id", "label"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    # ``label`` is the stable key (S1, S2 or the imported name); ``name`` is what people read.
    label: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(50), default="")
    document: Mapped[Document] = relationship(back_populates="speakers")
    segments: Mapped[list[TranscriptSegment]] = relationship(back_populates="speaker")


class TranscriptSegment(Base):
    __tablename__ = "transcript_segments"
    __table_args__ = (
        Index("ix_segments_document_char", "document_id", "char_start"),
        CheckConstraint("end_ms >= start_ms", name="segment_time_order"),
        CheckConstraint("char_end >= char_start", name="segment_char_order"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    start_ms: Mapped[int] = mapped_column(Integer)
    end_ms: Mapped[int] = mapped_column(Integer)
    speaker_id: Mapped[int | None] = mapped_column(
        ForeignKey("speakers.id", ondelete="SET NULL"), nullable=True
    )
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    document: Mapped[Document] = relationship(back_populates="segments")
    speaker: Mapped[Speaker | None] = relationship(back_populates="segments")


def new_guid() -> str:
    return str(uuid.uuid4())


class Code(Base):
    __tablename__ = "codes"
    __table_args__ = (
        UniqueConstraint("parent_id", "name"),
        Index("ix_codes_guid", "guid", unique=True),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable identity across copies of a project (merging) and across renames.
    guid: Mapped[str] = mapped_column(String(36), default=new_guid, server_default="")
    # Optimistic locking: an UPDATE of a code whose version moved on raises StaleDataError, so
    # two coders editing the codebook of a shared project cannot overwrite each other silently.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("codes.id", ondelete="CASCADE"), nullable=True, index=True
    )
    name: Mapped[str] = mapped_column(String(300))
    color: Mapped[str] = mapped_column(String(9), default="#F2C744")
    definition: Mapped[str] = mapped_column(Text, default="")
    when_to_use: Mapped[str] = mapped_column(Text, default="")
    when_not_to_use: Mapped[str] = mapped_column(Text, default="")
    example: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    parent: Mapped[Code | None] = relationship(remote_side="Code.id", back_populates="children")
    children: Mapped[list[Code]] = relationship(
        back_populates="parent", cascade="all, delete-orphan", order_by="Code.position"
    )
    codings: Mapped[list[Coding]] = relationship(
        back_populates="code", cascade="all, delete-orphan"
    )
    memos: Mapped[list[Memo]] = relationship(cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own typing


class Coding(Base):
    __tablename__ = "codings"
    __table_args__ = (
        UniqueConstraint("document_id", "code_id", "coder_id", "start", "end"),
        Index("ix_codings_document_start", "document_id", "start"),
        Index("ix_codings_code", "code_id"),
        CheckConstraint('"end" > start AND start >= 0', name="coding_span"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id", ondelete="CASCADE"))
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id", ondelete="RESTRICT"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    memo: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    document: Mapped[Document] = relationship(back_populates="codings")
    code: Mapped[Code] = relationship(back_populates="codings")
    coder: Mapped[Coder] = relationship()


class Memo(Base):
    """A memo on the project (no target), a document, or a code. Coding memos live on Coding."""

    __tablename__ = "memos"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), nullable=True, index=True
    )
    code_id: Mapped[int | None] = mapped_column(
        ForeignKey("codes.id", ondelete="CASCADE"), nullable=True, index=True
    )
    title: Mapped[str] = mapped_column(String(300), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class TranscriptionPiece(Base):
    """Raw speech recognised by a running transcription job, saved as it comes.

    A job that is cancelled or crashes resumes after the last saved piece; once the job
    finishes, the pieces become the document's transcript and are deleted.
    """

    __tablename__ = "transcription_pieces"
    __table_args__ = (Index("ix_pieces_document_start", "document_id", "start_ms"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    start_ms: Mapped[int] = mapped_column(Integer)
    end_ms: Mapped[int] = mapped_column(Integer)
    # What the pieces were made from (audio hash, model, options): others are not resumed.
    job_key: Mapped[str] = mapped_column(String(64), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    # The piece as the engine gave it, word timings included (JSON), for speaker turns.
    data: Mapped[str] = mapped_column(Text, default="")
