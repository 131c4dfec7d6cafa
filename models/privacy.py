"""Pseudonymisation: the names found in transcripts, the decisions on them, and the mapping.

``PrivacyEntity`` is one real name (a person, place, organisation or listed term) with the
one pseudonym that stands for it everywhere in the project: this table *is* the mapping, and
it never leaves the project file (exports only ever contain the pseudonyms).
``PrivacyFinding`` is one occurrence of an entity in a document's text, awaiting a decision.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from models.base import Base, utcnow
from models.entities import Document


class EntityLabel(StrEnum):
    PERSON = "PERSON"
    PLACE = "PLACE"
    ORG = "ORG"
    TERM = "TERM"


class FindingStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    # Replaced in the project's own text; the finding now spans the pseudonym.
    APPLIED = "applied"


class EntitySource(StrEnum):
    DETECTED = "detected"
    LIST = "list"


class PrivacyEntity(Base):
    __tablename__ = "privacy_entities"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(20), default=EntityLabel.PERSON.value)
    # The real name as people write it (``Анна Иванова``): sensitive, stays in the project.
    name: Mapped[str] = mapped_column(Text)
    # Lemmas of its words, casefolded and space-separated: one entity per key.
    key: Mapped[str] = mapped_column(Text, unique=True)
    pseudonym: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20), default=EntitySource.DETECTED.value)
    # A decision on the name itself ("" = none yet): new findings of it take this status.
    decision: Mapped[str] = mapped_column(String(20), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    findings: Mapped[list[PrivacyFinding]] = relationship(
        back_populates="entity", cascade="all, delete-orphan"
    )


class PrivacyFinding(Base):
    __tablename__ = "privacy_findings"
    __table_args__ = (
        UniqueConstraint("document_id", "start", "end"),
        Index("ix_privacy_findings_entity", "entity_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    entity_id: Mapped[int] = mapped_column(ForeignKey("privacy_entities.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    # What the span held when found, so a later edit of the text is noticed before applying.
    text: Mapped[str] = mapped_column(Text)
    detector: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(20), default=FindingStatus.PENDING.value)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    entity: Mapped[PrivacyEntity] = relationship(back_populates="findings")
    # Declared from this side so that models.entities need not know about privacy; the ORM
    # cascade lets the undo recorder see the findings a deleted document takes with it.
    document: Mapped[Document] = relationship(
        backref=backref("privacy_findings", cascade="all, delete-orphan")
    )
