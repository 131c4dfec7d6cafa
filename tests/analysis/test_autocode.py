from __future__ import annotations

import pytest

from coding import history, queries
from coding.analysis import apply_plan, plan_from_search, plan_from_speaker
from coding.errors import NotFound
from coding.project import Project
from tests.analysis.study import Study


def coded(project: Project, code_id: int) -> list[str]:
    return [c.text for c in queries.list_codings(project, code_ids=[code_id])]


def test_preview_then_apply_hits_as_one_undo_step(project: Project, study: Study) -> None:
    help_ = study.codes["Help"]
    plan = plan_from_search(project, code="Help", query="helfen OR help", coder="Auto")
    assert [(item.document, item.text) for item in plan.items] == [
        ("Interview R3", "geholfen"),
        ("Interview R3", "halfen"),
        ("Interview A1", "helping"),
        ("Interview A1", "helped"),
    ]
    assert len(coded(project, help_)) == 2  # a preview writes nothing
    changes = apply_plan(project, plan)
    assert changes.codings
    assert len(coded(project, help_)) == 6
    assert history.state(project).undo == plan.description
    history.undo(project)
    assert coded(project, help_) == ["Sie hat mir geholfen", "I was helping my parents"]


def test_sentence_scope_leaves_out_stamp_and_speaker(project: Project, study: Study) -> None:
    plan = plan_from_search(project, code="Fear", query="страх", scope="sentence", coder="Anna")
    assert [item.text for item in plan.items] == [
        "გამარჯობა 🇬🇪 — мы уехали из-за страха.",
        "Со страхом жили долго.",
        "Страх остался надолго.",
    ]
    start, end = plan.items[0].start, plan.items[0].end
    assert study.texts["D1"][start:end] == plan.items[0].text


def test_turn_scope_merges_hits_of_one_turn(project: Project) -> None:
    plan = plan_from_search(project, code="Fear", query="страх OR надежда", scope="turn")
    assert [(item.text, item.hits) for item in plan.items] == [
        ("გამარჯობა 🇬🇪 — мы уехали из-за страха. Полиция проверяла телефоны.", 1),
        ("Со страхом жили долго. Потом пришла надежда.", 2),
        ("Я боялась полиции. Страх остался надолго.", 1),
    ]


def test_existing_codings_are_marked_and_skipped(project: Project, study: Study) -> None:
    plan = plan_from_search(project, code="Police", query='"Я боялась полиции"', coder="Anna")
    assert [(item.text, item.exists) for item in plan.items] == [("Я боялась полиции", True)]
    assert plan.new == []
    assert not apply_plan(project, plan).any


def test_all_turns_of_a_speaker(project: Project, study: Study) -> None:
    plan = plan_from_speaker(project, code="Emotions", speaker="respondent", coder="Anna")
    assert [item.text for item in plan.items] == [
        "გამარჯობა 🇬🇪 — мы уехали из-за страха. Полиция проверяла телефоны.",
        "Со страхом жили долго. Потом пришла надежда.",
    ]
    apply_plan(project, plan, chosen={1})
    assert coded(project, study.codes["Emotions"]) == [plan.items[1].text]
    with pytest.raises(NotFound, match="'Interviewer', 'Respondent'"):
        plan_from_speaker(project, code="Fear", speaker="Moderator")
