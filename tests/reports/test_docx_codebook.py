"""The codebook report."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn

from coding.project import Project
from coding.reports import export_codebook
from tests.reports.conftest import Study
from tests.reports.docx_reading import headings, paragraphs, tables


def test_codebook_has_a_section_per_code_in_codebook_order(study: Study, tmp_path: Path) -> None:
    out = tmp_path / "codebook.docx"
    assert export_codebook(study.project, out) == 6
    assert paragraphs(out)[0] == ("Title", "Codebook: Emigration 2022")
    assert headings(out) == [
        ("Heading 1", "Emotions"),
        ("Heading 2", "Fear"),
        ("Heading 3", "Fear of repression"),
        ("Heading 2", "Hope"),
        ("Heading 1", "Social capital"),
        ("Heading 2", "Bonding"),
    ]


def test_each_code_table_holds_path_colour_and_rules(study: Study, tmp_path: Path) -> None:
    out = tmp_path / "codebook.docx"
    export_codebook(study.project, out)
    fear = tables(out)[2]
    assert [row[1:] for row in fear] == [
        ["Path", "Emotions/Fear/Fear of repression"],
        ["Colour", "#F1948A"],
        ["Definition", "Fear of persecution reaching across borders."],
        ["When to use", "Use Fear of repression when the speaker names it."],
        ["When not to use", "—"],
        ["Example", "«Fear of repression» 🙂"],
    ]


def test_colour_swatch_is_a_shaded_cell_down_the_table(study: Study, tmp_path: Path) -> None:
    out = tmp_path / "codebook.docx"
    export_codebook(study.project, out)
    document = docx.Document(str(out))
    for table in document.tables:
        colour = table.rows[1].cells[2].text
        stripe = table.rows[0].cells[0]
        shading = stripe._tc.get_or_add_tcPr().find(qn("w:shd"))
        assert shading is not None
        fill = shading.get(qn("w:fill"))
        assert f"#{fill}" == colour
        # Merged down the rows: every row shows the same stripe cell.
        assert all(row.cells[0]._tc is stripe._tc for row in table.rows)
        assert table.style is not None and table.style.name == "Table Grid"


def test_empty_codebook_says_so(tmp_path: Path) -> None:
    with Project.create(tmp_path / "empty.tcproj", title="Pilot") as project:
        out = tmp_path / "codebook.docx"
        assert export_codebook(project, out) == 0
        assert ("Normal", "The codebook has no codes yet.") in paragraphs(out)
