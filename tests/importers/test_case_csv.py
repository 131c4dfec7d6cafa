"""Cases from CSV: encodings, delimiters, type inference, overrides and clear errors."""

from __future__ import annotations

import pytest

from coding.importers import (
    CaseRow,
    ColumnSpec,
    ImportFormatError,
    parse_case_csv,
    sniff_delimiter,
)
from tests.importers.helpers import fixture_bytes


def _csv(text: str) -> bytes:
    return text.encode("utf-8")


def test_german_excel_csv_with_semicolons_decimal_commas_and_dates() -> None:
    table = parse_case_csv(fixture_bytes("cases_de_excel.csv"), filename="cases_de_excel.csv")
    assert table.columns == (
        ColumnSpec("Herkunft", "choice", ("Russland", "Aserbaidschan")),
        ColumnSpec("Aufnahmeland", "choice", ("Deutschland", "Georgien", "Kasachstan")),
        ColumnSpec("Ausreisejahr", "number"),
        ColumnSpec("Geschlecht", "choice", ("weiblich", "männlich")),
        ColumnSpec("Alter", "number"),
        ColumnSpec("Einkommen", "number"),
        ColumnSpec("Interviewdatum", "date"),
    )
    assert [row.name for row in table.rows] == ["B01", "B02", "B03", "B04", "B05"]
    assert table.rows[0] == CaseRow(
        "B01",
        {
            "Herkunft": "Russland",
            "Aufnahmeland": "Deutschland",
            "Ausreisejahr": "2022",
            "Geschlecht": "weiblich",
            "Alter": "34",
            "Einkommen": "1850.5",
            "Interviewdatum": "2024-03-12",
        },
    )
    assert table.rows[2].values["Geschlecht"] == "männlich"  # cp1252 ä decoded
    assert "Einkommen" not in table.rows[2].values  # an empty cell is no value
    assert table.rows[3].values["Einkommen"] == "1200"


def test_excel_utf8_csv_with_bom_quotes_and_scripts() -> None:
    table = parse_case_csv(fixture_bytes("cases_utf8_bom.csv"), filename="cases.csv")
    assert [column.name for column in table.columns] == [
        "Origin",
        "Host city",
        "Language",
        "Prior activism",
        "Notes",
    ]
    assert table.columns[3] == ColumnSpec("Prior activism", "choice", ("yes", "no"))
    assert table.columns[4].type == "text"
    assert [row.name for row in table.rows] == ["Анна", "Нино", "Rəşad", "Борис"]
    assert table.rows[0].values["Notes"] == 'Left after "partial mobilisation", works remotely'
    assert table.rows[1].values == {
        "Origin": "Georgia",
        "Host city": "თბილისი",
        "Language": "ka",
        "Prior activism": "no",
        "Notes": "Expert interview 🎙",
    }
    assert table.rows[3].values["Notes"] == "Two lines\nin one cell"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1,5;2;3\n", ";"),
        ("a\tb\n1,5\t2\n", "\t"),
        ('name;note\nAnna;"x, y, z"\n', ";"),
        ("only\none\n", ","),
    ],
)
def test_sniff_delimiter(text: str, expected: str) -> None:
    assert sniff_delimiter(text) == expected


def test_tab_separated_with_excel_separator_hint() -> None:
    data = _csv("sep=;\nCase;Age\nA1;33\nA2;45\n")
    table = parse_case_csv(data, filename="hint.csv")
    assert table.columns == (ColumnSpec("Age", "number"),)
    assert [row.values for row in table.rows] == [{"Age": "33"}, {"Age": "45"}]


def test_number_date_and_text_inference_details() -> None:
    data = _csv(
        "Case,ID,Score,Left,Mixed\n"
        "a,007,3.50,2022-09-21,5\n"
        "b,012,-0,21.9.2022,five\n"
        "c,100,1 234,01.01.2023,\n"
    )
    table = parse_case_csv(data, filename="x.csv")
    types = {column.name: column.type for column in table.columns}
    assert types == {"ID": "text", "Score": "number", "Left": "date", "Mixed": "text"}
    assert [row.values["ID"] for row in table.rows] == ["007", "012", "100"]
    assert [row.values["Score"] for row in table.rows] == ["3.5", "0", "1234"]
    assert [row.values["Left"] for row in table.rows] == ["2022-09-21", "2022-09-21", "2023-01-01"]


