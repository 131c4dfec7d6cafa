"""Who is coding: the current coder of this user, and the coders of a project.

The current coder is chosen per user, not per project: a researcher codes under one name in
every project. Front ends resolve it in this order: an explicit name (``--coder``), then
``$TRANSCODA_CODER``, then the name saved in the user's settings file (``coder.json`` in the
platformdirs config folder, written by the desktop app's "Coder name" dialog and by
``transcoda coder set``), then the login name.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from coding import lookup
from coding.errors import InvalidInput
from coding.project import Project
from models.entities import Coder, Coding

CONFIG_ENV = "TRANSCODA_CONFIG_DIR"
SETTINGS_NAME = "coder.json"


def settings_file() -> Path:
    configured = os.environ.get(CONFIG_ENV, "").strip()
    if configured:
        return Path(configured) / SETTINGS_NAME
    from platformdirs import user_config_dir

    return Path(user_config_dir("transcoda", appauthor=False)) / SETTINGS_NAME


def saved_coder() -> str | None:
    """The name saved in the user's settings file, or None (missing or unreadable file)."""
    try:
        data = json.loads(settings_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    name = data.get("coder") if isinstance(data, dict) else None
    if not isinstance(name, str) or not name.strip():
        return None
    return name.strip()


def save_coder(name: str) -> Path:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidInput("a coder needs a name")
    from models.private_files import private_folder, private_replace

    path = settings_file()
    private_folder(path.parent, parents=True)
    with private_replace(path) as handle:
        handle.write(json.dumps({"coder": cleaned}, ensure_ascii=False).encode("utf-8"))
    return path


def current_coder(explicit: str | None = None) -> str:
    if explicit and explicit.strip():
        return explicit.strip()
    if os.environ.get(lookup.CODER_ENV, "").strip():
        return lookup.default_coder_name()
    return saved_coder() or lookup.default_coder_name()


def acting_coder(project: Project) -> str:
    """The coder recorded on a project's undo steps and on codings made without a name."""
    return project.coder or current_coder()


@dataclass(frozen=True)
class CoderSummary:
    id: int
    name: str
    color: str
    codings: int
    documents: int


def coder_summaries(project: Project) -> list[CoderSummary]:
    """Every coder with how many codings they made, in how many documents."""
    with project.reading() as session:
        counts = {
            row[0]: (row[1], row[2])
            for row in session.execute(
                select(
                    Coding.coder_id,
                    func.count(Coding.id),
                    func.count(func.distinct(Coding.document_id)),
                ).group_by(Coding.coder_id)
            )
        }
        return [
            CoderSummary(
                id=coder.id,
                name=coder.name,
                color=coder.color,
                codings=counts.get(coder.id, (0, 0))[0],
                documents=counts.get(coder.id, (0, 0))[1],
            )
            for coder in session.scalars(select(Coder).order_by(Coder.name))
        ]
