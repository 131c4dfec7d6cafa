"""Export then import: a new project with the same codes, codings, cases, memos and timings."""

from __future__ import annotations

import hashlib
from pathlib import Path

from coding import history
from coding.project import Project
from coding.refi import check_qdpx, export_qdpx, import_project, import_qdpx
from tests.refi.fingerprint import fingerprint


def _digests(project: Project) -> list[str]:
    return sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in project.media_dir.iterdir())


def test_demo_round_trip_loses_nothing(demo: Project, demo_qdpx: Path, tmp_path: Path) -> None:
    report = import_project(demo_qdpx, tmp_path / "back.tcproj")
    assert report.skipped == [] and report.notes == []
    assert (report.documents, report.codes, report.codings, report.recordings) == (9, 42, 386, 2)
    with Project.open(tmp_path / "back.tcproj") as back:
        assert fingerprint(back) == fingerprint(demo)
        assert _digests(back) == _digests(demo)
        assert history.state(back).undo is None  # a new project does not start with an undo


def test_cyrillic_georgian_emoji_round_trip(rich: Project, tmp_path: Path) -> None:
    out = tmp_path / "rich.qdpx"
    export_qdpx(rich, out)
    report = import_project(out, tmp_path / "back.tcproj")
    assert report.skipped == []
    expected = fingerprint(rich)
    with Project.open(tmp_path / "back.tcproj") as back:
        got = fingerprint(back)
        assert _digests(back) == _digests(rich)
    assert got == expected
    quotes = {coding[5] for coding in got["codings"]}
    assert {"Мне было страшно 😨", "🇬🇪 თბილისი", "👍 ახლა უკეთესად ვარ"} <= quotes
    assert {s[0] for s in got["segments"]} == {"Аудио 3", "Субтитры 4"}


def test_timed_text_exported_as_text_keeps_codings(rich: Project, tmp_path: Path) -> None:
    out = tmp_path / "text.qdpx"
    export_qdpx(rich, out, timed_text_as="text")
    import_project(out, tmp_path / "back.tcproj")
    expected = fingerprint(rich)
    with Project.open(tmp_path / "back.tcproj") as back:
        got = fingerprint(back)
    assert got["codings"] == expected["codings"]
    assert [s for s in got["segments"] if s[0] == "Субтитры 4"] == []
    assert [s for s in got["segments"] if s[0] == "Аудио 3"] == [
        s for s in expected["segments"] if s[0] == "Аудио 3"
    ]


def test_import_into_an_open_project_is_one_undo_step(
    rich: Project, project: Project, tmp_path: Path
) -> None:
    out = tmp_path / "rich.qdpx"
    export_qdpx(rich, out)
    empty = fingerprint(project)
    changes, report = import_qdpx(project, out)
    assert changes.codings and changes.documents and changes.cases and report.codings == 9
    assert fingerprint(project) == fingerprint(rich)
    assert history.state(project).undo == "Import rich.qdpx"
    history.undo(project)
    assert fingerprint(project) == empty
    history.redo(project)
    assert fingerprint(project) == fingerprint(rich)


def test_second_import_shares_codes_cases_and_attributes(
    rich: Project, project: Project, tmp_path: Path
) -> None:
    out = tmp_path / "rich.qdpx"
    export_qdpx(rich, out)
    import_qdpx(project, out)
    _, report = import_qdpx(project, out)
    assert (report.codes, report.cases, report.attributes) == (0, 0, 0)
    assert report.documents == 4 and report.codings == 9
    got = fingerprint(project)
    assert len(got["codes"]) == len(fingerprint(rich)["codes"])
    assert "Интервью 1 😀 (2)" in {d[0] for d in got["documents"]}


def test_control_characters_survive_in_text_and_stay_out_of_xml(
    project: Project, tmp_path: Path
) -> None:
    from coding.codebook import create_code
    from coding.codings import apply_coding
    from coding.documents import add_document

    text = "Page one\fPage two \x01 bell\x07 end"
    document = add_document(project, title="PDF \x02 text", text=text).id
    code = create_code(project, name="Code").id
    assert document is not None and code is not None
    apply_coding(project, document_id=document, code_id=code, start=5, end=20, coder="A")
    out = tmp_path / "ctrl.qdpx"
    export_qdpx(project, out)
    assert check_qdpx(out) == []
    import_project(out, tmp_path / "back.tcproj")
    with Project.open(tmp_path / "back.tcproj") as back:
        got = fingerprint(back)
    assert got["documents"][0][1] == text
    assert got["codings"][0][5] == text[5:20]


def test_projects_from_other_tools_export_valid_files(tmp_path: Path) -> None:
    from tests.refi.test_shapes_maxqda_qualcoder import maxqda_project, qualcoder_project
    from tests.refi.test_shapes_nvivo_atlas import atlas_project, nvivo_project

    for number, build in enumerate(
        (nvivo_project, atlas_project, maxqda_project, qualcoder_project)
    ):
        source = build(tmp_path / f"in{number}.qdpx")
        target = tmp_path / f"p{number}.tcproj"
        import_project(source, target)
        with Project.open(target) as project:
            export_qdpx(project, tmp_path / f"out{number}.qdpx")
            import_project(tmp_path / f"out{number}.qdpx", tmp_path / f"q{number}.tcproj")
            with Project.open(tmp_path / f"q{number}.tcproj") as again:
                assert fingerprint(again) == fingerprint(project)
        assert check_qdpx(tmp_path / f"out{number}.qdpx") == []
