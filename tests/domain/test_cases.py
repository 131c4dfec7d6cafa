from __future__ import annotations

import pytest

from coding import cases, documents, history, queries
from coding.errors import Conflict, InvalidInput
from coding.project import Project
from tests.domain.helpers import add_doc, dump


def test_typed_values_are_stored_canonically(project: Project) -> None:
    case = cases.create_case(project, name="R-Tbilisi-01 (Нина)").id
    assert case is not None
    year = cases.define_attribute(project, name="year left", kind="number").id
    born = cases.define_attribute(project, name="interview date", kind="date").id
    origin = cases.define_attribute(
        project, name="origin", kind="choice", choices=["Russia", "Azerbaijan"]
    ).id
    assert year and born and origin
    cases.set_case_value(project, case_id=case, attribute_id=year, value=" 2022,0 ")
    cases.set_case_value(project, case_id=case, attribute_id=born, value="03.11.2023")
    cases.set_case_value(project, case_id=case, attribute_id=origin, value="Russia")
    [view] = queries.cases(project)
    assert view.values == {"year left": "2022", "interview date": "2023-11-03", "origin": "Russia"}
    before = dump(project.path)
    for attribute, value in ((year, "soon"), (born, "31.02.2023"), (origin, "Georgia")):
        with pytest.raises(InvalidInput):
            cases.set_case_value(project, case_id=case, attribute_id=attribute, value=value)
    assert dump(project.path) == before
    cases.set_case_value(project, case_id=case, attribute_id=origin, value="")
    assert "origin" not in queries.cases(project)[0].values


def test_retyping_checks_every_value(project: Project) -> None:
    case = cases.create_case(project, name="A").id
    attribute = cases.define_attribute(project, name="age", kind="text").id
    assert case and attribute
    cases.set_case_value(project, case_id=case, attribute_id=attribute, value="thirty")
    with pytest.raises(InvalidInput, match="not a number"):
        cases.change_attribute_type(project, attribute_id=attribute, kind="number")
    cases.set_case_value(project, case_id=case, attribute_id=attribute, value="30")
    cases.change_attribute_type(project, attribute_id=attribute, kind="number")
    assert queries.attributes(project)[0].type == "number"


def test_deleting_a_case_unassigns_documents_and_undo_reassigns(project: Project) -> None:
    case = cases.create_case(project, name="Case 1").id
    document = add_doc(project)
    documents.set_document_metadata(project, document_id=document, case_id=case)
    with pytest.raises(Conflict):
        cases.create_case(project, name="case 1")
    cases.delete_case(project, case_id=case)  # type: ignore[arg-type]
    assert queries.list_documents(project)[0].case_name is None
    history.undo(project)
    assert queries.list_documents(project)[0].case_name == "Case 1"


def test_document_attributes(project: Project) -> None:
    document = add_doc(project)
    place = cases.define_attribute(project, name="place", kind="text", target="document").id
    assert place is not None
    cases.set_document_value(
        project, document_id=document, attribute_id=place, value="Кафе в Тбилиси"
    )
    assert queries.document_values(project, document) == {"place": "Кафе в Тбилиси"}


def test_memos_on_project_document_and_code(project: Project) -> None:
    from coding import codebook, memos

    document = add_doc(project)
    code = codebook.create_code(project, name="Hope").id
    memos.add_memo(project, text="Проект: заметка 📝")
    memos.add_memo(project, text="ქართული ჩანაწერი", document_id=document)
    memo = memos.add_memo(project, text="Use sparingly", code_id=code).id
    assert memo is not None
    assert history.state(project).undo == "Add memo to code 'Hope'"
    memos.edit_memo(project, memo_id=memo, text="Use for hope about the future")
    views = queries.memos(project)
    assert [(m.document_id, m.code_id, m.text) for m in views] == [
        (None, None, "Проект: заметка 📝"),
        (document, None, "ქართული ჩანაწერი"),
        (None, code, "Use for hope about the future"),
    ]
    documents.delete_document(project, document_id=document)
    assert len(queries.memos(project)) == 2
    history.undo(project)
    assert len(queries.memos(project)) == 3
    with pytest.raises(InvalidInput):
        memos.add_memo(project, text="x", document_id=document, code_id=code)
