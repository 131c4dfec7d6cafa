"""The persistent undo history (one row per undoable step, newest last) and the change feed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class UndoStep(Base):
    __tablename__ = "undo_steps"
    id: Mapped[int] = mapped_column(primary_key=True)
    description: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Undone steps form the redo stack; a new step discards them.
    undone: Mapped[bool] = mapped_column(default=False, index=True)
    # JSON list of row changes in execution order (see coding.undo_recorder).
    changes: Mapped[str] = mapped_column(Text)
    # Who made the step: on a shared project each coder undoes only their own steps.
    coder: Mapped[str] = mapped_column(String(200), default="", server_default="")


class ChangeEvent(Base):
    """One row per committed change (an operation, an undo, a redo), for views to poll.

    Inserts never contend with each other, unlike a single counter row that every writer would
    have to lock; the newest id is the project's change counter.
    """

    __tablename__ = "change_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    coder: Mapped[str] = mapped_column(String(200), default="")
    # Comma-separated names of the tables the change touched.
    tables: Mapped[str] = mapped_column(Text, default="")


HISTORY_TABLES = frozenset({"undo_steps", "alembic_version", "change_events"})
