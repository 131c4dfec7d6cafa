"""Reviewing findings: list them with their context, accept or reject, choose pseudonyms."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select

from coding.changes import Changes
from coding.errors import InvalidInput, NotFound
from coding.operations import operation
from coding.privacy.entities import check_label, check_pseudonym
from coding.project import Project
from models.entities import Document
from models.privacy import FindingStatus, PrivacyEntity, PrivacyFinding

CONTEXT_CHARS = 40
STATUSES = tuple(status.value for status in FindingStatus)


@dataclass(frozen=True)
class FindingView:
    id: int
    document_id: int
    document: str
    start: int
    end: int
    text: str
    context: str
    entity_id: int
    label: str
    name: str
    pseudonym: str
    status: str
    detector: str


@dataclass(frozen=True)
class EntityView:
    id: int
    label: str
    name: str
    pseudonym: str
    source: str
    decision: str
    findings: dict[str, int]


def _context(text: str, start: int, end: int) -> str:
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    return " ".join(f"{before}[[{text[start:end]}]]{after}".split())


def list_findings(
    project: Project, *, status: str | None = None, document_id: int | None = None
) -> list[FindingView]:
    if status is not None and status not in STATUSES:
        raise InvalidInput(f"unknown status '{status}'; use one of {', '.join(STATUSES)}")
    with project.reading() as session:
        query = (
            select(PrivacyFinding, PrivacyEntity, Document.title, Document.text)
            .join(PrivacyEntity, PrivacyFinding.entity_id == PrivacyEntity.id)
            .join(Document, PrivacyFinding.document_id == Document.id)
            .order_by(Document.position, Document.id, PrivacyFinding.start)
        )
        if status is not None:
            query = query.where(PrivacyFinding.status == status)
        if document_id is not None:
            query = query.where(PrivacyFinding.document_id == document_id)
        return [
            FindingView(
                id=finding.id,
                document_id=finding.document_id,
                document=title,
                start=finding.start,
                end=finding.end,
                text=finding.text,
                context=_context(text, finding.start, finding.end),
                entity_id=entity.id,
                label=entity.label,
                name=entity.name,
                pseudonym=entity.pseudonym,
                status=finding.status,
                detector=finding.detector,
            )
            for finding, entity, title, text in session.execute(query)
        ]


def list_entities(project: Project) -> list[EntityView]:
    with project.reading() as session:
        counts: dict[int, dict[str, int]] = {}
        for entity_id, status, count in session.execute(
            select(PrivacyFinding.entity_id, PrivacyFinding.status, func.count()).group_by(
                PrivacyFinding.entity_id, PrivacyFinding.status
            )
        ):
            counts.setdefault(entity_id, {})[status] = count
        return [
            EntityView(
                e.id, e.label, e.name, e.pseudonym, e.source, e.decision, counts.get(e.id, {})
            )
            for e in session.scalars(
                select(PrivacyEntity).order_by(PrivacyEntity.label, PrivacyEntity.id)
            )
        ]


def decide(
    project: Project,
    *,
    accept: Iterable[int] = (),
    reject: Iterable[int] = (),
    accept_entities: Iterable[int] = (),
    reject_entities: Iterable[int] = (),
    all_pending: str | None = None,
) -> tuple[Changes, int]:
    """Accept or reject findings (by id), whole names (entity ids, now and in future
    detections), or every pending finding (``all_pending`` = accepted/rejected).

    Returns how many findings changed status. Applied findings are never changed here.
    """
    accept, reject = set(accept), set(reject)
    accept_entities, reject_entities = set(accept_entities), set(reject_entities)
    if accept & reject or accept_entities & reject_entities:
        raise InvalidInput("the same id cannot be both accepted and rejected")
    if all_pending not in (None, FindingStatus.ACCEPTED.value, FindingStatus.REJECTED.value):
        raise InvalidInput("all pending findings can only be accepted or rejected")
    changed = 0
    with operation(project, "Review names") as op:
        session = op.session
        wanted: dict[int, str] = {}
        for ids, status in (
            (accept, FindingStatus.ACCEPTED.value),
            (reject, FindingStatus.REJECTED.value),
        ):
            for finding_id in ids:
                if session.get(PrivacyFinding, finding_id) is None:
                    raise NotFound(f"no finding with id {finding_id}")
                wanted[finding_id] = status
        for ids, status in (
            (accept_entities, FindingStatus.ACCEPTED.value),
            (reject_entities, FindingStatus.REJECTED.value),
        ):
            for entity_id in ids:
                entity = session.get(PrivacyEntity, entity_id)
                if entity is None:
                    raise NotFound(f"no name with id {entity_id}")
                entity.decision = status
                for finding in entity.findings:
                    wanted.setdefault(finding.id, status)
        if all_pending is not None:
            for finding in session.scalars(
                select(PrivacyFinding).where(PrivacyFinding.status == FindingStatus.PENDING.value)
            ):
                wanted.setdefault(finding.id, all_pending)
        for finding_id, status in wanted.items():
            target = session.get(PrivacyFinding, finding_id)
            assert target is not None
            if target.status not in (FindingStatus.APPLIED.value, status):
                target.status = status
                changed += 1
        op.description = f"Review names ({changed} decisions)"
    return op.changes, changed


def set_pseudonym(
    project: Project, *, entity_id: int, pseudonym: str, label: str | None = None
) -> Changes:
    """Choose the pseudonym (and optionally the kind) of a name; several names may share one."""
    with operation(project, "Change pseudonym") as op:
        entity = op.session.get(PrivacyEntity, entity_id)
        if entity is None:
            raise NotFound(f"no name with id {entity_id}")
        entity.pseudonym = check_pseudonym(entity.name, pseudonym)
        if label is not None:
            entity.label = check_label(label)
        op.id = entity.id
    return op.changes
