"""Merging a colleague's copy: codes by identity then name, documents by text, one undo step."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coding import codebook, codings, documents, history, queries, text_edit
from coding.project import Project
from coding.team.merge import merge_project
from models.transcript_layout import TimedText, lay_out
from tests.domain.test_undo import _tables

TEXT_ONE = "😀 Я уехал в 2022. I feared the police. Now I hope."
TEXT_TWO = "Second interview: თბილისი was kind to us."


def _apply(project: Project, doc: int, code: int, coder: str, quote: str, memo: str = "") -> None:
    text = queries.get_document(project, doc).text
    start = text.index(quote)
    codings.apply_coding(
        project,
        document_id=doc,
        code_id=code,
        start=start,
        end=start + len(quote),
        coder=coder,
        memo=memo,
    )


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path, dict[str, int]]:
    mine = tmp_path / "mine.tcproj"
    with Project.create(mine) as project:
        ids = {
            "one": documents.add_document(project, title="One", text=TEXT_ONE).id,
            "two": documents.add_document(project, title="Two", text=TEXT_TWO).id,
            "emotions": codebook.create_code(project, name="Emotions").id,
        }
        ids["fear"] = codebook.create_code(project, name="Fear", parent_id=ids["emotions"]).id
        _apply(project, ids["one"], ids["fear"], "Anna", "I feared the police.", memo="clear")
    theirs = tmp_path / "theirs.tcproj"
    shutil.copyfile(mine, theirs)
    return mine, theirs, {k: v for k, v in ids.items() if v is not None}


def test_a_colleagues_copy_merges_as_one_undoable_step(
    copies: tuple[Path, Path, dict[str, int]],
) -> None:
    mine, theirs, ids = copies
    with Project.open(theirs) as colleague:
        _apply(colleague, ids["one"], ids["fear"], "Giorgi", "feared the police")
        (annas,) = queries.list_codings(colleague, coders=["Anna"])
        codings.set_coding_memo(colleague, coding_id=annas.id, memo="obvious?")
        relief = codebook.create_code(colleague, name="Relief", parent_id=ids["emotions"]).id
        hope = codebook.create_code(colleague, name="Hope").id
        assert relief is not None and hope is not None
        _apply(colleague, ids["one"], relief, "Giorgi", "Now I hope.")
        _apply(colleague, ids["one"], hope, "Giorgi", "hope")
        codebook.recolor_code(colleague, code_id=ids["fear"], color="#123456")
        codebook.describe_code(colleague, code_id=ids["fear"], definition="Fear of the state")
        text_edit.replace_text(colleague, document_id=ids["two"], start=0, end=6, replacement="2nd")
        _apply(colleague, ids["two"], ids["fear"], "Giorgi", "kind")
        laid = lay_out([TimedText(0, 900, "R", "Страх остался."), TimedText(900, 1800, "I", "Да.")])
        three = documents.add_document(
            colleague, title="Three", text=laid.text, segments=laid.segments
        ).id
        assert three is not None
        _apply(colleague, three, relief, "Giorgi", "Страх остался.")

    with Project.open(mine) as project:
        codebook.rename_code(project, code_id=ids["fear"], name="Angst")
        codebook.create_code(project, name="hope")  # the same code, made on both sides
        before = _tables(mine)
        changes, report = merge_project(project, other=theirs)
        assert changes.codings and changes.codes and changes.documents
        assert report.source == "theirs.tcproj"
        assert (report.codes_matched, report.codes_added) == (3, 1)
        assert (report.documents_matched, report.documents_added) == (1, 1)
        assert (report.codings_added, report.codings_present) == (4, 1)
        assert report.coders_added == ["Giorgi"]
        conflicts = "\n".join(report.conflicts)
        assert "code 'Emotions/Angst' is 'Emotions/Fear' in theirs.tcproj" in conflicts
        assert "another colour" in conflicts
        assert "document 'Two' has another text" in conflicts
        assert "another memo" in conflicts
        nodes = {node.path: node for node in queries.codebook(project)}
        assert set(nodes) == {"Emotions", "Emotions/Angst", "Emotions/Relief", "hope"}
        # An empty description here takes the colleague's; a colour difference keeps ours.
        assert nodes["Emotions/Angst"].definition == "Fear of the state"
        assert nodes["Emotions/Angst"].color != "#123456"
        listed = {
            (c.document_title, c.code_name, c.coder, c.text) for c in queries.list_codings(project)
        }
        assert listed == {
            ("One", "Angst", "Anna", "I feared the police."),
            ("One", "Angst", "Giorgi", "feared the police"),
            ("One", "Relief", "Giorgi", "Now I hope."),
            ("One", "hope", "Giorgi", "hope"),
            ("Three", "Relief", "Giorgi", "Страх остался."),
        }
        three = next(d for d in queries.list_documents(project) if d.title == "Three")
        assert [s.speaker for s in queries.get_document(project, three.id).segments] == ["R", "I"]
        assert history.state(project).undo == "Merge 'theirs.tcproj'"
        history.undo(project)
    assert _tables(mine) == before


def test_merging_twice_adds_nothing_the_second_time(
    copies: tuple[Path, Path, dict[str, int]],
) -> None:
    mine, theirs, ids = copies
    with Project.open(theirs) as colleague:
        _apply(colleague, ids["one"], ids["fear"], "Giorgi", "Now I hope.")
    with Project.open(mine) as project:
        first = merge_project(project, other=theirs)[1]
        second = merge_project(project, other=theirs)[1]
    assert first.codings_added == 1
    assert (second.codings_added, second.codes_added, second.documents_added) == (0, 0, 0)
    assert second.conflicts == []


def test_a_code_renamed_on_both_sides_still_matches_by_identity(
    copies: tuple[Path, Path, dict[str, int]],
) -> None:
    mine, theirs, ids = copies
    with Project.open(theirs) as colleague:
        codebook.rename_code(colleague, code_id=ids["fear"], name="Страх")
        codebook.move_code(colleague, code_id=ids["fear"], parent_id=None)
        _apply(colleague, ids["one"], ids["fear"], "Giorgi", "police")
    with Project.open(mine) as project:
        report = merge_project(project, other=theirs)[1]
        assert report.codes_added == 0
        assert [c.code_name for c in queries.list_codings(project, coders=["Giorgi"])] == ["Fear"]


def test_the_colleagues_file_is_left_untouched(copies: tuple[Path, Path, dict[str, int]]) -> None:
    mine, theirs, _ = copies
    before = theirs.read_bytes()
    with Project.open(mine) as project:
        merge_project(project, other=theirs)
    assert theirs.read_bytes() == before


def test_a_qdpx_from_another_tool_merges_by_name_and_text(
    copies: tuple[Path, Path, dict[str, int]], tmp_path: Path
) -> None:
    from coding.refi import export_qdpx

    mine, theirs, ids = copies
    with Project.open(theirs) as colleague:
        _apply(colleague, ids["two"], ids["fear"], "Giorgi", "თბილისი")
        export_qdpx(colleague, tmp_path / "theirs.qdpx")
    with Project.open(mine) as project:
        report = merge_project(project, other=tmp_path / "theirs.qdpx")[1]
        assert (report.codes_added, report.documents_added) == (0, 0)
        assert report.codings_added == 1 and report.codings_present == 1
        giorgis = queries.list_codings(project, coders=["Giorgi"])
        assert [(c.code_name, c.text) for c in giorgis] == [("Fear", "თბილისი")]
