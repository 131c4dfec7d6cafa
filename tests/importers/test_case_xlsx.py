"""Cases from XLSX: values as typed, formulas never evaluated, damaged files refused."""

from __future__ import annotations

import datetime
import io
import zipfile

import openpyxl
import pytest

from coding.importers import CaseRow, ColumnSpec, ImportFormatError, parse_case_xlsx
from tests.importers.helpers import rewrite_member, word_docx


def _xlsx(rows: list[list[object]], *, start_row: int = 1) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(row=start_row + offset, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_values_types_and_scripts() -> None:
    data = _xlsx(
        [
            ["Fall", "Herkunft", "Alter", "Ausreise", "Stadt", "Quote", "Aktiv"],
            ["Анна", "Russland", 34, datetime.datetime(2022, 9, 21), "თბილისი", 0.25, True],
            ["Rəşad", "Aserbaidschan", 41.0, datetime.date(2021, 3, 2), "Berlin", 1.5, False],
            ["Нино 🙂", "Russland", None, datetime.datetime(2023, 1, 5), "Almaty", 2, True],
            ["B04", "Russland", 29, datetime.datetime(2022, 10, 1), "Jerewan", 3, False],
        ],
        start_row=2,
    )
    table = parse_case_xlsx(data, filename="faelle.xlsx")
    assert table.columns == (
        ColumnSpec("Herkunft", "choice", ("Russland", "Aserbaidschan")),
        ColumnSpec("Alter", "number"),
        ColumnSpec("Ausreise", "date"),
        ColumnSpec("Stadt", "text"),
        ColumnSpec("Quote", "number"),
        ColumnSpec("Aktiv", "choice", ("TRUE", "FALSE")),
    )
    assert table.rows == (
        CaseRow(
            "Анна",
            {
                "Herkunft": "Russland",
                "Alter": "34",
                "Ausreise": "2022-09-21",
                "Stadt": "თბილისი",
                "Quote": "0.25",
                "Aktiv": "TRUE",
            },
        ),
        CaseRow(
            "Rəşad",
            {
                "Herkunft": "Aserbaidschan",
                "Alter": "41",
                "Ausreise": "2021-03-02",
                "Stadt": "Berlin",
                "Quote": "1.5",
                "Aktiv": "FALSE",
            },
        ),
        CaseRow(
            "Нино 🙂",
            {
                "Herkunft": "Russland",
                "Ausreise": "2023-01-05",
                "Stadt": "Almaty",
                "Quote": "2",
                "Aktiv": "TRUE",
            },
        ),
        CaseRow(
            "B04",
            {
                "Herkunft": "Russland",
                "Alter": "29",
                "Ausreise": "2022-10-01",
                "Stadt": "Jerewan",
                "Quote": "3",
                "Aktiv": "FALSE",
            },
        ),
    )


def test_formula_without_a_stored_result_is_refused_naming_the_cell() -> None:
    data = _xlsx([["Case", "Born", "Age"], ["A", 1990, 34], ["B", 1985, "=2024-B3"]])
    with pytest.raises(ImportFormatError) as caught:
        parse_case_xlsx(data, filename="ages.xlsx")
    assert str(caught.value) == (
        "ages.xlsx has a formula without a stored result in cell C3 (=2024-B3); formulas "
        "are not calculated on import: open the file in Excel or LibreOffice and save it, "
        "or replace the formula with its value"
    )
    assert caught.value.row == 3


def test_formula_with_a_stored_result_uses_that_result() -> None:
    data = _xlsx([["Case", "Born", "Age"], ["A", 1990, 34], ["B", 1985, "=2024-B3"]])
    saved_by_excel = rewrite_member(
        data,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"<f>2024-B3</f><v></v>", b"<f>2024-B3</f><v>39</v>"),
    )
    table = parse_case_xlsx(saved_by_excel, filename="ages.xlsx")
    assert [row.values["Age"] for row in table.rows] == ["34", "39"]
    assert table.column("Age").type == "number"


@pytest.mark.parametrize(
    "formula",
    [
        "cmd|' /C calc'!A0",
        'WEBSERVICE("http://example.org/x")',
        "[1]Sheet1!A1",
    ],
)
def test_formula_reading_outside_the_workbook_is_refused_even_with_a_result(
    formula: str,
) -> None:
    data = _xlsx([["Case", "X"], ["A", "=" + formula]])
    poisoned = rewrite_member(
        data,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"</f><v></v>", b"</f><v>42</v>"),
    )
    with zipfile.ZipFile(io.BytesIO(poisoned)) as archive:
        assert b"<v>42</v>" in archive.read("xl/worksheets/sheet1.xml")
    with pytest.raises(ImportFormatError) as caught:
        parse_case_xlsx(poisoned, filename="evil.xlsx")
    assert str(caught.value).startswith(
        "evil.xlsx was refused: cell B2 holds a formula that reads data from outside the workbook"
    )


def test_value_outside_the_named_columns() -> None:
    data = _xlsx([["Case", "Age"], ["A", 34, None, "stray"]])
    with pytest.raises(ImportFormatError) as caught:
        parse_case_xlsx(data, filename="stray.xlsx")
    assert str(caught.value) == (
        "stray.xlsx has a value in cell D2 but its column has no name in the header row"
    )


def test_duplicate_cases_and_columns_name_their_cells() -> None:
    with pytest.raises(ImportFormatError) as caught:
        parse_case_xlsx(_xlsx([["Case", "Age"], ["Анна", 1], ["анна", 2]]), filename="d.xlsx")
    assert str(caught.value) == "d.xlsx lists the case 'анна' twice (rows 2 and 3)"
    with pytest.raises(ImportFormatError) as caught:
        parse_case_xlsx(_xlsx([["Case", "Age", "AGE"], ["A", 1, 2]]), filename="d.xlsx")
    assert str(caught.value) == (
        "d.xlsx names the column 'AGE' twice in the header row (cell B1 and cell C1)"
    )


def test_empty_sheet() -> None:
    with pytest.raises(ImportFormatError, match=r"^blank\.xlsx has an empty first worksheet$"):
        parse_case_xlsx(_xlsx([]), filename="blank.xlsx")


def test_truncated_workbook() -> None:
    data = _xlsx([["Case", "Age"], ["A", 1]])
    with pytest.raises(ImportFormatError) as caught:
        parse_case_xlsx(data[: len(data) - 200], filename="cut.xlsx")
    assert str(caught.value).startswith(
        "cut.xlsx is not a valid Excel workbook (.xlsx): the file is damaged or incomplete"
    )


def test_word_document_renamed_to_xlsx() -> None:
    with pytest.raises(ImportFormatError) as caught:
        parse_case_xlsx(word_docx(["Hallo"]), filename="cases.xlsx")
    assert str(caught.value) == "cases.xlsx is a Word document, not an Excel workbook (.xlsx)"


def test_damaged_sheet_inside_a_valid_zip() -> None:
    data = rewrite_member(
        _xlsx([["Case", "Age"], ["A", 1]]),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml[: len(xml) // 2],
    )
    with pytest.raises(ImportFormatError) as caught:
        parse_case_xlsx(data, filename="half.xlsx")
    assert str(caught.value).startswith("half.xlsx is not a valid Excel workbook (.xlsx)")


def test_csv_bytes_named_xlsx() -> None:
    with pytest.raises(ImportFormatError) as caught:
        parse_case_xlsx(b"Case;Age\nA;1\n", filename="cases.xlsx")
    assert str(caught.value) == (
        "cases.xlsx is not an Excel workbook (.xlsx): it is not a zip archive"
    )
