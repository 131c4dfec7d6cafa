"""The teamwork windows: agreement table, disagreements that open passages, comparison, filter."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from coding import codebook, codings, documents
from coding.project import Project

pytest.importorskip("pytestqt")

TEXT = "😀 Я уехал. I feared the police.\n\nNow I hope. Тбилиси помог."


@pytest.fixture
def coded(project: Project) -> Project:
    doc = documents.add_document(project, title="Интервью", text=TEXT).id
    fear = codebook.create_code(project, name="Fear").id
    hope = codebook.create_code(project, name="Hope").id
    assert doc is not None and fear is not None and hope is not None
    for code, coder, quote in (
        (fear, "Anna", "I feared the police."),
        (fear, "Giorgi", "feared the police"),
        (hope, "Anna", "Now I hope."),
    ):
        start = TEXT.index(quote)
        codings.apply_coding(
            project, document_id=doc, code_id=code, start=start, end=start + len(quote), coder=coder
        )
    return project


def test_agreement_view_computes_and_opens_disagreements(
    qtbot, coded: Project, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from app.gui.project_model import ProjectModel
    from app.gui.team import open_team_view

    model = ProjectModel()
    model.adopt(coded)
    dialog = open_team_view(None, model, "agreement")
    qtbot.addWidget(dialog)
    view = dialog.view
    assert view.chosen_coders() == ["Anna", "Giorgi"]
    with qtbot.waitSignal(view.computed, timeout=20000):
        view.compute_button.click()
    table = view.codes_table
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == [
        "All codes (overall)",
        "Fear",
        "Hope",
    ]
    assert table.item(1, 2).text().endswith("%")
    disagreements = view.disagreements_table
    assert disagreements.rowCount() == 3
    first = view.report.disagreements[0]
    with qtbot.waitSignal(model.revealRequested) as revealed:
        disagreements.cellDoubleClicked.emit(0, 0)
    assert revealed.args == [first.document_id, first.start, first.end]
    view.export_to(str(tmp_path / "agreement.docx"))
    assert docx.Document(str(tmp_path / "agreement.docx")).paragraphs[0].text == (
        "Intercoder agreement"
    )
    view.unit.setCurrentIndex(3)
    assert view.min_share.isEnabled()


def test_comparison_view_shows_both_coders_aligned(qtbot, coded: Project) -> None:  # type: ignore[no-untyped-def]
    from app.gui.team import open_team_view

    opened: list[tuple[int, int, int]] = []
    dialog = open_team_view(None, coded, "compare", reveal=lambda *p: opened.append(p))
    qtbot.addWidget(dialog)
    rows = dialog.view.rows
    texts = [rows.item(r, 0).text() for r in range(rows.rowCount())]
    assert texts == ["I", "feared the police", ".", "Now I hope."]
    assert [rows.item(r, 2).text() for r in range(rows.rowCount())] == ["—", "Fear", "—", "—"]
    rows.cellDoubleClicked.emit(1, 0)
    start = TEXT.index("feared the police")
    assert opened == [(dialog.view.document.currentData(), start, start + 17)]


def test_coder_filter_says_who_is_visible(qtbot, coded: Project) -> None:  # type: ignore[no-untyped-def]
    from app.gui.team import open_team_view

    dialog = open_team_view(None, coded, "coders")
    qtbot.addWidget(dialog)
    view = dialog.view
    assert view.visible() == ["Anna", "Giorgi"]
    with qtbot.waitSignal(view.visibleCodersChanged) as changed:
        view.set_visible(["Giorgi"])
    assert changed.args == [["Giorgi"]]
    assert "2 codings in 1 documents" in view.list.item(0).text()
    with pytest.raises(ValueError):
        open_team_view(None, coded, "nonsense")
