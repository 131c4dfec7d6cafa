"""The current coder, side-by-side comparison, the change feed and optimistic locking."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from coding import codebook, codings, documents, history, lookup, queries
from coding.errors import Conflict, InvalidInput
from coding.project import Project
from coding.team import coders, live
from coding.team.comparison import compare_coders

TEXT = "😀 Я уехал. I feared the police. Now I hope."


def test_the_current_coder_comes_from_option_env_settings_then_login(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(coders.CONFIG_ENV, str(tmp_path / "config"))
    monkeypatch.delenv(lookup.CODER_ENV, raising=False)
    assert coders.saved_coder() is None
    assert coders.current_coder() == lookup.default_coder_name()
    path = coders.save_coder("  Нино   Б. ")
    assert path.parent == tmp_path / "config"
    assert coders.current_coder() == "Нино Б."
    monkeypatch.setenv(lookup.CODER_ENV, "Giorgi")
    assert coders.current_coder() == "Giorgi"
    assert coders.current_coder("Anna") == "Anna"
    with pytest.raises(InvalidInput):
        coders.save_coder("   ")
    path.write_text("{not json", encoding="utf-8")
    monkeypatch.delenv(lookup.CODER_ENV)
    assert coders.current_coder() == lookup.default_coder_name()


def test_codings_and_undo_steps_keep_their_coder(project: Project) -> None:
    doc = documents.add_document(project, title="Doc", text=TEXT).id
    fear = codebook.create_code(project, name="Fear").id
    assert doc is not None and fear is not None
    project.coder = "Nino"
    codings.apply_coding(project, document_id=doc, code_id=fear, start=3, end=8)
    codings.apply_coding(project, document_id=doc, code_id=fear, start=3, end=8, coder="Anna")
    assert sorted(c.coder for c in queries.list_codings(project)) == ["Anna", "Nino"]
    assert [c.coder for c in queries.list_codings(project, coders=["Anna"])] == ["Anna"]
    summaries = {s.name: (s.codings, s.documents) for s in coders.coder_summaries(project)}
    assert summaries == {"Anna": (1, 1), "Nino": (1, 1)}
    connection = sqlite3.connect(project.path)
    steps = connection.execute("SELECT coder FROM undo_steps ORDER BY id").fetchall()
    connection.close()
    assert steps == [("tester",), ("tester",), ("Nino",), ("Nino",)]


def test_two_coders_side_by_side(project: Project) -> None:
    doc = documents.add_document(project, title="Doc", text=TEXT).id
    fear = codebook.create_code(project, name="Fear").id
    hope = codebook.create_code(project, name="Hope").id
    assert doc is not None and fear is not None and hope is not None

    def apply(code: int, coder: str, quote: str) -> None:
        start = TEXT.index(quote)
        codings.apply_coding(
            project, document_id=doc, code_id=code, start=start, end=start + len(quote), coder=coder
        )

    apply(fear, "A", "I feared the police.")
    apply(fear, "B", "I feared the police.")
    apply(hope, "B", "feared the police. Now")
    apply(hope, "A", "Now I hope.")
    comparison = compare_coders(project, document_id=doc, first="A", second="B")
    rows = [(s.text, s.first, s.second, s.agree) for s in comparison.spans]
    assert rows == [
        ("I ", ("Fear",), ("Fear",), True),
        ("feared the police.", ("Fear",), ("Fear", "Hope"), False),
        (" ", (), ("Hope",), False),
        ("Now", ("Hope",), ("Hope",), True),
        (" I hope.", ("Hope",), (), False),
    ]
    assert comparison.agreeing == 2
    assert TEXT[comparison.spans[1].start : comparison.spans[1].end] == "feared the police."
    with pytest.raises(InvalidInput):
        compare_coders(project, document_id=doc, first="A", second="A")


def test_the_change_counter_moves_with_every_change_undo_and_redo(project: Project) -> None:
    start = live.change_counter(project)
    codebook.create_code(project, name="Fear")
    after_create = live.change_counter(project)
    assert after_create > start
    history.undo(project)
    after_undo = live.change_counter(project)
    assert after_undo > after_create
    feed = live.changes_since(project, start)
    assert feed.counter == after_undo and feed.changes.codes and feed.coders == ("tester",)
    assert not live.changes_since(project, after_undo).changes.any
    assert live.wait_for_change(project, after_undo, timeout=0.2) == after_undo
    codebook.create_code(project, name="Fear")
    with pytest.raises(Conflict):
        codebook.create_code(project, name="fear")
    assert live.change_counter(project) == after_undo + 1  # the refused one left no event


def test_a_stale_codebook_edit_is_refused(project: Project) -> None:
    fear = codebook.create_code(project, name="Fear").id
    assert fear is not None
    seen = next(node for node in queries.codebook(project) if node.id == fear)
    assert seen.version == 1 and len(seen.guid) == 36
    codebook.recolor_code(project, code_id=fear, color="#112233", expected_version=seen.version)
    for edit in (
        lambda: codebook.rename_code(project, code_id=fear, name="X", expected_version=1),
        lambda: codebook.describe_code(project, code_id=fear, definition="d", expected_version=1),
        lambda: codebook.move_code(project, code_id=fear, parent_id=None, expected_version=1),
        lambda: codebook.delete_code(project, code_id=fear, expected_version=1),
    ):
        with pytest.raises(Conflict, match="changed by someone else"):
            edit()
    assert queries.codebook(project)[0].version == 2
    history.undo(project)  # undo restores the version with the values it belongs to
    assert queries.codebook(project)[0].version == 1
    codebook.rename_code(project, code_id=fear, name="Angst", expected_version=1)
