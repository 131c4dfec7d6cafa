"""Memos: the researcher's notes on the project, a document or a code.

Memos on single codings are the coding's own ``memo`` (coding.codings.set_coding_memo).
"""

from __future__ import annotations

from coding import lookup
from coding.changes import Changes
from coding.errors import InvalidInput
from coding.operations import operation
from coding.project import Project
from models.base import utcnow
from models.entities import Memo


def add_memo(
    project: Project,
    *,
    text: str,
    title: str = "",
    document_id: int | None = None,
    code_id: int | None = None,
    author: str | None = None,
) -> Changes:
    if document_id is not None and code_id is not None:
        raise InvalidInput("a memo belongs to the project, one document or one code")
    with operation(project, "Add memo") as op:
        target = "the project"
        if document_id is not None:
            target = f"'{lookup.document(op.session, document_id).title}'"
        if code_id is not None:
            target = f"code '{lookup.code(op.session, code_id).name}'"
        memo = Memo(
            document_id=document_id,
            code_id=code_id,
            title=title,
            text=text,
            author=author or lookup.default_coder_name(),
        )
        op.session.add(memo)
        op.session.flush()
        op.description = f"Add memo to {target}"
        op.id = memo.id
    return op.changes


def edit_memo(project: Project, *, memo_id: int, text: str, title: str | None = None) -> Changes:
    with operation(project, "Edit memo") as op:
        memo = lookup.get(op.session, Memo, memo_id, "memo")
        memo.text = text
        if title is not None:
            memo.title = title
        memo.updated_at = utcnow()
        op.id = memo.id
    return op.changes


def delete_memo(project: Project, *, memo_id: int) -> Changes:
    with operation(project, "Delete memo") as op:
        op.session.delete(lookup.get(op.session, Memo, memo_id, "memo"))
    return op.changes
