from __future__ import annotations

import pytest

from coding.analysis import cooccurrence, cooccurrence_passages
from coding.errors import InvalidInput
from coding.project import Project
from tests.analysis.study import Study


def test_overlap_counts_jaccard_and_c(project: Project, study: Study) -> None:
    table = cooccurrence(project)
    fear, police, hope = study.codes["Fear"], study.codes["Police"], study.codes["Hope"]
    assert table.count(fear, police) == table.count(police, fear) == 1  # F1 x P1
    assert table.count(fear, hope) == 0
    assert table.count(fear, fear) == 5
    assert table.c_coefficient(fear, police) == pytest.approx(1 / (5 + 2 - 1))
    assert table.jaccard(fear, police) == pytest.approx(2 / 7)
    assert table.tidy() == [
        {"code_a": "Fear", "code_b": "Police", "count": 1, "jaccard": 0.286, "c": 0.167}
    ]


def test_near_counts_gaps_up_to_the_distance(project: Project, study: Study) -> None:
    fear, police, hope, help_ = (study.codes[n] for n in ("Fear", "Police", "Hope", "Help"))
    near = cooccurrence(project, mode="near", distance=2)
    assert near.count(fear, police) == 2  # F1 x P1 overlap, P2 . F3 one space apart
    assert near.count(fear, hope) == 1  # F2 ". " H1
    assert near.count(fear, help_) == 1  # X1 ", " F4
    assert cooccurrence(project, mode="near", distance=0).count(fear, police) == 1


def test_turn_mode_counts_turns(project: Project, study: Study) -> None:
    fear, police, hope = study.codes["Fear"], study.codes["Police"], study.codes["Hope"]
    turns = cooccurrence(project, mode="turn")
    assert turns.count(fear, police) == 2  # D1's first answer, D2's first paragraph
    assert turns.count(fear, hope) == 1
    assert turns.jaccard(fear, hope) == turns.c_coefficient(fear, hope)


def test_drill_down_to_the_passages(project: Project, study: Study) -> None:
    fear, police = study.codes["Fear"], study.codes["Police"]
    overlap = cooccurrence_passages(project, fear, police)
    assert [p.text for p in overlap] == ["мы уехали из-за страха. Полиция проверяла телефоны"]
    assert overlap[0].coding_ids == (study.codings["F1"], study.codings["P1"])
    in_turns = cooccurrence_passages(project, fear, police, mode="turn")
    assert [p.text for p in in_turns] == [
        "გამარჯობა 🇬🇪 — мы уехали из-за страха. Полиция проверяла телефоны.",
        "Я боялась полиции. Страх остался надолго.",
    ]


def test_coder_filter_and_bad_mode(project: Project, study: Study) -> None:
    giorgi = cooccurrence(project, coders=["Giorgi"], mode="turn")
    assert giorgi.count(study.codes["Fear"], study.codes["Police"]) == 0
    with pytest.raises(InvalidInput, match="mode"):
        cooccurrence(project, mode="sideways")
