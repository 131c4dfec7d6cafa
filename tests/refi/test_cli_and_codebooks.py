"""The exchange commands as a user types them, and .qdc codebooks both ways."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import main
from coding.codebook_io import import_codebook
from coding.importers.errors import ImportFormatError
from coding.project import Project
from coding.refi import check_qdpx, export_qdc, import_qdc
from tests.refi.fingerprint import fingerprint
from tests.refi.test_hostile import XXE
from tests.refi.test_shapes_nvivo_atlas import atlas_project


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_export_and_import_project_commands(
    rich_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "rich.qdpx"
    code, said, err = run(capsys, "export", "qdpx", str(rich_path), str(out))
    assert (code, err) == (0, "")
    assert said.startswith("wrote 4 sources, 3 codes, 9 codings, ")
    assert check_qdpx(out) == []
    target = tmp_path / "back.tcproj"
    code, said, err = run(capsys, "import-project", str(out), str(target), "--json")
    assert (code, err) == (0, "")
    assert json.loads(said)["codings"] == 9
    with Project.open(rich_path) as rich, Project.open(target) as back:
        assert fingerprint(back) == fingerprint(rich)


def test_import_project_reports_what_it_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = atlas_project(tmp_path / "atlas.qdpx")
    code, said, err = run(capsys, "import-project", str(path), str(tmp_path / "p.tcproj"))
    assert code == 0
    assert said.startswith(f"created {tmp_path / 'p.tcproj'} from atlas.qdpx: 2 documents")
    assert "note: 'Doc 1': positions read as characters (code points), a line break as one" in said
    assert "transcoda: not imported: 1 sets: Transcoda has no place for them" in err


def test_failed_import_project_leaves_no_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.refi.builders import write_qdpx

    path = write_qdpx(tmp_path / "xxe.qdpx", {"project.qde": XXE})
    code, said, err = run(capsys, "import-project", str(path), str(tmp_path / "p.tcproj"))
    assert (code, said) == (1, "")
    assert err.startswith("transcoda: error: xxe.qdpx was refused: its project.qde declares")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["xxe.qdpx"]


def test_codebook_and_transcript_commands(
    rich_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    qdc = tmp_path / "codes.qdc"
    assert run(capsys, "export", "qdc", str(rich_path), str(qdc)) == (
        0,
        f"wrote the codebook (3 codes) to {qdc}\n",
        "",
    )
    fresh = tmp_path / "fresh.tcproj"
    assert run(capsys, "init", str(fresh))[0] == 0
    assert run(capsys, "codebook", "import", str(fresh), str(qdc)) == (
        0,
        "imported 3 new codes\n",
        "",
    )
    with Project.open(rich_path) as rich, Project.open(fresh) as new:
        assert fingerprint(new)["codes"] == fingerprint(rich)["codes"]
    for fmt, suffix in (("srt", "srt"), ("vtt", "vtt"), ("f4", "txt"), ("docx", "docx")):
        out = tmp_path / f"t.{suffix}"
        code, said, err = run(
            capsys,
            "export",
            "transcript",
            str(rich_path),
            "--document",
            "Аудио 3",
            "--format",
            fmt,
            str(out),
        )
        assert (code, err) == (0, "") and out.is_file()
        assert said.startswith(f"wrote 'Аудио 3' as {fmt} (")
    code, _, err = run(
        capsys,
        "export",
        "transcript",
        str(rich_path),
        "--document",
        "nope",
        "--format",
        "srt",
        str(tmp_path / "x.srt"),
    )
    assert code == 1 and "no document titled 'nope'" in err


def test_qdc_round_trip_merges_into_an_existing_codebook(
    rich: Project, project: Project, tmp_path: Path
) -> None:
    out = tmp_path / "codes.qdc"
    export_qdc(rich, out)
    changes, report = import_qdc(project, out)
    assert changes.codes and report.codes == 3
    assert fingerprint(project)["codes"] == fingerprint(rich)["codes"]
    again = import_codebook(project, source=out)  # the CSV entry point dispatches on .qdc
    assert again.id == 0 and not again.codes


def test_qdc_from_other_tools(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "maxqda.qdc"
    path.write_text(
        """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="MAXQDA 2022">
  <Codes>
    <Code guid="{AAAAAAAA-0000-0000-0000-000000000001}" name="Эмоции" isCodable="false"
        color="#0f0">
      <Description>Parent</Description>
      <Code guid="{AAAAAAAA-0000-0000-0000-000000000002}" name="Hope" isCodable="true">
        <Description>When to use: explicit hope

Example: I hope to return.</Description>
      </Code>
    </Code>
    <Code guid="not-a-guid" name="Broken" isCodable="true"/>
  </Codes>
  <Sets><Set guid="BBBBBBBB-0000-0000-0000-000000000001" name="S"/></Sets>
</CodeBook>""",
        encoding="utf-8",
    )
    _, report = import_qdc(project, path)
    assert report.skipped == [
        "a code without a valid GUID (Broken) was left out, with its subcodes"
    ]
    assert fingerprint(project)["codes"] == [
        ("Эмоции", "#00FF00", "Parent", "", "", ""),
        (
            "Эмоции/Hope",
            fingerprint(project)["codes"][1][1],
            "",
            "explicit hope",
            "",
            "I hope to return.",
        ),
    ]


def test_hostile_qdc_is_refused(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "x.qdc"
    path.write_text(XXE.replace("Project", "CodeBook"), encoding="utf-8")
    with pytest.raises(ImportFormatError, match="declares a document type or entities"):
        import_qdc(project, path)
    path.write_text("<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes/></CodeBook>")
    with pytest.raises(ImportFormatError, match="lists no codes"):
        import_qdc(project, path)
