"""What the code statistics read: codings as columns, documents with their cases and values.

Tables of 50,000 codings must come back in a fraction of a second, so codings are read with
one plain query on the driver's cursor (no ORM rows, no join, no sort) and kept as parallel
lists, which the counting loops zip over.
"""

from __future__ import annotations

import dataclasses
import threading
import weakref
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding import queries
from coding.project import Project
from coding.reports import resolve
from models.entities import (
    AttributeDefinition,
    Case,
    CaseValue,
    Code,
    Coder,
    Document,
    DocumentValue,
)


@dataclass(frozen=True)
class Codings:
    """Codings as parallel columns: ``ids[i]``, ``documents[i]``... describe coding ``i``."""

    ids: Sequence[int] = ()
    documents: Sequence[int] = ()
    codes: Sequence[int] = ()
    coders: Sequence[str] = ()
    starts: Sequence[int] = ()
    ends: Sequence[int] = ()

    def __len__(self) -> int:
        return len(self.ids)

    def only(self, keep: Sequence[int]) -> Codings:
        """The codings at the positions ``keep``."""
        return Codings(
            *([column[at] for at in keep] for column in self._columns()),
        )

    def _columns(self) -> tuple[Sequence[Any], ...]:
        return (self.ids, self.documents, self.codes, self.coders, self.starts, self.ends)


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    title: str
    kind: str
    language: str
    case_id: int | None
    position: int


@dataclass(frozen=True)
class Dataset:
    codes: tuple[queries.CodeNode, ...]
    codings: Codings
    documents: dict[int, DocumentInfo]
    case_names: dict[int, str]
    case_values: dict[int, dict[str, str]]
    document_values: dict[int, dict[str, str]]
    attributes: tuple[queries.AttributeView, ...]
    by_id: dict[int, queries.CodeNode] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {node.id: node for node in self.codes})

    def code(self, code_id: int) -> queries.CodeNode:
        return self.by_id[code_id]

    def descendants(self, code_id: int) -> set[int]:
        """A code and every code below it."""
        chosen = {code_id}
        for node in self.codes:  # depth first: a descendant follows its ancestor
            if node.parent_id in chosen:
                chosen.add(node.id)
        return chosen

    def ancestors(self) -> dict[int, tuple[int, ...]]:
        """For each code, itself and the codes above it."""
        by_id = self.by_id
        result: dict[int, tuple[int, ...]] = {}
        for node in self.codes:
            chain = [node.id]
            parent = node.parent_id
            while parent is not None:
                chain.append(parent)
                parent = by_id[parent].parent_id
            result[node.id] = tuple(chain)
        return result

    def case_of(self, document_id: int) -> int | None:
        return self.documents[document_id].case_id


# A cheap fingerprint of every coding (one scan in C, no rows to Python): while it holds,
# the codings read last time are still the project's, so a view that changes a table's options
# does not read 50,000 rows again. Weighted by id, so no ordinary edit leaves it unchanged.
_FINGERPRINT = (
    'SELECT count(*), max(id), sum(id * start), sum(id * "end"), sum(id * code_id), '
    "sum(id * coder_id), sum(id * document_id) FROM codings"
)
_CODINGS = 'SELECT id, document_id, code_id, coder_id, start, "end" FROM codings'
_CACHE: weakref.WeakKeyDictionary[Project, tuple[tuple[Any, ...], Codings]] = (
    weakref.WeakKeyDictionary()
)
_CACHE_LOCK = threading.Lock()


def _all_codings(project: Project, session: Session) -> Codings:
    raw = session.connection().connection.driver_connection
    assert raw is not None
    # Coder names are part of what is cached: a renamed coder changes the key too.
    key = (
        *raw.execute(_FINGERPRINT).fetchone(),
        raw.execute("SELECT group_concat(id || ':' || name, '|') FROM coders").fetchone()[0],
    )
    with _CACHE_LOCK:
        cached = _CACHE.get(project)
    if cached is not None and cached[0] == key:
        return cached[1]
    rows = raw.execute(_CODINGS).fetchall()
    names = {row[0]: row[1] for row in session.execute(select(Coder.id, Coder.name))}
    if rows:
        ids, documents, codes, coder_ids, starts, ends = zip(*rows, strict=True)
        codings = Codings(ids, documents, codes, [names[c] for c in coder_ids], starts, ends)
    else:
        codings = Codings()
    with _CACHE_LOCK:
        _CACHE[project] = (key, codings)
    return codings


