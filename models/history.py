"""The persistent undo history: one row per undoable step, newest last."""

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


HISTORY_TABLES = frozenset({"undo_steps", "alembic_version"})
