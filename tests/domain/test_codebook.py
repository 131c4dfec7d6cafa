from __future__ import annotations

from pathlib import Path

import pytest

from coding import codebook, codebook_io, codings, history, queries
from coding.errors import Conflict, InvalidInput
from coding.project import Project
from tests.domain.helpers import add_code, add_doc, dump


def test_tree_rename_recolour_describe(project: Project) -> None:
    emotions = add_code(project, "Emotions")
    fear = add_code(project, "Fear", emotions)
    add_code(project, "Страх перед репрессиями", fear)
    codebook.rename_code(project, code_id=fear, name="Fear ⚡")
    codebook.recolor_code(project, code_id=fear, color="#aa0000")
    codebook.describe_code(project, code_id=fear, definition="Fear of harm", example="«Я боялся»")
    nodes = queries.codebook(project)
    assert [(n.path, n.depth) for n in nodes] == [
        ("Emotions", 0),
        ("Emotions/Fear ⚡", 1),
        ("Emotions/Fear ⚡/Страх перед репрессиями", 2),
    ]
    assert nodes[1].color == "#AA0000" and nodes[1].example == "«Я боялся»"
    assert history.state(project).undo == "Edit description of 'Fear ⚡'"


def test_sibling_names_are_unique_but_may_repeat_elsewhere(project: Project) -> None:
    a, b = add_code(project, "Russia"), add_code(project, "Azerbaijan")
    add_code(project, "Fear", a)
    add_code(project, "Fear", b)
    with pytest.raises(Conflict):
        add_code(project, "fear", a)


@pytest.mark.parametrize("bad", ["", "   ", "a/b"])
def test_bad_names(project: Project, bad: str) -> None:
    with pytest.raises(InvalidInput):
        codebook.create_code(project, name=bad)


def test_bad_colour(project: Project) -> None:
    with pytest.raises(InvalidInput, match="#RRGGBB"):
        codebook.create_code(project, name="X", color="red")


def test_move_reorders_and_refuses_cycles(project: Project) -> None:
    a, b, c = add_code(project, "A"), add_code(project, "B"), add_code(project, "C")
    child = add_code(project, "A1", a)
    codebook.move_code(project, code_id=c, parent_id=None, position=0)
    assert [n.name for n in queries.codebook(project) if n.depth == 0] == ["C", "A", "B"]
    codebook.move_code(project, code_id=b, parent_id=a)
    assert [n.path for n in queries.codebook(project)] == ["C", "A", "A/A1", "A/B"]
    before = dump(project.path)
    with pytest.raises(InvalidInput, match="under itself"):
        codebook.move_code(project, code_id=a, parent_id=child)
    assert dump(project.path) == before
    history.undo(project)
    assert [n.path for n in queries.codebook(project)] == ["C", "A", "A/A1", "B"]


def test_merge_reassigns_and_collapses_exact_duplicates(project: Project) -> None:
    document = add_doc(project)
    fear, angst = add_code(project, "Fear"), add_code(project, "Angst")
    sub = add_code(project, "Angst vor Behörden", angst)
    for code in (fear, angst):
        codings.apply_coding(project, document_id=document, code_id=code, start=0, end=5, coder="A")
    codings.apply_coding(project, document_id=document, code_id=angst, start=6, end=9, coder="A")
    codings.apply_coding(project, document_id=document, code_id=angst, start=0, end=5, coder="B")
    codebook.merge_codes(project, source_id=angst, target_id=fear)
    rows = queries.list_codings(project)
    assert sorted((r.code_name, r.start, r.end, r.coder) for r in rows) == [
        ("Fear", 0, 5, "A"),
        ("Fear", 0, 5, "B"),
        ("Fear", 6, 9, "A"),
    ]
    assert [n.path for n in queries.codebook(project)] == ["Fear", "Fear/Angst vor Behörden"]
    assert history.state(project).undo == "Merge 'Angst' into 'Fear'"
    history.undo(project)
    assert len(queries.list_codings(project)) == 4
    assert {n.path for n in queries.codebook(project)} == {
        "Fear",
        "Angst",
        "Angst/Angst vor Behörden",
    }
    assert sub in {n.id for n in queries.codebook(project)}


def test_delete_reports_impact_and_takes_codings_and_subcodes(project: Project) -> None:
    document = add_doc(project)
    parent = add_code(project, "Emotions")
    child = add_code(project, "Hope", parent)
    codings.apply_coding(project, document_id=document, code_id=parent, start=0, end=3)
    codings.apply_coding(project, document_id=document, code_id=child, start=4, end=8)
    impact = codebook.delete_impact(project, code_id=parent)
    assert (impact.subcodes, impact.codings) == (1, 2)
    codebook.delete_code(project, code_id=parent)
    assert queries.codebook(project) == [] and queries.list_codings(project) == []
    history.undo(project)
    assert len(queries.list_codings(project)) == 2


def test_codebook_csv_round_trip(project: Project, tmp_path: Path) -> None:
    emotions = add_code(project, "Emotions")
    codebook.create_code(
        project,
        name='Страх, "fear"',
        parent_id=emotions,
        color="#112233",
        definition="Многострочное\nопределение",
        example="«Я боялся» 😨",
    )
    out = tmp_path / "codebook.csv"
    assert codebook_io.export_codebook_csv(project, out) == 2
    with Project.create(tmp_path / "other.tcproj") as other:
        codebook_io.import_codebook(other, source=out)
        nodes = queries.codebook(other)
    assert [(n.path, n.color, n.definition, n.example) for n in nodes][1] == (
        'Emotions/Страх, "fear"',
        "#112233",
        "Многострочное\nопределение",
        "«Я боялся» 😨",
    )


def test_codebook_import_of_a_broken_file_changes_nothing(project: Project, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("path,color\nEmotions,#123456\nEmotions/Fear,reddish\n", encoding="utf-8")
    before = dump(project.path)
    with pytest.raises(InvalidInput, match="row 3"):
        codebook_io.import_codebook(project, source=bad)
    assert dump(project.path) == before
    no_path = tmp_path / "nopath.csv"
    no_path.write_text("name,colour\nFear,#123456\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="no 'path' column"):
        codebook_io.import_codebook(project, source=no_path)


def test_duplicate_names_are_found_across_scripts_and_case(project: Project) -> None:
    from coding import cases, documents

    add_code(project, "Страх")
    with pytest.raises(Conflict):
        add_code(project, "СТРАХ")
    cases.create_case(project, name="Нино")
    with pytest.raises(Conflict):
        cases.create_case(project, name="нино")
    documents.add_document(project, title="Интервью", text="x")
    with pytest.raises(Conflict):
        documents.add_document(project, title="ИНТЕРВЬЮ", text="y")
