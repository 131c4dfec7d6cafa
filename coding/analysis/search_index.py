"""Building and reading the lemma index kept in the project (models.search_index).

Lemmatising is the slow part of search, so it happens once per text: ``refresh_index`` analyses
only documents whose index is missing or stale (the migration's trigger drops the index of a
changed text; stamps and a content hash catch the rest) and commits each document on its own,
so a cancelled run keeps what it finished. A read-only project cannot store an index: stale
documents are then analysed in memory for the session (``LemmaIndex`` overlays them).
"""

from __future__ import annotations

import hashlib
import sys
import time
import weakref
from array import array
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, update

from coding.analysis.lemmas import ANALYSER_VERSION, Analysis, analyse
from coding.project import Project
from models.base import utcnow
from models.entities import Document
from models.progress import NullReporter, Reporter, check_cancelled
from models.search_index import SearchDocument, SearchPosting

_CHUNK = 500
_LITTLE = sys.byteorder == "little"


def pack(values: Iterable[int]) -> bytes:
    data = array("i", values)
    if not _LITTLE:
        data.byteswap()
    return data.tobytes()


def unpack(blob: bytes) -> array[int]:
    data = array("i")
    data.frombytes(blob)
    if not _LITTLE:
        data.byteswap()
    return data


def content_hash(text: str, language: str) -> str:
    digest = hashlib.sha256(f"{ANALYSER_VERSION}\0{language}\0".encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@dataclass(frozen=True)
class IndexReport:
    indexed: int
    unchanged: int
    documents: int
    words: int
    seconds: float


@dataclass
class Overlay:
    """Analyses of stale documents that a read-only project could not store."""

    postings: dict[int, dict[str, array[int]]] = field(default_factory=dict)
    sentences: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    words: dict[int, int] = field(default_factory=dict)


def stale_documents(project: Project, document_ids: Collection[int] | None = None) -> list[int]:
    """Documents whose index is missing or was built from another text or language."""
    query = (
        select(Document.id)
        .outerjoin(SearchDocument, SearchDocument.document_id == Document.id)
        .where(
            or_(
                SearchDocument.document_id.is_(None),
                SearchDocument.language != Document.language,
                SearchDocument.updated_at.is_distinct_from(Document.updated_at),
                SearchDocument.text_length != func.length(Document.text),
                SearchDocument.analyser != ANALYSER_VERSION,
            )
        )
        .order_by(Document.position, Document.id)
    )
    with project.reading() as s:
        found = list(s.scalars(query))
    if document_ids is not None:
        wanted = set(document_ids)
        found = [doc for doc in found if doc in wanted]
    return found


def _postings(analysis: Analysis) -> dict[str, list[int]]:
    """Per lemma, the flat (position, start, end) triples of its occurrences."""
    by_lemma: dict[str, list[int]] = {}
    for position, start, end, lemma in zip(
        analysis.positions, analysis.starts, analysis.ends, analysis.lemmas, strict=True
    ):
        by_lemma.setdefault(lemma, []).extend((position, start, end))
    return by_lemma


def _store(
    connection: Connection, document: tuple[int, str, str, object], digest: str, analysis: Analysis
) -> None:
    document_id, text, language, updated_at = document
    # Explicitly, not by cascade: rows orphaned by a writer without foreign keys would clash.
    connection.execute(delete(SearchPosting).where(SearchPosting.document_id == document_id))
    connection.execute(delete(SearchDocument).where(SearchDocument.document_id == document_id))
    connection.execute(
        insert(SearchDocument).values(
            document_id=document_id,
            content_hash=digest,
            analyser=ANALYSER_VERSION,
            language=language,
            text_length=len(text),
            updated_at=updated_at,
            words=len(analysis.positions),
            sentences=pack(value for pair in analysis.sentences for value in pair),
            indexed_at=utcnow(),
        )
    )
    rows = [
        {
            "lemma": lemma,
            "document_id": document_id,
            "count": len(flat) // 3,
            "occurrences": pack(flat),
        }
        for lemma, flat in _postings(analysis).items()
    ]
    if rows:
        connection.execute(insert(SearchPosting), rows)


def refresh_index(
    project: Project,
    *,
    reporter: Reporter | None = None,
    document_ids: Collection[int] | None = None,
    force: bool = False,
    overlay: Overlay | None = None,
) -> IndexReport:
    """Index every stale document (all of them with ``force``); returns what it did.

    On a read-only project the analyses go into ``overlay`` (when given) instead.
    """
    reporter = reporter or NullReporter()
    started = time.perf_counter()
    if force:
        with project.reading() as s:
            todo = list(s.scalars(select(Document.id).order_by(Document.position, Document.id)))
        if document_ids is not None:
            chosen = set(document_ids)
            todo = [doc for doc in todo if doc in chosen]
    else:
        todo = stale_documents(project, document_ids)
    indexed = unchanged = words = 0
    for done, document_id in enumerate(todo):
        check_cancelled(reporter)
        reporter.progress(done, len(todo), "Indexing words for search")
        with project.reading() as s:
            row = s.execute(
                select(Document.id, Document.text, Document.language, Document.updated_at).where(
                    Document.id == document_id
                )
            ).first()
            stored = s.scalar(
                select(SearchDocument.content_hash).where(SearchDocument.document_id == document_id)
            )
        if row is None:  # deleted meanwhile
            continue
        digest = content_hash(row.text, row.language)
        if project.read_only:
            if overlay is not None and document_id not in overlay.postings:
                analysis = analyse(row.text, row.language)
                overlay.postings[document_id] = {
                    lemma: array("i", flat) for lemma, flat in _postings(analysis).items()
                }
                overlay.sentences[document_id] = list(analysis.sentences)
                overlay.words[document_id] = len(analysis.positions)
                indexed += 1
            continue
        if stored == digest and not force:
            # Same text, only the stamps moved (a rename): no need to lemmatise it again.
            with project.engine.begin() as connection:
                connection.execute(
                    update(SearchDocument)
                    .where(SearchDocument.document_id == document_id)
                    .values(
                        updated_at=row.updated_at,
                        text_length=len(row.text),
                        language=row.language,
                        analyser=ANALYSER_VERSION,
                    )
                )
            unchanged += 1
            continue
        analysis = analyse(row.text, row.language)
        with project.engine.begin() as connection:
            # The text may have been edited while it was analysed: then it stays stale.
            now = connection.execute(
                select(Document.text == row.text, Document.language).where(
                    Document.id == document_id
                )
            ).first()
            if now is None or not now[0] or now[1] != row.language:
                continue
            _store(connection, (row.id, row.text, row.language, row.updated_at), digest, analysis)
        indexed += 1
        words += len(analysis.positions)
    reporter.progress(len(todo), len(todo), "Indexing words for search")
    return IndexReport(
        indexed=indexed,
        unchanged=unchanged,
        documents=len(todo),
        words=words,
        seconds=time.perf_counter() - started,
    )


def verify_index(project: Project) -> list[int]:
    """Re-hash every indexed text and drop the index of any that no longer matches.

    For the rare writer that changes a text behind the trigger's and the stamps' back;
    returns the documents it dropped (the next search indexes them again).
    """
    dropped = []
    with project.reading() as s:
        rows = s.execute(
            select(Document.id, Document.text, Document.language, SearchDocument.content_hash).join(
                SearchDocument, SearchDocument.document_id == Document.id
            )
        ).all()
    for document_id, text, language, stored in rows:
        if stored != content_hash(text, language):
            dropped.append(document_id)
    if dropped and not project.read_only:
        with project.engine.begin() as connection:
            for at in range(0, len(dropped), _CHUNK):
                part = dropped[at : at + _CHUNK]
                connection.execute(delete(SearchPosting).where(SearchPosting.document_id.in_(part)))
                connection.execute(
                    delete(SearchDocument).where(SearchDocument.document_id.in_(part))
                )
    return dropped


class LemmaIndex:
    """Read access to the stored index, with the read-only overlay on top."""

    def __init__(self, project: Project, overlay: Overlay | None = None) -> None:
        self.project = project
        self.overlay = overlay or Overlay()

    def lemmas_with_prefix(self, prefix: str) -> set[str]:
        found: set[str] = set()
        column = SearchPosting.lemma
        with self.project.reading() as s:
            found.update(
                s.scalars(
                    select(column)
                    .where(and_(column >= prefix, column < prefix + "\U0010ffff"))
                    .distinct()
                )
            )
        for postings in self.overlay.postings.values():
            found.update(lemma for lemma in postings if lemma.startswith(prefix))
        return found

    def occurrences(
        self, lemmas: Collection[str], document_ids: Collection[int] | None = None
    ) -> dict[int, list[array[int]]]:
        """Per document, the occurrence arrays of any of ``lemmas``."""
        found: dict[int, list[array[int]]] = {}
        ordered = sorted(lemmas)
        with self.project.reading() as s:
            for at in range(0, len(ordered), _CHUNK):
                query = select(SearchPosting.document_id, SearchPosting.occurrences).where(
                    SearchPosting.lemma.in_(ordered[at : at + _CHUNK])
                )
                for document_id, blob in s.execute(query):
                    if document_id in self.overlay.postings:
                        continue
                    if document_ids is None or document_id in document_ids:
                        found.setdefault(document_id, []).append(unpack(blob))
        for document_id, postings in self.overlay.postings.items():
            if document_ids is not None and document_id not in document_ids:
                continue
            for lemma in lemmas:
                if lemma in postings:
                    found.setdefault(document_id, []).append(postings[lemma])
        return found

    def sentences(self, document_ids: Sequence[int]) -> dict[int, list[tuple[int, int]]]:
        result: dict[int, list[tuple[int, int]]] = {}
        with self.project.reading() as s:
            for at in range(0, len(document_ids), _CHUNK):
                query = select(SearchDocument.document_id, SearchDocument.sentences).where(
                    SearchDocument.document_id.in_(list(document_ids[at : at + _CHUNK]))
                )
                for document_id, blob in s.execute(query):
                    flat = unpack(blob)
                    result[document_id] = list(zip(flat[0::2], flat[1::2], strict=True))
        for document_id in document_ids:
            if document_id in self.overlay.sentences:
                result[document_id] = self.overlay.sentences[document_id]
        return result

    def lemma_counts(self, document_ids: Collection[int]) -> tuple[dict[str, int], int]:
        """Occurrences per lemma over ``document_ids``, and how many words they have."""
        counts: dict[str, int] = {}
        words = 0
        stored = [doc for doc in document_ids if doc not in self.overlay.postings]
        with self.project.reading() as s:
            for at in range(0, len(stored), _CHUNK):
                part = stored[at : at + _CHUNK]
                query = (
                    select(SearchPosting.lemma, func.sum(SearchPosting.count))
                    .where(SearchPosting.document_id.in_(part))
                    .group_by(SearchPosting.lemma)
                )
                for lemma, count in s.execute(query):
                    counts[lemma] = counts.get(lemma, 0) + int(count)
                words += int(
                    s.scalar(
                        select(func.coalesce(func.sum(SearchDocument.words), 0)).where(
                            SearchDocument.document_id.in_(part)
                        )
                    )
                    or 0
                )
        for document_id in document_ids:
            postings = self.overlay.postings.get(document_id)
            if postings is None:
                continue
            for lemma, flat in postings.items():
                counts[lemma] = counts.get(lemma, 0) + len(flat) // 3
            words += self.overlay.words.get(document_id, 0)
        return counts, words


_OVERLAYS: weakref.WeakKeyDictionary[Project, Overlay] = weakref.WeakKeyDictionary()


def open_index(project: Project, *, reporter: Reporter | None = None) -> LemmaIndex:
    """The index, brought up to date first (stale documents are indexed now)."""
    overlay = _OVERLAYS.setdefault(project, Overlay())
    refresh_index(project, reporter=reporter, overlay=overlay)
    return LemmaIndex(project, overlay)
