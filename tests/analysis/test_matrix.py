from __future__ import annotations

import pytest

from coding.analysis import code_matrix, coded_passages, frequencies
from coding.errors import NotFound
from coding.project import Project
from tests.analysis.study import Study

RU_GE = {"origin": "Russia", "host": "Georgia"}


def record(matrix, code: str, group: dict[str, str | None]) -> dict:  # type: ignore[no-untyped-def]
    found = [r for r in matrix.tidy() if r["code"] == code and r["group"] == group]
    assert len(found) == 1
    return found[0]


def test_groups_follow_the_attributes_choice_order(project: Project) -> None:
    matrix = code_matrix(project, by=["origin", "host"])
    assert [g.label for g in matrix.groups] == [
        "Russia / Germany",
        "Russia / Georgia",
        "Azerbaijan / Germany",
        "Azerbaijan / Georgia",
        "(none) / (none)",
    ]


def test_tidy_cell_is_exactly_the_documented_record(project: Project) -> None:
    matrix = code_matrix(project, by=["origin", "host"])
    assert record(matrix, "Fear", RU_GE) == {
        "code": "Fear",
        "group": {"origin": "Russia", "host": "Georgia"},
        "segments": 3,
        "cases": 2,
        "documents": 2,
        "share": 0.67,
    }
    assert record(matrix, "Fear", {"origin": "Russia", "host": "Germany"})["share"] == 1.0
    # No case: the share is of the group's documents.
    expert = record(matrix, "Fear", {"origin": None, "host": None})
    assert (expert["segments"], expert["cases"], expert["documents"], expert["share"]) == (
        1,
        0,
        1,
        1.0,
    )
    assert record(matrix, "Hope", {"origin": "Azerbaijan", "host": "Germany"})["segments"] == 0


def test_each_cell_lists_its_codings(project: Project, study: Study) -> None:
    matrix = code_matrix(project, by=["origin", "host"])
    cell = matrix.cell(study.codes["Fear"], 1)
    assert sorted(cell.coding_ids) == sorted(study.codings[k] for k in ("F1", "F2", "F3"))
    passages = coded_passages(project, cell.coding_ids)
    assert [p.text for p in passages] == [
        "мы уехали из-за страха",
        "Со страхом жили долго",
        "Страх остался надолго",
    ]
    assert passages[0].speaker == "Respondent" and passages[0].time_ms == 1600
    assert passages[1].time_ms == 5100 and passages[2].speaker is None


def test_coder_filter_and_aggregation(project: Project, study: Study) -> None:
    anna = code_matrix(project, by=["origin", "host"], coders=["Anna"])
    assert record(anna, "Fear", RU_GE)["segments"] == 2
    plain = code_matrix(project, by=["origin", "host"])
    assert record(plain, "Emotions", RU_GE)["segments"] == 0
    summed = code_matrix(project, by=["origin", "host"], aggregate=True)
    emotions = record(summed, "Emotions", RU_GE)
    assert (emotions["segments"], emotions["cases"]) == (4, 2)  # F1 F2 F3 H1


def test_values_and_other_dimensions(project: Project, study: Study) -> None:
    shares = code_matrix(project, by=["origin"], value="share")
    labels = [g.label for g in shares.groups]
    row = next(r for r in shares.rows if r.name == "Fear")
    russia = shares.values()[shares.rows.index(row)][labels.index("Russia")]
    assert russia == pytest.approx(3 / 4)  # R1 R2 R3 of R1-R4
    by_document = code_matrix(project, by=["document"])
    assert [g.label for g in by_document.groups][:2] == ["Interview R1", "Interview R2"]
    by_kind = code_matrix(project, by=["kind"])
    assert [g.label for g in by_kind.groups] == ["semi_structured_interview", "expert_interview"]
    by_coder = code_matrix(project, by=["origin", "coder"])
    assert record(by_coder, "Fear", {"origin": "Russia", "coder": "Giorgi"})["segments"] == 2


def test_unknown_dimension_lists_what_exists(project: Project) -> None:
    with pytest.raises(NotFound, match=r"'host'.*'origin'"):
        code_matrix(project, by=["hots country"])


def test_frequencies_per_document_and_coder(project: Project, study: Study) -> None:
    per_document = frequencies(project, by=["document"])
    assert per_document.series()[:3] == [4, 2, 2]
    assert per_document.series(study.codes["Fear"])[:3] == [2, 1, 1]
    per_coder = frequencies(project, by=["coder"])
    assert dict(zip(per_coder.labels, per_coder.series(), strict=True)) == {"Anna": 8, "Giorgi": 3}