def test_many_distinct_values_are_text_not_choice() -> None:
    rows = "".join(f"c{i},{['x', 'y'][i % 2]},city{i}\n" for i in range(30))
    table = parse_case_csv(_csv("Case,Group,City\n" + rows), filename="x.csv")
    assert table.columns[0] == ColumnSpec("Group", "choice", ("x", "y"))
    assert table.columns[1].type == "text"


def test_type_override_rereads_the_raw_cells() -> None:
    table = parse_case_csv(fixture_bytes("cases_de_excel.csv"), filename="cases.csv")
    changed = table.with_types({"Einkommen": "text", "Ausreisejahr": "choice"})
    assert changed.column("Einkommen") == ColumnSpec("Einkommen", "text")
    assert [row.values.get("Einkommen") for row in changed.rows] == [
        "1 850,50",
        "2100",
        None,
        "1200,00",
        "950",
    ]
    assert changed.column("Ausreisejahr").choices == ("2022", "2021", "2023")
    assert table.column("Einkommen").type == "number"  # the original is unchanged


def test_type_override_that_does_not_fit_names_the_cell() -> None:
    data = _csv("Case,Age\nA,34\nB,about 40\nC,29\n")
    table = parse_case_csv(data, filename="ages.csv")
    assert table.column("Age").type == "text"
    with pytest.raises(ImportFormatError) as caught:
        table.with_types({"Age": "number"})
    assert str(caught.value) == (
        "ages.csv cannot treat column 'Age' as number: row 3, column 2 holds 'about 40'"
    )
    assert (caught.value.row, caught.value.column) == (3, "Age")


def test_type_override_with_unknown_column_or_type() -> None:
    table = parse_case_csv(_csv("Case,Age\nA,34\n"), filename="a.csv")
    with pytest.raises(ImportFormatError, match="has no column named 'age'"):
        table.with_types({"age": "text"})
    with pytest.raises(ImportFormatError, match="the type 'integer': the types are text"):
        table.with_types({"Age": "integer"})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("\n\n", "e.csv contains no text (only spaces or empty lines)"),
        ("Case,Age\n\n", "e.csv has a header row but no cases below it"),
        (
            "Case,Age,age\nA,1,2\n",
            "e.csv names the column 'age' twice in the header row "
            "(row 1, column 2 and row 1, column 3)",
        ),
        (
            "Case,,Age\nA,1,2\n",
            "e.csv has a column without a name in the header row (row 1, column 2)",
        ),
        (
            "Case,Age\nAnna,30\nBoris,31\nanna,32\n",
            "e.csv lists the case 'anna' twice (rows 2 and 4)",
        ),
        (
            "Case,Age\nAnna,30\n,31\n",
            "e.csv has a row without a case name (row 3, column 1 is empty but the row has values)",
        ),
        (
            "Case;Age;Origin\nAnna;30;RU\nBoris;31\n",
            "e.csv has 2 values in row 3 but 3 columns in the header row (separator semicolon)",
        ),
        (
            "Anna,34,2022\nBoris,41,2021\n",
            "e.csv has no header row: its first row should "
            "name the attributes (age, gender, ...) but holds values such as '34'",
        ),
    ],
)
def test_malformed_tables(text: str, message: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        parse_case_csv(_csv(text), filename="e.csv")
    assert str(caught.value) == message


def test_empty_file() -> None:
    with pytest.raises(ImportFormatError, match=r"^empty\.csv is empty \(0 bytes\)$"):
        parse_case_csv(b"", filename="empty.csv")


def test_broken_quoting_names_the_line() -> None:
    data = _csv('Case,Note\nA,"fine"\nB,"broken"quote\n')
    with pytest.raises(ImportFormatError) as caught:
        parse_case_csv(data, filename="q.csv")
    assert str(caught.value).startswith("q.csv is not valid CSV near line 3:")


def test_extra_empty_trailing_fields_are_tolerated() -> None:
    table = parse_case_csv(_csv("Case;Age;;\nA;34;;\nB;35;;\n"), filename="t.csv")
    assert table.columns == (ColumnSpec("Age", "number"),)
    assert [row.values for row in table.rows] == [{"Age": "34"}, {"Age": "35"}]


def test_binary_data_named_csv() -> None:
    with pytest.raises(ImportFormatError, match="does not look like text"):
        parse_case_csv(b"PK\x03\x04\x14\x00binary", filename="cases.csv")
