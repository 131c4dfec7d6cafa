"""The mapping from real names to pseudonyms: one entity per name, numbered per kind.

A name found in another form (Ивановым, Ivanovs) joins the entity of the same name rather
than starting a new one, so a person keeps one pseudonym across the whole project.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding.errors import InvalidInput
from coding.privacy import lemmas
from models.privacy import EntityLabel, EntitySource, FindingStatus, PrivacyEntity

LABELS = tuple(label.value for label in EntityLabel)


def check_label(label: str) -> str:
    upper = label.strip().upper()
    aliases = {"PER": "PERSON", "LOC": "PLACE", "GPE": "PLACE", "CITY": "PLACE"}
    upper = aliases.get(upper, upper)
    if upper not in LABELS:
        raise InvalidInput(f"unknown kind of name '{label}'; use one of {', '.join(LABELS)}")
    return upper


def next_pseudonym(session: Session, label: str) -> str:
    pattern = re.compile(rf"^\[{re.escape(label)}-(\d+)\]$")
    numbers = [
        int(match.group(1))
        for pseudonym in session.scalars(select(PrivacyEntity.pseudonym))
        if (match := pattern.match(pseudonym))
    ]
    return f"[{label}-{max(numbers, default=0) + 1}]"


def check_pseudonym(name: str, pseudonym: str) -> str:
    pseudonym = " ".join(pseudonym.split())
    if not pseudonym:
        raise InvalidInput(f"the pseudonym for '{name}' is empty")
    if lemmas.Matcher([lemmas.Pattern.of(0, name)]).find(pseudonym):
        raise InvalidInput(f"the pseudonym '{pseudonym}' contains the real name '{name}'")
    return pseudonym


def find_entity(session: Session, name: str) -> PrivacyEntity | None:
    """The entity ``name`` belongs to: the same key, or a name all of whose words match."""
    key = lemmas.name_key(name)
    if not key:
        return None
    exact = session.scalars(select(PrivacyEntity).where(PrivacyEntity.key == key)).first()
    if exact is not None:
        return exact
    size = len(key.split())
    wanted = lemmas.Pattern.of(0, name)
    for entity in session.scalars(select(PrivacyEntity)):
        if len(entity.key.split()) != size or entity.key.endswith(lemmas.WILDCARD):
            continue
        theirs = lemmas.Pattern.of(entity.id, entity.name)
        if all(not a.isdisjoint(b) for a, b in zip(wanted.variants, theirs.variants, strict=True)):
            return entity
    return None


def entity_for(
    session: Session,
    name: str,
    label: str,
    *,
    source: str = EntitySource.DETECTED.value,
    pseudonym: str | None = None,
) -> tuple[PrivacyEntity, bool]:
    """The entity for ``name``, created when new; True when it was created."""
    found = find_entity(session, name)
    if found is not None:
        return found, False
    display = name.strip() if name.strip().endswith(lemmas.WILDCARD) else lemmas.display_name(name)
    entity = PrivacyEntity(
        label=label,
        name=display,
        key=lemmas.name_key(name),
        pseudonym=check_pseudonym(display, pseudonym)
        if pseudonym
        else next_pseudonym(session, label),
        source=source,
        decision=FindingStatus.ACCEPTED.value if source == EntitySource.LIST.value else "",
    )
    session.add(entity)
    session.flush()
    return entity, True


def pattern_of(entity: PrivacyEntity) -> lemmas.Pattern:
    # Listed terms also catch words that begin with them (see coding.privacy.lemmas).
    return lemmas.Pattern.of(entity.id, entity.name, loose=entity.source == EntitySource.LIST)


def patterns_of(entity: PrivacyEntity) -> list[lemmas.Pattern]:
    """What finds a name: the whole name and, for a person, each of its words alone.

    "Smith later left" names John Smith, and "Сашей" names the Саша the list gives as his
    diminutive (an alias is an entity of its own with the same pseudonym). The whole name is
    longer, so it wins where it occurs in full.
    """
    whole = pattern_of(entity)
    if entity.label != EntityLabel.PERSON.value:
        return [whole]
    loose = entity.source == EntitySource.LIST
    return [whole] + [
        lemmas.Pattern.of(entity.id, part, loose=loose) for part in lemmas.name_parts(entity.name)
    ]


def new_finding_status(entity: PrivacyEntity) -> str:
    if entity.decision in (FindingStatus.ACCEPTED.value, FindingStatus.REJECTED.value):
        return entity.decision
    return FindingStatus.PENDING.value
