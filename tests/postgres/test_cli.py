"""The command line takes a postgresql:// URL wherever it takes a project file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_team_works_in_a_shared_project_from_the_command_line(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "init", pg_url, "--title", "Team") == (0, f"created {pg_url}\n", "")
    text = tmp_path / "Interview 1.txt"
    text.write_text("I left in 2022. I feared the police.\n\nNow I hope.", encoding="utf-8")
    assert run(capsys, "import", pg_url, str(text))[0] == 0
    assert run(capsys, "codes", "add", pg_url, "Fear")[0] == 0
    for coder, quote in (("Anna", "I feared the police."), ("Giorgi", "I feared the police")):
        code, _, err = run(
            capsys,
            "code",
            pg_url,
            "--document",
            "Interview 1",
            "--code",
            "Fear",
            "--text",
            quote,
            "--coder",
            coder,
        )
        assert code == 0, err
    code, out, err = run(capsys, "codings", "list", pg_url, "--json")
    assert code == 0, err
    assert sorted(c["coder"] for c in json.loads(out)) == ["Anna", "Giorgi"]
    code, out, err = run(
        capsys, "agreement", pg_url, "--coders", "Anna,Giorgi", "--unit", "sentence", "--json"
    )
    assert code == 0, err
    result = json.loads(out)
    assert result["overall"]["percent_agreement"] == 1.0
    assert [c["code"] for c in result["codes"]] == ["Fear"]
    code, out, _ = run(capsys, "info", pg_url, "--json")
    assert json.loads(out)["coders"] == ["Anna", "Giorgi"]
    code, out, _ = run(capsys, "coder", "list", pg_url, "--json")
    assert {c["name"]: c["codings"] for c in json.loads(out)} == {"Anna": 1, "Giorgi": 1}
    code, out, _ = run(capsys, "changes", pg_url, "--json")
    assert json.loads(out)["counter"] > 0


def test_undo_on_a_shared_project_is_per_coder(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "init", pg_url)[0] == 0
    assert run(capsys, "codes", "add", pg_url, "Fear")[0] == 0  # by $TRANSCODA_CODER (tester)
    code, _, err = run(capsys, "undo", pg_url, "--coder", "Giorgi")
    assert (code, err) == (1, "transcoda: error: nothing to undo\n")
    assert run(capsys, "undo", pg_url) == (0, "undid: Create code 'Fear'\n", "")


def test_merge_a_project_file_into_a_shared_project(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    local = tmp_path / "mine.tcproj"
    text = tmp_path / "Interview.txt"
    text.write_text("We left. Fear stayed.", encoding="utf-8")
    for project in (str(local), pg_url):
        assert run(capsys, "init", project)[0] == 0
        assert run(capsys, "import", project, str(text))[0] == 0
    assert run(capsys, "codes", "add", str(local), "Fear")[0] == 0
    assert (
        run(
            capsys,
            "code",
            str(local),
            "--document",
            "Interview",
            "--code",
            "Fear",
            "--text",
            "Fear stayed",
            "--coder",
            "Nino",
        )[0]
        == 0
    )
    code, out, err = run(capsys, "merge", pg_url, str(local), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert (report["codings_added"], report["codes_added"], report["documents_matched"]) == (
        1,
        1,
        1,
    )
    code, out, _ = run(capsys, "codings", "list", pg_url, "--json")
    assert [(c["coder"], c["text"]) for c in json.loads(out)] == [("Nino", "Fear stayed")]


def test_backups_of_a_shared_project_are_refused_clearly(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "init", pg_url)[0] == 0
    for args in (("list", pg_url), ("now", pg_url), ("restore", pg_url, "x.tcproj")):
        code, _, err = run(capsys, "backup", *args)
        assert code == 1 and "pg_dump" in err
