"""The analysis commands, driven in-process as a user would."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from app.cli.main import main
from tests.analysis.study import Study
from tests.domain.helpers import dump


def project_rows(path: Path) -> list[str]:
    """Every row but the lemma index's, which a search may build (derived, not undoable)."""
    return [line for line in dump(path) if "search_" not in line]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_matrix_json_prints_tidy_cells(study: Study, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "matrix", str(study.path), "--by", "origin,host", "--json")
    assert code == 0, err
    records = json.loads(out)
    assert {
        "code": "Fear",
        "group": {"origin": "Russia", "host": "Georgia"},
        "segments": 3,
        "cases": 2,
        "documents": 2,
        "share": 0.67,
    } in records
    assert len(records) == 5 * 5  # codes x groups, zeros included
    code, out, _ = run(
        capsys,
        "matrix",
        str(study.path),
        "--by",
        "origin",
        "--by",
        "host",
        "--coder",
        "Anna",
        "--value",
        "share",
        "--csv",
    )
    rows = list(csv.reader(out.splitlines()))
    assert rows[0] == [
        "Code",
        "Russia / Germany",
        "Russia / Georgia",
        "Azerbaijan / Germany",
        "Azerbaijan / Georgia",
        "(none) / (none)",
    ]
    assert ["Emotions/Fear", "0.0", "0.6667", "0.0", "0.0", "1.0"] in rows


def test_matrix_xlsx_and_errors(
    study: Study, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "matrix.xlsx"
    code, said, err = run(capsys, "matrix", str(study.path), "--by", "host", "--xlsx", str(out))
    assert code == 0, err
    assert said.startswith("wrote 5 rows")
    sheet = openpyxl.load_workbook(out).active
    assert [cell.value for cell in sheet[1]] == ["Code", "Germany", "Georgia", "(none)"]
    before = dump(study.path)
    code, _, err = run(capsys, "matrix", str(study.path), "--by", "hots")
    assert code == 1 and "no attribute 'hots'" in err and "did you mean 'host'" in err
    assert dump(study.path) == before


def test_search_json_one_object_per_hit(study: Study, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "search", str(study.path), "страх", "--json")
    assert code == 0, err
    hits = json.loads(out)
    assert [h["hit"] for h in hits] == ["страха", "страхом", "Страх"]
    assert set(hits[0]) == {
        "document",
        "start",
        "end",
        "hit",
        "left",
        "right",
        "speaker",
        "time_ms",
    }
    assert (hits[0]["document"], hits[0]["speaker"], hits[0]["time_ms"]) == (
        "Interview R1",
        "Respondent",
        1600,
    )
    assert study.texts["D1"][hits[0]["start"] : hits[0]["end"]] == "страха"
    code, out, _ = run(capsys, "search", str(study.path), "helfen", "--mode", "exact", "--json")
    assert json.loads(out) == []
    code, out, _ = run(capsys, "search", str(study.path), "gehol+fen|half", "--mode", "regex")
    assert out.startswith("2 hits in 1 documents")


def test_autocode_dry_run_then_apply_then_undo(
    study: Study, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(study.path)
    before = project_rows(study.path)
    args = ("autocode", path, "--code", "Help", "--query", "helfen", "--scope", "sentence")
    code, out, err = run(capsys, *args, "--dry-run", "--json")
    assert code == 0, err
    preview = json.loads(out)
    assert preview["dry_run"] and preview["applied"] == 0
    assert [c["text"] for c in preview["codings"]] == [
        "Sie hat mir geholfen, als ich Angst hatte.",
        "Wir halfen einander.",
    ]
    assert project_rows(study.path) == before
    code, out, err = run(capsys, *args, "--coder", "Auto")
    assert code == 0, err
    assert out.splitlines()[-1] == "coded 2 passages with 'Help' (0 already coded)"
    code, out, _ = run(capsys, "codings", "list", path, "--code", "Help", "--json")
    assert len(json.loads(out)) == 4
    assert run(capsys, "undo", path)[0] == 0
    code, out, _ = run(capsys, "codings", "list", path, "--code", "Help", "--json")
    assert len(json.loads(out)) == 2


def test_cooccurrence_retrieve_keywords_index(
    study: Study, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(study.path)
    code, out, err = run(capsys, "cooccurrence", path, "--json")
    assert code == 0, err
    assert json.loads(out) == [
        {"code_a": "Fear", "code_b": "Police", "count": 1, "jaccard": 0.286, "c": 0.167}
    ]
    code, out, _ = run(
        capsys, "cooccurrence", path, "--mode", "turn", "--pair", "Fear", "Police", "--json"
    )
    assert [p["document"] for p in json.loads(out)] == ["Interview R1", "Interview R2"]
    code, out, err = run(capsys, "retrieve", path, "Fear AND Police", "--json")
    assert code == 0, err
    assert sorted(s["text"] for s in json.loads(out)) == [
        "мы уехали из-за страха",
        "страха. Полиция проверяла телефоны",
    ]
    report = tmp_path / "r.docx"
    assert (
        run(capsys, "retrieve", path, "Fear", "--where", "origin=Russia", "--docx", str(report))[0]
        == 0
    )
    assert report.is_file()
    code, out, err = run(capsys, "keywords", path, "--by", "origin", "--min-count", "1", "--json")
    assert code == 0, err
    russia = next(g for g in json.loads(out) if g["group"] == {"origin": "Russia"})
    fear = next(w for w in russia["keywords"] if w["lemma"] == "страх")
    assert fear["count"] == 3 and set(fear) == {"lemma", "count", "per_10k", "keyness"}
    code, out, _ = run(capsys, "index", path, "--json")
    assert json.loads(out)["indexed"] == 0  # keywords built it already
    code, out, _ = run(capsys, "index", path, "--rebuild", "--json")
    assert json.loads(out)["indexed"] == 7
    code, out, _ = run(capsys, "frequencies", path, "--by", "coder", "--json")
    assert json.loads(out) == [
        {"group": {"coder": "Anna"}, "segments": 8},
        {"group": {"coder": "Giorgi"}, "segments": 3},
    ]
