"""GUIDs for REFI-QDA exchange: stable on export, forgiving on import.

Exported GUIDs are derived, not stored: ``uuid5(project namespace, "kind:row id[:created]")``.
The namespace is a random UUID kept in the project's settings table, made the first time a
project is exported. Deriving rather than adding a GUID column to every table keeps the schema
(and its migrations, which other work changes too) untouched, and gives the same GUID to the
same row in every export, which is what another tool needs to recognise a re-exported code.
The row's creation time is part of the name where the row has one, so that a row id SQLite
reuses after a deletion does not inherit the deleted row's GUID. An imported project gets its
own namespace: GUIDs from the source file are not kept.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime

from sqlalchemy import select

from coding.operations import operation
from coding.project import Project
from models.entities import Setting

NAMESPACE_KEY = "refi_qda_namespace"

_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Word processors and PDF copies turn hyphens into look-alikes; GUIDs seen in the wild have them.
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-"})


def project_namespace(project: Project) -> uuid.UUID:
    """The project's GUID namespace, created (outside the undo history) on first use."""
    with project.reading() as session:
        stored = session.scalar(select(Setting.value).where(Setting.key == NAMESPACE_KEY))
    if stored:
        try:
            return uuid.UUID(stored)
        except ValueError:
            pass  # a damaged value: replace it rather than fail every export
    if project.read_only:
        # Nothing may be stored: GUIDs stay stable for as long as the file stays where it is.
        return uuid.uuid5(uuid.NAMESPACE_URL, f"transcoda-project:{project.path.resolve()}")
    with operation(project, "Prepare REFI-QDA export") as op:
        # Bookkeeping that no one asked for: undoing it would only change future GUIDs.
        op.undoable = False
        row = op.session.get(Setting, NAMESPACE_KEY)
        value = str(uuid.uuid4())
        if row is None:
            op.session.add(Setting(key=NAMESPACE_KEY, value=value))
        elif not _is_uuid(row.value):
            row.value = value
        else:
            value = row.value
    return uuid.UUID(value)


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


class GuidMaker:
    """Derives the GUID of every exported element from the project namespace."""

    def __init__(self, namespace: uuid.UUID) -> None:
        self.namespace = namespace

    def __call__(self, kind: str, key: object, created: datetime | None = None) -> str:
        name = f"{kind}:{key}"
        if created is not None:
            name += f":{created.isoformat()}"
        return str(uuid.uuid5(self.namespace, name))


def normalise_guid(raw: str | None) -> str | None:
    """A GUID as Transcoda compares them (lower case, no braces), or None if it is not one."""
    if raw is None:
        return None
    text = raw.strip().translate(_DASHES).lower()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1].strip()
    return text if _GUID.fullmatch(text) else None
