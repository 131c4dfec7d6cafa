"""Finding names in a project's documents and storing them as findings to review.

Detection runs in two passes. The NER models read each English and Russian document (slow;
done before the project is touched). Then every document, in any language, is searched for
every name the project knows, from the terms list or found anywhere by NER, in all its
forms: a name recognised once in a Russian interview is also caught in the German one.
Running detection again keeps every decision already made and adds only what is new.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding.changes import Changes
from coding.operations import operation
from coding.privacy import detectors, lemmas
from coding.privacy.entities import entity_for, new_finding_status, patterns_of
from coding.project import Project
from models.entities import Document
from models.privacy import FindingStatus, PrivacyEntity, PrivacyFinding
from models.progress import NullReporter, Reporter, check_cancelled


@dataclass
class DetectionSummary:
    documents: int = 0
    new_findings: int = 0
    new_entities: int = 0
    # Findings whose text was edited since; they are dropped and looked for again.
    dropped: int = 0
    # Document titles searched only for known names, by language (no NER model for it).
    without_ner: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Source:
    id: int
    title: str
    text: str
    language: str
    found: tuple[detectors.Detected, ...]


def detect(
    project: Project,
    *,
    document_ids: Sequence[int] | None = None,
    reporter: Reporter | None = None,
    ner: bool = True,
) -> tuple[Changes, DetectionSummary]:
    """Find names; ``ner=False`` looks only for names the project already knows (fast)."""
    reporter = reporter or NullReporter()
    summary = DetectionSummary()
    with project.reading() as session:
        query = select(Document.id, Document.title, Document.text, Document.language)
        if document_ids is not None:
            query = query.where(Document.id.in_(list(document_ids)))
        rows = list(session.execute(query.order_by(Document.position, Document.id)))
    sources: list[_Source] = []
    for number, (doc_id, title, text, language) in enumerate(rows):
        check_cancelled(reporter)
        reporter.progress(number, len(rows), f"Looking for names in {title}")
        language = language or detectors.guess_language(text)
        if ner and not detectors.has_ner(language):
            summary.without_ner.setdefault(detectors.base_language(language) or "?", []).append(
                title
            )
        found = tuple(detectors.detect(text, language)) if ner else ()
        sources.append(_Source(doc_id, title, text, language, found))
    summary.documents = len(sources)
    check_cancelled(reporter)
    with operation(project, f"Find names in {len(sources)} documents") as op:
        session = op.session
        named: dict[str, int] = {}
        for source in sources:
            for item in source.found:
                if item.text not in named:
                    entity, created = entity_for(session, item.text, item.label.value)
                    named[item.text] = entity.id
                    summary.new_entities += created
        entities = {entity.id: entity for entity in session.scalars(select(PrivacyEntity))}
        matcher = lemmas.Matcher(p for e in entities.values() for p in patterns_of(e))
        for source in sources:
            spans: dict[tuple[int, int], tuple[int, str]] = {}
            # Every NER span is kept (the person decides), then known names in all their forms.
            for item in source.found:
                detector = f"ner-{detectors.base_language(source.language)}"
                spans.setdefault((item.start, item.end), (named[item.text], detector))
            for match in matcher.find(source.text):
                spans.setdefault((match.start, match.end), (match.entity_id, "names"))
            _store(session, source, spans, entities, summary)
    reporter.progress(len(rows), len(rows), "Done")
    return op.changes, summary


def _store(
    session: Session,
    source: _Source,
    spans: dict[tuple[int, int], tuple[int, str]],
    entities: dict[int, PrivacyEntity],
    summary: DetectionSummary,
) -> None:
    existing: dict[tuple[int, int], PrivacyFinding] = {}
    for finding in session.scalars(
        select(PrivacyFinding).where(PrivacyFinding.document_id == source.id)
    ):
        if source.text[finding.start : finding.end] != finding.text:
            session.delete(finding)
            summary.dropped += 1
        else:
            existing[(finding.start, finding.end)] = finding
    session.flush()
    applied = [f for f in existing.values() if f.status == FindingStatus.APPLIED.value]
    for (start, end), (entity_id, detector) in sorted(spans.items()):
        # Never find a name again inside a pseudonym that already replaced one.
        if (start, end) in existing or any(f.start < end and start < f.end for f in applied):
            continue
        entity = entities[entity_id]
        session.add(
            PrivacyFinding(
                document_id=source.id,
                entity_id=entity.id,
                start=start,
                end=end,
                text=source.text[start:end],
                detector=detector,
                status=new_finding_status(entity),
            )
        )
        summary.new_findings += 1
