"""A project reduced to what a REFI-QDA round trip must keep, for comparing two projects."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from coding.lookup import code_path
from coding.project import Project
from models.entities import AttributeDefinition, Case, Code, Coder, Coding, Document, Memo


def fingerprint(project: Project) -> dict[str, Any]:
    with project.reading() as session:
        codes = sorted(
            (
                code_path(code),
                code.color,
                code.definition,
                code.when_to_use,
                code.when_not_to_use,
                code.example,
            )
            for code in session.scalars(select(Code))
        )
        documents = sorted(
            (d.title, d.text, d.case.name if d.case else None, d.media is not None)
            for d in session.scalars(select(Document))
        )
        codings = sorted(
            (
                c.document.title,
                code_path(c.code),
                c.coder.name,
                c.start,
                c.end,
                c.document.text[c.start : c.end],
                c.memo,
            )
            for c in session.scalars(select(Coding))
        )
        attributes = sorted(
            (a.name, a.type, a.target, a.choices)
            for a in session.scalars(select(AttributeDefinition))
        )
        cases = sorted(
            (
                case.name,
                case.description,
                tuple(sorted((v.attribute.name, v.value) for v in case.values)),
            )
            for case in session.scalars(select(Case))
        )
        document_values = sorted(
            (d.title, v.attribute.name, v.value)
            for d in session.scalars(select(Document))
            for v in d.values
        )
        memos = sorted(
            (
                m.title,
                m.text,
                m.author,
                _title(session, Document, m.document_id),
                _code(session, m.code_id),
            )
            for m in session.scalars(select(Memo))
        )
        segments = sorted(
            (
                d.title,
                s.start_ms,
                s.end_ms,
                s.speaker.name if s.speaker else None,
                s.char_start,
                s.char_end,
            )
            for d in session.scalars(select(Document))
            for s in d.segments
        )
        coders = sorted(session.scalars(select(Coder.name)))
    return {
        "coders": coders,
        "codes": codes,
        "documents": documents,
        "codings": codings,
        "attributes": attributes,
        "cases": cases,
        "document_values": document_values,
        "memos": memos,
        "segments": segments,
    }


def _title(session: Any, model: Any, row_id: int | None) -> str | None:
    return None if row_id is None else session.get(model, row_id).title


def _code(session: Any, code_id: int | None) -> str | None:
    return None if code_id is None else code_path(session.get(Code, code_id))
