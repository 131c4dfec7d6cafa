from __future__ import annotations

import csv
from pathlib import Path

import docx
import openpyxl
import pytest

from coding import codebook, codings
from coding.analysis import code_matrix, export_table
from coding.analysis.result_tables import matrix_table
from coding.analysis.tables import Table, csv_text, neutralise
from coding.errors import InvalidInput
from coding.project import Project
from tests.analysis.study import Study

HOSTILE = '=HYPERLINK("evil.example","y")'


def test_neutralise_formula_starts() -> None:
    for text in ("=1+1", "+7", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(text) == "'" + text
    assert neutralise("Fear") == "Fear"


def hostile_matrix(project: Project, study: Study) -> Table:
    code = codebook.create_code(project, name=HOSTILE).id
    assert code is not None
    start, end = study.span("F3")
    codings.apply_coding(
        project, document_id=study.documents["D2"], code_id=code, start=start, end=end
    )
    return matrix_table(code_matrix(project, by=["origin", "host"]))


def test_csv_and_xlsx_neutralise_injected_formulas(
    project: Project, study: Study, tmp_path: Path
) -> None:
    table = hostile_matrix(project, study)
    rows = list(csv.reader(csv_text(table).splitlines()))
    assert rows[0][:3] == ["Code", "Russia / Germany", "Russia / Georgia"]
    assert rows[-1][:3] == ["'" + HOSTILE, "0", "1"]
    export_table(table, tmp_path / "m.csv")
    assert (tmp_path / "m.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8
    export_table(table, tmp_path / "m.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "m.xlsx").active
    cell = sheet.cell(row=len(table.rows) + 1, column=1)
    assert cell.value == HOSTILE and cell.data_type == "s" and cell.quotePrefix
    assert sheet.cell(row=1, column=3).value == "Russia / Georgia"
    fear_row = [row for row in sheet.iter_rows(values_only=True) if row[0] == "Emotions/Fear"]
    assert fear_row[0][1:] == (1, 3, 0, 0, 1)
    assert sheet.conditional_formatting  # the heatmap


def test_word_table(project: Project, tmp_path: Path) -> None:
    table = matrix_table(code_matrix(project, by=["origin", "host"], value="share"))
    out = export_table(table, tmp_path / "m.docx")
    grid = docx.Document(str(out)).tables[0]
    assert grid.rows[0].cells[2].text == "Russia / Georgia"
    fear = next(row for row in grid.rows if row.cells[0].text == "Emotions/Fear")
    assert [cell.text for cell in fear.cells[1:]] == ["100%", "67%", "0%", "0%", "100%"]


def test_unknown_format_is_refused(project: Project, tmp_path: Path) -> None:
    table = matrix_table(code_matrix(project, by=["origin"]))
    with pytest.raises(InvalidInput, match=r"\.csv, \.xlsx or \.docx"):
        export_table(table, tmp_path / "m.pdf")
    assert not (tmp_path / "m.pdf").exists()
    with pytest.raises(InvalidInput, match="does not exist"):
        export_table(table, tmp_path / "missing" / "m.csv")
