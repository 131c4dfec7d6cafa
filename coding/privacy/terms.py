"""The project's list of sensitive terms: names the researcher knows must never appear.

A terms file is a CSV with one name per row: ``term,pseudonym[,kind[,aliases]]``. The
pseudonym may be left empty (a numbered one is given: ``[PERSON-3]``); kind is PERSON, PLACE,
ORG or TERM (default TERM). Aliases are other names of the same person or place, separated by
``|``: diminutives, nicknames, old names (``Александр Ковальчук,Участник А,PERSON,Саша|Шура``;
``Тбилиси,[CITY],PLACE,Tiflis|თბილისი``); ``|`` inside the term itself works too. Each alias
gets the term's pseudonym and is matched in every form, like the term. A header row naming
the columns is allowed. Listed terms count as accepted: every form of them is replaced
without review; a listed person's surname or given name alone is replaced too.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from coding.changes import Changes
from coding.errors import InvalidInput
from coding.importers.errors import ImportFormatError
from coding.importers.limits import MEGABYTE, ensure_size_within
from coding.operations import operation
from coding.privacy.entities import check_label, check_pseudonym, entity_for
from coding.privacy.lemmas import words
from coding.project import Project
from models.privacy import EntityLabel, EntitySource, FindingStatus, PrivacyEntity

MAX_TERMS = 50_000
MAX_FILE_BYTES = 10 * MEGABYTE
_HEADER_WORDS = frozenset({"term", "name", "names", "terms", "real", "real name"})


@dataclass(frozen=True)
class Term:
    term: str
    pseudonym: str = ""
    label: str = EntityLabel.TERM.value
    # Other names of the same person or place (diminutives: Саша, Шура); same pseudonym.
    aliases: tuple[str, ...] = ()


ALIAS_SEPARATOR = "|"


def _names(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(ALIAS_SEPARATOR) if part.strip()]


def read_terms(path: Path) -> list[Term]:
    if not path.is_file():
        raise InvalidInput(f"no terms file at {path}")
    ensure_size_within(path.stat().st_size, filename=path.name, max_bytes=MAX_FILE_BYTES)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InvalidInput(f"cannot read {path}: {error.strerror}") from None
    return parse_terms(data, filename=path.name)


def parse_terms(data: bytes, *, filename: str) -> list[Term]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFormatError(
            filename, f"is not UTF-8 text (byte {error.start}); save it as CSV UTF-8"
        ) from None
    if "\x00" in text:
        raise ImportFormatError(filename, "is not a CSV file: it contains binary data")
    sample = text[:4096]
    delimiter = max((",", ";", "\t"), key=sample.count)
    rows: list[Term] = []
    try:
        for number, record in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
            cells = [cell.strip() for cell in record]
            if not cells or not cells[0]:
                continue
            if number == 1 and cells[0].lower() in _HEADER_WORDS:
                continue
            if len(rows) >= MAX_TERMS:
                raise ImportFormatError(filename, f"has more than {MAX_TERMS} terms")
            names = _names(cells[0]) + (_names(cells[3]) if len(cells) > 3 else [])
            if not names or any(not words(name) for name in names):
                raise ImportFormatError(filename, "has a term with no letters", row=number)
            label = EntityLabel.TERM.value
            if len(cells) > 2 and cells[2]:
                try:
                    label = check_label(cells[2])
                except InvalidInput as error:
                    raise ImportFormatError(filename, f"row {number}: {error}") from None
            pseudonym = cells[1] if len(cells) > 1 else ""
            rows.append(Term(names[0], pseudonym, label, tuple(dict.fromkeys(names[1:]))))
    except csv.Error as error:
        raise ImportFormatError(filename, f"is not a readable CSV file: {error}") from None
    if not rows:
        raise ImportFormatError(filename, "lists no terms (write one per row: term,pseudonym)")
    return rows


def add_terms(project: Project, *, terms: Sequence[Term]) -> tuple[Changes, int]:
    """Add or update listed terms; an existing name keeps its entity and takes the new pseudonym.

    Returns the number of new entities.
    """
    created = 0
    with operation(project, f"Add {len(terms)} sensitive terms") as op:
        for term in terms:
            pseudonym = check_pseudonym(term.term, term.pseudonym) if term.pseudonym else None
            entity, new = entity_for(
                op.session,
                term.term,
                term.label,
                source=EntitySource.LIST.value,
                pseudonym=pseudonym,
            )
            created += new
            if not new:
                _listed(entity, term.label, pseudonym)
            for alias in term.aliases:
                shared = check_pseudonym(alias, entity.pseudonym)
                other, new = entity_for(
                    op.session, alias, term.label, source=EntitySource.LIST.value, pseudonym=shared
                )
                created += new
                if not new and other.id != entity.id:
                    _listed(other, term.label, shared)
    return op.changes, created


def _listed(entity: PrivacyEntity, label: str, pseudonym: str | None) -> None:
    entity.source = EntitySource.LIST.value
    entity.decision = FindingStatus.ACCEPTED.value
    if pseudonym:
        entity.pseudonym = pseudonym
    if label != EntityLabel.TERM.value:
        entity.label = label
