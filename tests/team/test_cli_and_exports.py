"""The team commands, the Word and Excel exports, and the teamwork migration on old files."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import docx
import openpyxl
import pytest
from alembic import command
from alembic.config import Config

from app.cli.main import main
from coding.project import Project
from models import db

TEXT = "I left in 2022. I feared the police.\n\nNow I hope. Тбилиси помог."


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def two_coders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "study.tcproj")
    text = tmp_path / "Interview.txt"
    text.write_text(TEXT, encoding="utf-8")
    assert run(capsys, "init", path)[0] == 0
    assert run(capsys, "import", path, str(text))[0] == 0
    for name in ("Fear", "Hope"):
        assert run(capsys, "codes", "add", path, name)[0] == 0
    for coder, code, quote in (
        ("Anna", "Fear", "I feared the police."),
        ("Giorgi", "Fear", "I feared the police."),
        ("Anna", "Hope", "Now I hope."),
        ("Giorgi", "Hope", "Тбилиси помог."),
    ):
        args = ("code", path, "--document", "Interview", "--code", code, "--text", quote)
        assert run(capsys, *args, "--coder", coder)[0] == 0
    return path


def test_agreement_json_has_the_promised_shape(
    two_coders: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "agreement", two_coders, "--coders", "Anna,Giorgi", "--unit", "sentence", "--json"
    )
    assert code == 0, err
    result = json.loads(out)
    assert set(result["overall"]) >= {"percent_agreement", "cohen_kappa", "krippendorff_alpha"}
    assert [c["code"] for c in result["codes"]] == ["Fear", "Hope"]
    fear, hope = result["codes"]
    assert fear["percent_agreement"] == 1.0
    assert hope["percent_agreement"] == 0.5
    assert hope["cohen_kappa"] == pytest.approx(-1.0 / 3.0)
    assert set(fear) == {"code", "units", "percent_agreement", "cohen_kappa", "krippendorff_alpha"}
    assert result["unit"] == "sentence" and result["coders"] == ["Anna", "Giorgi"]


def test_agreement_table_disagreements_and_exports(
    two_coders: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    word, excel = tmp_path / "agreement.docx", tmp_path / "agreement.xlsx"
    code, out, err = run(
        capsys,
        "agreement",
        two_coders,
        "--coders",
        "Anna,Giorgi",
        "--unit",
        "paragraph",
        "--min-share",
        "0.5",
        "--disagreements",
        "--docx",
        str(word),
        "--xlsx",
        str(excel),
    )
    assert code == 0, err
    assert "OVERALL" in out and "Тбилиси помог." in out and f"wrote {word}" in out
    document = docx.Document(str(word))
    styles = [p.style.name for p in document.paragraphs]
    assert styles[0] == "Title" and "Heading 1" in styles and "Quote" in styles
    assert all(t.style.name == "Table Grid" for t in document.tables)
    assert document.tables[1].rows[1].cells[0].text == "Fear"
    assert document.tables[1].rows[0].cells[2].text == "Percent agreement"
    book = openpyxl.load_workbook(excel)
    rows = list(book["Agreement"].iter_rows(values_only=True))
    fear = next(r for r in rows if r[:2] == ("code", "Fear"))
    assert fear[3] == 1.0 and fear[4] == 1.0
    details = list(book["Disagreements"].iter_rows(values_only=True))
    assert details[0][0] == "Document" and details[1][1] == "Hope"


def test_compare_merge_and_coder_commands(
    two_coders: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "compare",
        two_coders,
        "--document",
        "Interview",
        "--coders",
        "Anna,Giorgi",
        "--json",
    )
    assert code == 0
    spans = json.loads(out)
    assert [s["agree"] for s in spans] == [True, False, False]
    copy = tmp_path / "copy.tcproj"
    shutil.copyfile(two_coders, copy)
    text = tmp_path / "Second.txt"
    text.write_text("Another interview.", encoding="utf-8")
    assert run(capsys, "import", str(copy), str(text))[0] == 0
    args = ("code", str(copy), "--document", "Second", "--code", "Hope", "--text", "Another")
    assert run(capsys, *args, "--coder", "Nino")[0] == 0
    code, out, err = run(capsys, "merge", two_coders, str(copy))
    assert code == 0, err
    assert "1 codings added (4 already here)" in out and "new coders: Nino" in out
    code, out, _ = run(capsys, "coder", "list", two_coders)
    assert "Nino" in out
    assert run(capsys, "undo", two_coders) == (0, "undid: Merge 'copy.tcproj'\n", "")


def test_coder_set_and_show(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TRANSCODA_CONFIG_DIR", str(tmp_path))
    monkeypatch.delenv("TRANSCODA_CODER")
    assert run(capsys, "coder", "set", "Нино")[0] == 0
    assert run(capsys, "coder", "show") == (0, "Нино\n", "")


def test_agreement_errors_are_messages(two_coders: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "agreement", two_coders, "--coders", "Anna")
    assert code == 1 and "at least two different coders" in err


def test_upgrading_an_older_file_gives_every_code_its_own_guid(tmp_path: Path) -> None:
    path = tmp_path / "old.tcproj"
    with Project.create(path) as project:
        from coding import codebook, codings, documents

        doc = documents.add_document(project, title="Doc", text="some text").id
        for name in ("Fear", "Hope"):
            code = codebook.create_code(project, name=name).id
            assert doc is not None and code is not None
            codings.apply_coding(project, document_id=doc, code_id=code, start=0, end=4)
        config = Config()
        config.set_main_option("script_location", str(db.MIGRATIONS_DIR))
        with project.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0002")
    with Project.open(path, backup=False):
        pass
    connection = sqlite3.connect(path)
    guids = [row[0] for row in connection.execute("SELECT guid FROM codes")]
    kept = connection.execute("SELECT count(*) FROM codings").fetchone()[0]
    connection.close()
    assert len(set(guids)) == 2 and all(len(g) == 36 for g in guids)
    assert kept == 2  # no table was rebuilt, so no cascade removed codings
