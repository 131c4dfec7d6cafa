"""The passages behind a figure: coded segments by id, with where each comes from."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from coding.analysis.turns import Turns, load_segments, turns_of
from coding.project import Project
from models.entities import Code, Coder, Coding, Document

_CHUNK = 500


@dataclass(frozen=True)
class CodedPassage:
    coding_id: int
    document_id: int
    document: str
    code_id: int
    code: str
    coder: str
    start: int
    end: int
    text: str
    speaker: str | None
    time_ms: int | None


def coded_passages(project: Project, coding_ids: Collection[int]) -> list[CodedPassage]:
    """The codings ``coding_ids`` (a matrix cell's, say) in reading order."""
    ids = sorted(set(coding_ids))
    rows: list[Any] = []
    with project.reading() as s:
        for at in range(0, len(ids), _CHUNK):
            query = (
                select(
                    Coding.id,
                    Coding.document_id,
                    Document.title,
                    Coding.code_id,
                    Code.name,
                    Coder.name,
                    Coding.start,
                    Coding.end,
                    Document.position,
                )
                .join(Document, Document.id == Coding.document_id)
                .join(Code, Code.id == Coding.code_id)
                .join(Coder, Coder.id == Coding.coder_id)
                .where(Coding.id.in_(ids[at : at + _CHUNK]))
            )
            rows.extend(s.execute(query).all())
        documents = sorted({row[1] for row in rows})
        texts: dict[int, str] = {}
        for at in range(0, len(documents), _CHUNK):
            query_texts = select(Document.id, Document.text).where(
                Document.id.in_(documents[at : at + _CHUNK])
            )
            texts.update((row[0], row[1]) for row in s.execute(query_texts))
    segments = load_segments(project, documents)
    turns: dict[int, Turns] = {
        doc: turns_of(texts[doc], segments[doc]) for doc in documents if doc in segments
    }
    rows.sort(key=lambda row: (row[8], row[1], row[6], row[7], row[0]))
    passages = []
    for coding_id, document_id, title, code_id, code, coder, start, end, _ in rows:
        speaker = time_ms = None
        if document_id in turns:
            segment = turns[document_id].segment_at(start)
            if segment is not None:
                speaker, time_ms = segment.speaker, segment.start_ms
        passages.append(
            CodedPassage(
                coding_id=coding_id,
                document_id=document_id,
                document=title,
                code_id=code_id,
                code=code,
                coder=coder,
                start=start,
                end=end,
                text=texts[document_id][start:end],
                speaker=speaker,
                time_ms=time_ms,
            )
        )
    return passages
