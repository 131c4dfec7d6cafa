"""The same services work on a shared project as on a project file, undo included."""

from __future__ import annotations

import random
from typing import Any

import pytest
from sqlalchemy import select

from coding import cases, codebook, codings, documents, history, memos, queries, text_edit
from coding.project import Project
from models.base import Base
from models.history import HISTORY_TABLES
from models.transcript_layout import TimedText, lay_out
from tests.domain.helpers import MIXED_TEXT
from tests.domain.test_undo import _random_operation


def snapshot(project: Project) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every project table, in primary key order."""
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with project.reading() as session:
        for table in Base.metadata.sorted_tables:
            if table.name in HISTORY_TABLES or table.name.startswith("search_"):
                continue
            query = select(table).order_by(*table.primary_key.columns)
            rows[table.name] = [tuple(row) for row in session.execute(query)]
    return rows


def test_a_transcript_its_codings_and_an_edit_that_moves_them(shared: Project) -> None:
    laid = lay_out(
        [
            TimedText(0, 1500, "Interviewer", "Как вы решили уехать? 🙂"),
            TimedText(1600, 3500, "Respondent", "გამარჯობა — мы уехали в Тбилиси 🇬🇪 осенью."),
        ]
    )
    doc = documents.add_document(
        shared, title="Интервью", text=laid.text, language="ru", segments=laid.segments
    ).id
    places = codebook.create_code(shared, name="Places").id
    assert doc is not None and places is not None
    start = laid.text.index("Тбилиси")
    codings.apply_coding(
        shared, document_id=doc, code_id=places, start=start, end=start + 7, coder="Anna"
    )
    text_edit.replace_text(shared, document_id=doc, start=0, end=0, replacement="😀 ")
    (coding,) = queries.list_codings(shared)
    assert coding.text == "Тбилиси"
    detail = queries.get_document(shared, doc)
    assert [s.speaker for s in detail.segments] == ["Interviewer", "Respondent"]
    case = cases.create_case(shared, name="R1").id
    documents.set_document_metadata(shared, document_id=doc, case_id=case)
    memos.add_memo(shared, title="Note", text="Georgian greeting", document_id=doc)
    assert queries.cases(shared)[0].documents == 1
    history.undo(shared)
    assert queries.memos(shared) == []
    history.redo(shared)
    assert len(queries.memos(shared)) == 1


@pytest.mark.parametrize("seed", [4, 5])
def test_undo_all_then_redo_all_after_random_operations(shared: Project, seed: int) -> None:
    rng = random.Random(seed)
    ids: dict[str, list[int]] = {"codes": [], "docs": [], "codings": []}
    documents.add_document(shared, title="Base", text=MIXED_TEXT)
    first = snapshot(shared)
    for _ in range(30):
        _random_operation(shared, rng, ids)
    last = snapshot(shared)
    steps = 0
    while history.state(shared).undo != "Add document 'Base'":
        history.undo(shared)
        steps += 1
    assert snapshot(shared) == first
    while history.state(shared).redo is not None:
        history.redo(shared)
    assert snapshot(shared) == last
    assert steps >= 15


@pytest.mark.parametrize("where", ["file", "server"])
def test_the_history_keeps_its_limit(
    where: str, project: Project, shared: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coding import operations
    from models.history import UndoStep

    target = project if where == "file" else shared
    monkeypatch.setattr(operations, "HISTORY_LIMIT", 3)
    for number in range(6):
        codebook.create_code(target, name=f"Code {number}")
    with target.reading() as session:
        kept = list(session.scalars(select(UndoStep.description).order_by(UndoStep.id)))
    assert kept == ["Create code 'Code 3'", "Create code 'Code 4'", "Create code 'Code 5'"]
