from __future__ import annotations

from pathlib import Path

import docx
import pytest

from coding.analysis import RetrievalQuery, export_retrieval, retrieve
from coding.errors import InvalidInput, NotFound
from coding.project import Project
from tests.analysis.study import Study


def keys(study: Study, project: Project, **query: object) -> list[str]:
    found = retrieve(project, RetrievalQuery(**query))  # type: ignore[arg-type]
    names = {value: key for key, value in study.codings.items()}
    return sorted(names[segment.coding_id] for segment in found.segments)


def test_and_or_not_within_a_segment(project: Project, study: Study) -> None:
    assert keys(study, project, codes="Fear AND Police") == ["F1", "P1"]
    assert keys(study, project, codes="Fear NOT Police") == ["F2", "F3", "F4", "F5"]
    assert keys(study, project, codes="Hope OR Help") == ["H1", "H2", "X1", "X2"]
    assert keys(study, project, codes="Emotions AND Police") == ["F1", "P1"]
    assert keys(study, project, codes="Emotions AND Police", include_subcodes=False) == []


def test_within_a_document(project: Project, study: Study) -> None:
    both = keys(study, project, codes="Fear AND Police", scope="document")
    assert both == ["F1", "F2", "F3", "P1", "P2"]
    assert keys(study, project, codes="(Fear AND Hope) NOT Police", scope="document") == []


def test_context_filters(project: Project, study: Study) -> None:
    assert keys(study, project, codes="Fear", where=[("origin", "Russia")]) == [
        "F1",
        "F2",
        "F3",
        "F4",
    ]
    assert keys(study, project, codes="Fear", coders=["Giorgi"]) == ["F2", "F4"]
    assert keys(study, project, codes="Fear OR Hope", speakers=["Respondent"]) == [
        "F1",
        "F2",
        "H1",
    ]
    assert keys(study, project, codes="Fear", cases=["R2"]) == ["F3"]


def test_errors_name_what_exists(project: Project) -> None:
    with pytest.raises(NotFound, match="did you mean 'Fear'"):
        retrieve(project, RetrievalQuery(codes="Feat"))
    with pytest.raises(InvalidInput, match="not negated"):
        retrieve(project, RetrievalQuery(codes="NOT Fear"))


def test_export_through_the_word_report(project: Project, tmp_path: Path) -> None:
    found = retrieve(project, RetrievalQuery(codes="Fear AND Police"))
    out = tmp_path / "retrieved.docx"
    assert export_retrieval(project, out, found) == 2
    text = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "мы уехали из-за страха" in text
    assert "страха. Полиция проверяла телефоны" in text
    assert any("Interview R1 · case R1" in line and "[00:00:01]" in line for line in text)
    assert any("Fear AND Police" in line for line in text)
