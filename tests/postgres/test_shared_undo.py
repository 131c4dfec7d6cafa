"""Undo on a shared project: each coder undoes their own steps, never someone else's work."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from coding import codebook, codings, documents, history, queries
from coding.errors import Conflict
from coding.project import Project


@pytest.fixture
def team(shared: Project, pg_url: str) -> Iterator[tuple[Project, Project, int]]:
    """Anna and Giorgi, each with their own connection to the project, and one document."""
    shared.coder = "Anna"
    doc = documents.add_document(shared, title="Interview", text="We left in March. Fear stayed.")
    assert doc.id is not None
    with Project.open(pg_url) as other:
        other.coder = "Giorgi"
        yield shared, other, doc.id


def _code(project: Project, name: str) -> int:
    created = codebook.create_code(project, name=name).id
    assert created is not None
    return created


def test_each_coder_undoes_only_their_own_latest_step(team: tuple[Project, Project, int]) -> None:
    anna, giorgi, doc = team
    fear = _code(anna, "Fear")
    codings.apply_coding(anna, document_id=doc, code_id=fear, start=18, end=22)
    hope = _code(giorgi, "Hope")
    assert history.state(anna).undo == "Apply 'Fear' to 'Interview'"
    assert history.state(giorgi).undo == "Create code 'Hope'"
    assert history.undo(anna).description == "Apply 'Fear' to 'Interview'"
    assert queries.list_codings(anna) == []
    assert {c.name for c in queries.codebook(anna)} == {"Fear", "Hope"}
    assert history.undo(giorgi).description == "Create code 'Hope'"
    assert {c.name for c in queries.codebook(anna)} == {"Fear"}
    assert hope not in {c.id for c in queries.codebook(giorgi)}
    with pytest.raises(Conflict, match="nothing to undo"):
        history.undo(giorgi)


def test_another_coders_new_step_keeps_my_redo(team: tuple[Project, Project, int]) -> None:
    anna, giorgi, _ = team
    _code(anna, "Fear")
    history.undo(anna)
    _code(giorgi, "Hope")
    assert history.state(anna).redo == "Create code 'Fear'"
    history.redo(anna)
    assert {c.name for c in queries.codebook(giorgi)} == {"Fear", "Hope"}


def test_undo_is_refused_when_someone_changed_the_same_rows_later(
    team: tuple[Project, Project, int],
) -> None:
    anna, giorgi, _ = team
    fear = _code(anna, "Fear")
    codebook.recolor_code(anna, code_id=fear, color="#112233")
    codebook.rename_code(giorgi, code_id=fear, name="Fear of repression")
    with pytest.raises(Conflict, match="Giorgi changed the same items later"):
        history.undo(anna)
    assert [c.color for c in queries.codebook(anna)] == ["#112233"]
    history.undo(giorgi)
    history.undo(anna)
    assert [c.color for c in queries.codebook(anna)] != ["#112233"]


def test_undo_is_refused_when_it_would_delete_what_others_use(
    team: tuple[Project, Project, int],
) -> None:
    anna, giorgi, doc = team
    fear = _code(anna, "Fear")
    codings.apply_coding(giorgi, document_id=doc, code_id=fear, start=18, end=22)
    with pytest.raises(Conflict, match="other coders have since used"):
        history.undo(anna)
    assert [c.coder for c in queries.list_codings(anna)] == ["Giorgi"]


def test_a_refused_undo_changes_nothing(team: tuple[Project, Project, int]) -> None:
    anna, giorgi, _ = team
    parent = _code(anna, "Emotions")
    codebook.create_code(giorgi, name="Fear", parent_id=parent)
    before = (queries.codebook(anna), history.state(anna), history.state(giorgi))
    with pytest.raises(Conflict):
        history.undo(anna)
    assert (queries.codebook(anna), history.state(anna), history.state(giorgi)) == before


def test_a_file_project_keeps_one_history_for_everyone(project: Project) -> None:
    project.coder = "Anna"
    codebook.create_code(project, name="Fear")
    project.coder = "Giorgi"
    assert history.undo(project).description == "Create code 'Fear'"


def test_a_text_edit_that_moved_codings_others_changed_since_cannot_be_undone(
    team: tuple[Project, Project, int],
) -> None:
    from coding import text_edit

    anna, giorgi, doc = team
    fear = _code(anna, "Fear")
    codings.apply_coding(giorgi, document_id=doc, code_id=fear, start=18, end=22)
    text_edit.replace_text(anna, document_id=doc, start=0, end=0, replacement="Well. ")
    (moved,) = queries.list_codings(anna)
    assert moved.text == "Fear"
    codings.resize_coding(giorgi, coding_id=moved.id, start=moved.start, end=moved.end + 7)
    with pytest.raises(Conflict, match="Giorgi changed the same items later"):
        history.undo(anna)
    history.undo(giorgi)
    history.undo(anna)
    assert [c.text for c in queries.list_codings(anna)] == ["Fear"]
