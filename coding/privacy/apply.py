"""Putting pseudonyms in place: in the project's own text, or only in what is exported.

Applying to the project is one operation (one undo step). Each accepted name is replaced
through ``text_edit.replace_in``, so codings and transcript segments keep covering the same
words. Names are also replaced in titles, speaker names, memos, case names and values, file
names. The real names remain in the undo history, the mapping and the backups until they are
removed: a project to be shared should be exported, not copied.

Exports never change the project: ``export_pseudonymiser`` returns the function the Word
reports (and every other export) pass all their text through.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding.changes import Changes
from coding.operations import operation
from coding.privacy import lemmas
from coding.privacy.entities import patterns_of
from coding.privacy.fields import apply_fields
from coding.project import Project
from coding.text_edit import replace_in
from models.entities import (
    Document,
)
from models.privacy import EntitySource, FindingStatus, PrivacyEntity, PrivacyFinding

Pseudonymiser = Callable[[str], str]


@dataclass
class ApplySummary:
    documents: int = 0
    replaced: int = 0
    # Accepted findings whose text was edited after detection: detect again, then apply.
    stale: int = 0
    pending: int = 0
    other_fields: int = 0


def _masked(entity: PrivacyEntity, *, exports: bool) -> bool:
    """Whether a name is replaced: in exports unless rejected, in the project once accepted."""
    if entity.decision == FindingStatus.REJECTED.value:
        return False
    if entity.decision == FindingStatus.ACCEPTED.value or entity.source == EntitySource.LIST:
        return True
    statuses = {finding.status for finding in entity.findings}
    if exports:
        return not statuses or statuses != {FindingStatus.REJECTED.value}
    return bool(statuses & {FindingStatus.ACCEPTED.value, FindingStatus.APPLIED.value})


def _matcher(session: Session, *, exports: bool) -> tuple[lemmas.Matcher, dict[int, str]]:
    entities = [e for e in session.scalars(select(PrivacyEntity)) if _masked(e, exports=exports)]
    matcher = lemmas.Matcher(p for e in entities for p in patterns_of(e))
    return matcher, {e.id: e.pseudonym for e in entities}


class NameReplacer:
    """Text in, text with every known name replaced out; also says where it replaced them, so
    that positions into a document (codings, transcript segments) can follow the new text."""

    def __init__(self, matcher: lemmas.Matcher, pseudonyms: dict[int, str]) -> None:
        self._matcher = matcher
        self._pseudonyms = pseudonyms

    def __bool__(self) -> bool:
        return bool(self._matcher)

    def __call__(self, text: str) -> str:
        return self._matcher.replace(text, self._pseudonyms) if text else text

    def edits(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, pseudonym) of every name in ``text``, in order, never overlapping."""
        if not text:
            return []
        return [(m.start, m.end, self._pseudonyms[m.entity_id]) for m in self._matcher.find(text)]


def export_pseudonymiser(project: Project) -> NameReplacer:
    """Text in, text with every known name replaced out; pending names count (safer)."""
    with project.reading() as session:
        matcher, pseudonyms = _matcher(session, exports=True)
    return NameReplacer(matcher, pseudonyms)


def apply_to_project(
    project: Project, *, document_ids: Sequence[int] | None = None, other_fields: bool = True
) -> tuple[Changes, ApplySummary]:
    summary = ApplySummary()
    with operation(project, "Pseudonymise") as op:
        session = op.session
        query = select(Document)
        if document_ids is not None:
            query = query.where(Document.id.in_(list(document_ids)))
        for document in session.scalars(query.order_by(Document.id)):
            replaced = _apply_document(session, document, summary)
            if replaced:
                summary.documents += 1
                summary.replaced += replaced
        if other_fields:
            matcher, pseudonyms = _matcher(session, exports=False)
            summary.other_fields = apply_fields(session, matcher, pseudonyms, document_ids)
        summary.pending = sum(
            1
            for _ in session.scalars(
                select(PrivacyFinding.id).where(
                    PrivacyFinding.status == FindingStatus.PENDING.value
                )
            )
        )
        op.description = f"Pseudonymise {summary.replaced} names in {summary.documents} documents"
    return op.changes, summary


def _apply_document(session: Session, document: Document, summary: ApplySummary) -> int:
    findings = list(
        session.scalars(select(PrivacyFinding).where(PrivacyFinding.document_id == document.id))
    )
    text = document.text
    chosen: list[PrivacyFinding] = []
    covered_until = -1
    applied = [f for f in findings if f.status == FindingStatus.APPLIED.value]
    accepted = [f for f in findings if f.status == FindingStatus.ACCEPTED.value]
    for finding in sorted(accepted, key=lambda f: (f.start, -(f.end - f.start))):
        if text[finding.start : finding.end] != finding.text:
            summary.stale += 1
            continue
        if finding.start < covered_until or any(
            a.start < finding.end and finding.start < a.end for a in applied
        ):
            continue
        chosen.append(finding)
        covered_until = finding.end
    if not chosen:
        return 0
    edits = [(f.start, f.end, f.entity.pseudonym) for f in chosen]
    for start, end, pseudonym in reversed(edits):
        replace_in(session, document, start, end, pseudonym)
    for finding in findings:
        if finding in chosen:
            continue
        moved = _moved(finding.start, finding.end, edits)
        if moved is None:
            session.delete(finding)
        elif moved != (finding.start, finding.end):
            finding.start, finding.end = moved
    delta = 0
    for finding, (start, end, pseudonym) in zip(chosen, edits, strict=True):
        finding.start = start + delta
        finding.end = finding.start + len(pseudonym)
        finding.text = pseudonym
        finding.status = FindingStatus.APPLIED.value
        delta += len(pseudonym) - (end - start)
    return len(chosen)


def _moved(start: int, end: int, edits: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    """Where an untouched finding lies after the edits; None when an edit overlapped it."""
    delta = 0
    for edit_start, edit_end, pseudonym in edits:
        if edit_start < end and start < edit_end:
            return None
        if edit_end <= start:
            delta += len(pseudonym) - (edit_end - edit_start)
    return start + delta, end + delta