def _codebook(session: Session, codings: Codings) -> tuple[queries.CodeNode, ...]:
    """The codebook in its order (as queries.codebook), counting the codings given."""
    counts = Counter(codings.codes)
    codes = session.execute(
        select(
            Code.id,
            Code.parent_id,
            Code.name,
            Code.color,
            Code.definition,
            Code.when_to_use,
            Code.when_not_to_use,
            Code.example,
        ).order_by(Code.position, Code.id)
    ).all()
    children: dict[int | None, list[Any]] = {}
    for code in codes:
        children.setdefault(code[1], []).append(code)
    nodes: list[queries.CodeNode] = []

    def walk(parent: int | None, depth: int, prefix: str) -> int:
        total = 0
        for code in children.get(parent, []):
            at = len(nodes)
            nodes.append(
                queries.CodeNode(
                    code[0],
                    code[1],
                    code[2],
                    prefix + code[2],
                    depth,
                    code[3],
                    code[4],
                    code[5],
                    code[6],
                    code[7],
                    counts.get(code[0], 0),
                    0,
                )
            )
            below = counts.get(code[0], 0) + walk(code[0], depth + 1, prefix + code[2] + "/")
            nodes[at] = dataclasses.replace(nodes[at], codings_with_subcodes=below)
            total += below
        return total

    walk(None, 0, "")
    return tuple(nodes)


def load_dataset(
    project: Project,
    *,
    coders: Sequence[str] = (),
    document_ids: Collection[int] | None = None,
) -> Dataset:
    """Codings (of ``coders`` when given) and everything needed to group them."""
    attributes = tuple(queries.attributes(project))
    with project.reading() as s:
        chosen_coders = resolve.coder_names(s, coders) if coders else None
        codings = _all_codings(project, s)
        documents = {
            row[0]: DocumentInfo(*row)
            for row in s.execute(
                select(
                    Document.id,
                    Document.title,
                    Document.kind,
                    Document.language,
                    Document.case_id,
                    Document.position,
                ).order_by(Document.position, Document.id)
            )
        }
        case_names = {row[0]: row[1] for row in s.execute(select(Case.id, Case.name))}
        names = {
            row[0]: row[1]
            for row in s.execute(select(AttributeDefinition.id, AttributeDefinition.name))
        }
        case_values: dict[int, dict[str, str]] = {}
        for case_id, attribute_id, value in s.execute(
            select(CaseValue.case_id, CaseValue.attribute_id, CaseValue.value)
        ):
            case_values.setdefault(case_id, {})[names[attribute_id]] = value
        document_values: dict[int, dict[str, str]] = {}
        for document_id, attribute_id, value in s.execute(
            select(DocumentValue.document_id, DocumentValue.attribute_id, DocumentValue.value)
        ):
            document_values.setdefault(document_id, {})[names[attribute_id]] = value
        if chosen_coders is not None or document_ids is not None:
            wanted = set(document_ids) if document_ids is not None else None
            if wanted is not None:
                documents = {key: info for key, info in documents.items() if key in wanted}
            codings = codings.only(
                [
                    at
                    for at, (document_id, coder) in enumerate(
                        zip(codings.documents, codings.coders, strict=True)
                    )
                    if (wanted is None or document_id in wanted)
                    and (chosen_coders is None or coder in chosen_coders)
                ]
            )
        codes = _codebook(s, codings)
    return Dataset(
        codes=codes,
        codings=codings,
        documents=documents,
        case_names=case_names,
        case_values=case_values,
        document_values=document_values,
        attributes=attributes,
    )
