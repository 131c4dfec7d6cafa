"""Replacing names everywhere else a project keeps text: titles, speakers, memos, codebook.

Every text column of every table is swept, except those that hold no one's words (keys,
colours, hashes, file paths inside the project) and derived or private data (the undo history,
the change feed, the search index, the mapping itself). A column added to the schema later is
therefore covered without anyone remembering to list it here. Names that must stay unique
(document titles, case names) get a number when two would meet.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coding.errors import Conflict
from coding.privacy import lemmas
from models.base import Base
from models.entities import Setting

SKIPPED_TABLES = frozenset(
    {
        "alembic_version",
        "undo_steps",
        "change_events",
        "search_documents",
        "search_postings",
        "privacy_entities",
        "privacy_findings",
        # Settings are machine values (the format marker, keys); only the title is text.
        "settings",
    }
)
SKIPPED_COLUMNS = frozenset(
    {
        ("documents", "text"),  # replaced span by span, so codings keep their words
        ("documents", "kind"),
        ("documents", "language"),
        ("documents", "transcript_status"),
        ("codes", "guid"),
        ("codes", "color"),
        ("coders", "color"),
        ("attributes", "type"),
        ("attributes", "target"),
        ("media", "path"),
        ("media", "sha256"),
    }
)
UNIQUE_NAMES = frozenset({("documents", "title"), ("cases", "name")})


def apply_fields(
    session: Session,
    matcher: lemmas.Matcher,
    pseudonyms: dict[int, str],
    document_ids: Sequence[int] | None,
) -> int:
    """Replace known names in every text field; only the given documents' rows when asked."""
    if not matcher:
        return 0
    changed = 0
    for mapper in sorted(Base.registry.mappers, key=lambda m: str(m.local_table)):
        table = mapper.local_table
        name = str(getattr(table, "name", ""))
        if name in SKIPPED_TABLES:
            continue
        columns = [
            prop.key
            for prop in mapper.column_attrs
            if len(prop.columns) == 1
            and isinstance(prop.columns[0].type, String | Text)
            and (name, prop.columns[0].name) not in SKIPPED_COLUMNS
        ]
        if not columns:
            continue
        query = select(mapper.class_)
        if document_ids is not None:
            key = "id" if name == "documents" else "document_id"
            if key not in table.c:
                continue
            query = query.where(table.c[key].in_(list(document_ids)))
        taken = {
            column: {str(v).lower() for v in session.scalars(select(table.c[column]))}
            for column in columns
            if (name, column) in UNIQUE_NAMES
        }
        for row in session.scalars(query):
            for column in columns:
                value = getattr(row, column)
                if not isinstance(value, str) or not value:
                    continue
                new = matcher.replace(value, pseudonyms)
                if new == value:
                    continue
                if column in taken:
                    taken[column].discard(value.lower())
                    new = _unique(new, taken[column])
                    taken[column].add(new.lower())
                setattr(row, column, new)
                changed += 1
    if document_ids is None:
        title = session.get(Setting, "title")
        if title is not None and title.value:
            new_title = matcher.replace(title.value, pseudonyms)
            if new_title != title.value:
                title.value = new_title
                changed += 1
    try:
        session.flush()
    except IntegrityError as error:
        raise Conflict(
            "pseudonyms would give two rows the same name; choose distinct pseudonyms "
            f"({error.orig})"
        ) from None
    return changed


def _unique(wanted: str, taken: set[str]) -> str:
    title, number = wanted, 2
    while title.lower() in taken:
        title = f"{wanted} ({number})"
        number += 1
    return title
