"""Small read-only queries the desktop window needs on its hot paths (no Qt here)."""

from __future__ import annotations

from coding.project import Project
from coding.queries import CodingView, _coding_views


def document_codings(
    project: Project, document_id: int, *, coder: str | None = None
) -> list[CodingView]:
    """The codings of one document without their quoted text (the view has the text).

    Cheaper than ``queries.get_document`` when only codings changed: the document's text and
    transcript segments are not loaded again.
    """
    with project.reading() as session:
        return _coding_views(
            session, [document_id], None, [coder] if coder else None, with_text=False
        )
