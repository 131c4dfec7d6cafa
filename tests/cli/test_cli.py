"""The ``transcoda`` command line, driven as a user would, in-process for speed."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from app.cli.main import main
from tests.domain.helpers import dump


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def cli_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "study.tcproj"
    assert run(capsys, "init", str(path), "--title", "Эмиграция") == (0, f"created {path}\n", "")
    text = tmp_path / "Интервью 1.txt"
    text.write_text(
        "Я уехал в 2022 году. 😀 Мне было страшно, я боялся полиции. თბილისი помог.",
        encoding="utf-8",
    )
    assert run(capsys, "import", str(path), str(text), "--case", "R01", "--language", "ru")[0] == 0
    assert run(capsys, "codes", "add", str(path), "Emotions")[0] == 0
    assert (
        run(
            capsys, "codes", "add", str(path), "Fear", "--parent", "Emotions", "--color", "#cc0000"
        )[0]
        == 0
    )
    return path


def test_code_by_quote_and_list_as_json(
    cli_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys,
        "code",
        str(cli_project),
        "--document",
        "Интервью 1",
        "--code",
        "Fear",
        "--text",
        "я боялся полиции",
        "--coder",
        "Anna",
        "--json",
    )
    assert code == 0, err
    applied = json.loads(out)
    assert applied["text"] == "я боялся полиции"
    code, out, _ = run(
        capsys, "codings", "list", str(cli_project), "--code", "Emotions/Fear", "--json"
    )
    [row] = json.loads(out)
    assert {k: row[k] for k in ("document", "code", "text", "coder")} == {
        "document": "Интервью 1",
        "code": "Fear",
        "text": "я боялся полиции",
        "coder": "Anna",
    }
    # Offsets are code points: the emoji before the quote counts as one.
    text = "Я уехал в 2022 году. 😀 Мне было страшно, я боялся полиции. თბილისი помог."
    assert (row["start"], row["end"]) == (text.index("я боялся"), text.index("я боялся") + 16)


def test_code_by_offsets_undo_redo_and_info(
    cli_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(
            capsys,
            "code",
            str(cli_project),
            "--document",
            "Интервью 1",
            "--code",
            "Fear",
            "--start",
            "0",
            "--end",
            "7",
        )[0]
        == 0
    )
    _, out, _ = run(capsys, "info", str(cli_project), "--json")
    info = json.loads(out)
    assert (info["title"], info["codings"], info["cases"], info["codes"]) == ("Эмиграция", 1, 1, 2)
    assert info["undo"] == "Apply 'Fear' to 'Интервью 1'"
    assert run(capsys, "undo", str(cli_project))[1] == "undid: Apply 'Fear' to 'Интервью 1'\n"
    assert json.loads(run(capsys, "codings", "list", str(cli_project), "--json")[1]) == []
    assert run(capsys, "redo", str(cli_project))[0] == 0
    assert len(json.loads(run(capsys, "codings", "list", str(cli_project), "--json")[1])) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["code", "{p}", "--document", "Интервью 1", "--code", "Fear", "--text", "not in the text"],
        ["code", "{p}", "--document", "Nope", "--code", "Fear", "--text", "я"],
        ["code", "{p}", "--document", "Интервью 1", "--code", "Nope", "--text", "я"],
        [
            "code",
            "{p}",
            "--document",
            "Интервью 1",
            "--code",
            "Fear",
            "--start",
            "5",
            "--end",
            "999",
        ],
        ["codes", "add", "{p}", "Fear", "--parent", "Emotions"],
        ["codes", "add", "{p}", "Bad", "--color", "blue"],
        ["import", "{p}", "{missing}"],
        ["undo", "{p}"],
        ["export", "docx", "{p}", "{nofolder}"],
        ["export", "docx", "{p}", "{out}", "--where", "origin"],
        ["codebook", "import", "{p}", "{missing}"],
    ],
)
def test_errors_are_clear_and_change_nothing(
    cli_project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str]
) -> None:
    # A fresh history so that "undo" has nothing to undo only in its own case.
    if args[0] == "undo":
        for _ in range(5):
            run(capsys, "undo", str(cli_project))
    before = dump(cli_project)
    values = {
        "p": str(cli_project),
        "missing": str(tmp_path / "missing.txt"),
        "nofolder": str(tmp_path / "no" / "such" / "out.docx"),
        "out": str(tmp_path / "o.docx"),
    }
    code, _, err = run(capsys, *[a.format(**values) for a in args])
    assert code == 1
    assert err.startswith("transcoda: error: ") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert dump(cli_project) == before


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["code", "x.tcproj", "--document", "d"])
    assert exit_info.value.code == 2
    assert "required" in capsys.readouterr().err


def test_corrupt_docx_and_binary_txt_are_refused(
    cli_project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    broken.write_bytes(buffer.getvalue()[:-30])
    binary = tmp_path / "notes.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    good = tmp_path / "good.txt"
    good.write_text("fine text", encoding="utf-8")
    before = dump(cli_project)
    for bad in (broken, binary):
        code, _, err = run(capsys, "import", str(cli_project), str(good), str(bad))
        assert code == 1
        assert bad.name in err, err
    assert dump(cli_project) == before


def test_cp1251_import_is_detected_and_overridable(
    cli_project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("Мы боялись звонить родителям из Тбилиси.".encode("cp1251"))
    code, out, _ = run(capsys, "import", str(cli_project), str(legacy), "--json")
    assert code == 0 and json.loads(out)[0]["encoding"] == "cp1251"
    code, out, _ = run(capsys, "documents", "list", str(cli_project), "--json")
    assert "legacy" in [d["title"] for d in json.loads(out)]
    assert run(capsys, "import", str(cli_project), str(legacy), "--encoding", "koi8-r")[0] == 0
    assert run(capsys, "import", str(cli_project), str(legacy), "--encoding", "nonsense")[0] == 1


def test_cases_import_and_export_report_with_filters(
    cli_project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    table = tmp_path / "cases.csv"
    table.write_text(
        "case;origin;host;year left\nR01;Russia;Georgia;2022\nA01;Azerbaijan;Germany;2023\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "cases", "import", str(cli_project), str(table))
    assert code == 0, err
    assert "year left: number" in out
    run(
        capsys,
        "code",
        str(cli_project),
        "--document",
        "Интервью 1",
        "--code",
        "Fear",
        "--text",
        "Мне было страшно",
        "--coder",
        "Anna",
    )
    out_path = tmp_path / "fear.docx"
    code, out, err = run(
        capsys,
        "export",
        "docx",
        str(cli_project),
        str(out_path),
        "--code",
        "Emotions",
        "--where",
        "origin=Russia",
        "--where",
        "host=Georgia",
        "--coder",
        "Anna",
    )
    assert (code, out) == (0, f"wrote 1 coded segments to {out_path}\n"), err
    import docx

    paragraphs = [p.text for p in docx.Document(str(out_path)).paragraphs]
    assert "Мне было страшно" in " ".join(paragraphs)
    code, out, _ = run(
        capsys,
        "export",
        "docx",
        str(cli_project),
        str(out_path),
        "--code",
        "Emotions",
        "--where",
        "origin=Azerbaijan",
    )
    assert out.startswith("wrote 0 coded segments")


def test_codebook_starter_import_and_csv_export(
    cli_project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "codebook", "import", str(cli_project), "starter")
    assert code == 0 and int(out.split()[1]) >= 30
    csv_path = tmp_path / "codebook.csv"
    assert run(capsys, "codebook", "export", str(cli_project), str(csv_path))[0] == 0
    header = csv_path.read_text(encoding="utf-8").splitlines()[0]
    assert header == "path,color,definition,when_to_use,when_not_to_use,example"
    listed = json.loads(run(capsys, "codes", "list", str(cli_project), "--json")[1])
    assert any(row["path"] == "Emotions/Fear" for row in listed)
