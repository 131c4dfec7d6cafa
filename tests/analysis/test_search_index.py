from __future__ import annotations

import sqlite3

from coding import documents, history, text_edit
from coding.analysis import refresh_index, search, stale_documents, verify_index
from coding.project import Project
from tests.analysis.study import Study


def test_index_is_built_once_and_kept(project: Project) -> None:
    first = refresh_index(project)
    assert first.indexed == 7 and first.words > 0
    assert refresh_index(project).indexed == 0
    assert stale_documents(project) == []


def test_a_changed_text_is_indexed_again(project: Project, study: Study) -> None:
    refresh_index(project)
    d2 = study.documents["D2"]
    start = study.texts["D2"].index("Страх")
    text_edit.replace_text(project, document_id=d2, start=start, end=start + 5, replacement="Ужас")
    assert stale_documents(project) == [d2]
    assert [h.hit for h in search(project, "страх").hits] == ["страха", "страхом"]
    assert [h.hit for h in search(project, "ужас").hits] == ["Ужас"]
    history.undo(project)
    assert [h.hit for h in search(project, "страх").hits] == ["страха", "страхом", "Страх"]


def test_changes_behind_the_services_back_are_noticed(project: Project, study: Study) -> None:
    refresh_index(project)
    d3 = study.documents["D3"]
    connection = sqlite3.connect(study.path)
    with connection:  # the trigger drops the index of a text changed by any writer
        connection.execute(
            "UPDATE documents SET text = replace(text, 'geholfen', 'gesehen') WHERE id = ?", (d3,)
        )
    connection.close()
    assert stale_documents(project) == [d3]
    assert [h.hit for h in search(project, "helfen").hits] == ["halfen"]
    # With the trigger gone, a same-length change is still caught by the content hash.
    connection = sqlite3.connect(study.path)
    with connection:
        connection.execute("DROP TRIGGER search_index_stale")
        connection.execute(
            "UPDATE documents SET text = replace(text, 'halfen', 'halfan') WHERE id = ?", (d3,)
        )
    connection.close()
    assert stale_documents(project) == []
    assert verify_index(project) == [d3]
    assert list(search(project, "helfen").hits) == []


def test_language_change_and_script_fallback(project: Project, study: Study) -> None:
    d6 = study.documents["D6"]
    documents.set_document_metadata(project, document_id=d6, language="")
    assert d6 in stale_documents(project)
    assert [h.hit for h in search(project, "работа").hits] == ["работы"]


def test_read_only_project_searches_without_writing(study: Study) -> None:
    with Project.open(study.path, read_only=True) as project:
        assert [h.hit for h in search(project, "страх").hits] == ["страха", "страхом", "Страх"]
    connection = sqlite3.connect(study.path)
    assert connection.execute("SELECT count(*) FROM search_documents").fetchone() == (0,)
    connection.close()


def test_deleting_a_document_drops_its_index(project: Project, study: Study) -> None:
    refresh_index(project)
    documents.delete_document(project, document_id=study.documents["D2"])
    connection = sqlite3.connect(study.path)
    left = connection.execute(
        "SELECT count(*) FROM search_postings WHERE document_id = ?", (study.documents["D2"],)
    ).fetchone()
    connection.close()
    assert left == (0,)
    assert [h.hit for h in search(project, "страх").hits] == ["страха", "страхом"]
