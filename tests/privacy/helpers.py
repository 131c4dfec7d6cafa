"""Comparing a project's content before and after, leaving out its own bookkeeping."""

from __future__ import annotations

from pathlib import Path

from tests.domain.helpers import dump

# The undo history and the change feed grow with every step, undo included, by design.
BOOKKEEPING = ('INSERT INTO "undo_steps"', 'INSERT INTO "change_events"')


def content(path: Path) -> list[str]:
    return [line for line in dump(path) if not line.startswith(BOOKKEEPING)]
