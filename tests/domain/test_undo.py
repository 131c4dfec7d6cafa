"""Undo and redo cover every mutation, survive reopening, and compose in any order."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from coding import cases, codebook, codings, documents, history, text_edit
from coding.errors import Conflict
from coding.project import Project
from tests.domain.helpers import MIXED_TEXT, add_code, add_doc, dump


def _tables(path: Path) -> list[str]:
    # The history itself (and the change feed) changes with every undo; compare everything else.
    return [line for line in dump(path) if "undo_steps" not in line and "change_events" not in line]


def test_undo_and_redo_persist_across_reopening(tmp_path: Path) -> None:
    path = tmp_path / "p.tcproj"
    with Project.create(path) as project:
        document = add_doc(project)
        fear = add_code(project, "Fear")
        codings.apply_coding(project, document_id=document, code_id=fear, start=3, end=9)
    with Project.open(path) as project:
        assert history.state(project).undo == "Apply 'Fear' to 'Интервью 1'"
        history.undo(project)
    with Project.open(path) as project:
        state = history.state(project)
        assert state.undo == "Create code 'Fear'"
        assert state.redo == "Apply 'Fear' to 'Интервью 1'"
        history.redo(project)
        assert history.state(project).redo is None


def test_a_new_change_clears_redo(project: Project) -> None:
    add_code(project, "Fear")
    history.undo(project)
    assert history.state(project).redo == "Create code 'Fear'"
    add_code(project, "Hope")
    assert history.state(project).redo is None
    with pytest.raises(Conflict, match="nothing to redo"):
        history.redo(project)


def test_nothing_to_undo_on_a_new_project(project: Project) -> None:
    with pytest.raises(Conflict, match="nothing to undo"):
        history.undo(project)


def _random_operation(project: Project, rng: random.Random, ids: dict[str, list[int]]) -> None:
    choice = rng.randrange(9)
    try:
        if choice == 0 or not ids["codes"]:
            ids["codes"].append(add_code(project, f"Код {rng.randrange(10**6)} ✨"))
        elif choice == 1 or not ids["docs"]:
            ids["docs"].append(add_doc(project, f"Doc {rng.randrange(10**6)}", MIXED_TEXT * 2))
        elif choice == 2:
            start = rng.randrange(len(MIXED_TEXT))
            changes = codings.apply_coding(
                project,
                document_id=rng.choice(ids["docs"]),
                code_id=rng.choice(ids["codes"]),
                start=start,
                end=start + rng.randrange(1, 30),
                coder=rng.choice(["Anna", "Giorgi"]),
            )
            assert changes.id is not None
            ids["codings"].append(changes.id)
        elif choice == 3:
            at = rng.randrange(len(MIXED_TEXT))
            text_edit.replace_text(
                project,
                document_id=rng.choice(ids["docs"]),
                start=at,
                end=at + rng.randrange(0, 15),
                replacement=rng.choice(["", "ж", "🙂 new words", "x"]),
            )
        elif choice == 4 and len(ids["codes"]) > 1:
            source, target = rng.sample(ids["codes"], 2)
            codebook.merge_codes(project, source_id=source, target_id=target)
            ids["codes"].remove(source)
        elif choice == 5 and ids["codes"]:
            victim = rng.choice(ids["codes"])
            codebook.delete_code(project, code_id=victim)
            ids["codes"].remove(victim)
        elif choice == 6:
            case = cases.create_case(project, name=f"Case {rng.randrange(10**6)}").id
            assert case is not None
            documents.set_document_metadata(
                project, document_id=rng.choice(ids["docs"]), case_id=case
            )
        elif choice == 7 and len(ids["codes"]) > 1:
            child, parent = rng.sample(ids["codes"], 2)
            codebook.move_code(project, code_id=child, parent_id=parent)
        elif choice == 8 and len(ids["docs"]) > 1:
            victim = rng.choice(ids["docs"])
            documents.delete_document(project, document_id=victim)
            ids["docs"].remove(victim)
    except Exception as error:  # a refused operation is fine: it must have changed nothing
        from coding.errors import TranscodaError

        assert isinstance(error, TranscodaError), error


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_undo_all_then_redo_all_after_random_operations(project: Project, seed: int) -> None:
    rng = random.Random(seed)
    ids: dict[str, list[int]] = {"codes": [], "docs": [], "codings": []}
    snapshots = [_tables(project.path)]
    for _ in range(40):
        before = history.state(project).undo
        _random_operation(project, rng, ids)
        if history.state(project).undo != before or len(snapshots) == 1:
            snapshots.append(_tables(project.path))
    steps = 0
    while history.state(project).undo is not None:
        history.undo(project)
        steps += 1
    assert _tables(project.path) == snapshots[0]
    while history.state(project).redo is not None:
        history.redo(project)
    assert _tables(project.path) == snapshots[-1]
    assert steps >= 20
