"""The analysis views, offscreen: each opens on the known-answers study and shows its figures."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtCharts")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.gui.analysis import KINDS, create_view, open_analysis
from coding import history, queries
from coding.project import Project
from tests.analysis.study import Study


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    return shown


def cell(model, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
    return model.data(model.index(row, column), role)


def test_open_analysis_opens_every_kind(qtbot, project: Project) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    for kind in KINDS:
        view = open_analysis(parent, project, kind)
        assert view.isVisible() and view.isWindow() and view.parent() is parent
        view.close()


def test_matrix_view_heatmap_and_cell_passages(qtbot, project: Project, study: Study) -> None:  # type: ignore[no-untyped-def]
    view = create_view(project, "matrix")
    qtbot.addWidget(view)
    view.first.setCurrentIndex(view.first.findData("origin"))
    view.second.setCurrentIndex(view.second.findData("host"))
    model = view.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:3] == ["Code", "Russia / Germany", "Russia / Georgia"]
    fear = next(r for r in range(model.rowCount()) if cell(model, r, 0) == "Emotions/Fear")
    assert cell(model, fear, 2) == "3"
    assert cell(model, fear, 2, Qt.ItemDataRole.BackgroundRole) is not None  # the hottest
    view.value.setCurrentIndex(view.value.findData("share"))
    assert cell(model, fear, 2) == "67%"
    view.show_cell(model.index(fear, 2))
    assert view.passages.rowCount() == 3
    assert view.passages.item(0, 3).text() == "мы уехали из-за страха"
    opened: list[tuple[int, int, int]] = []
    view.passageActivated.connect(lambda *span: opened.append(span))
    view.passages.cellDoubleClicked.emit(0, 3)
    assert opened == [(study.documents["D1"], *study.span("F1"))]


def test_cooccurrence_view_and_passages(qtbot, project: Project, study: Study) -> None:  # type: ignore[no-untyped-def]
    view = create_view(project, "cooccurrence")
    qtbot.addWidget(view)
    codes = [c.name for c in view.result.codes]
    fear, police = codes.index("Fear"), codes.index("Police")
    assert cell(view.model, fear, police + 1) == "1"
    view.measure.setCurrentIndex(view.measure.findData("jaccard"))
    assert cell(view.model, fear, police + 1) == "0.29"
    view.show_cell(view.model.index(fear, police + 1))
    assert view.passages.item(0, 3).text() == "мы уехали из-за страха. Полиция проверяла телефоны"


def test_frequencies_chart_saves_png_and_svg(qtbot, project: Project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = create_view(project, "frequencies")
    qtbot.addWidget(view)
    assert view.result.series()[:3] == [4, 2, 2]
    assert len(view.chart.series()) == 1
    view.save_chart(tmp_path / "chart.png")
    view.save_chart(tmp_path / "chart.svg")
    assert (tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG")
    svg = (tmp_path / "chart.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "Interview R1" in svg
    view.by.setCurrentIndex(view.by.findData("@coder"))
    assert view.result.labels == ["Anna", "Giorgi"]


def test_search_view_kwic_and_autocode(qtbot, project: Project, study: Study) -> None:  # type: ignore[no-untyped-def]
    view = create_view(project, "search")
    qtbot.addWidget(view)
    view.query.setText("страх")
    view.refresh()
    qtbot.waitUntil(lambda: view.result is not None, timeout=60_000)
    qtbot.waitUntil(lambda: not view.busy)
    model = view.model
    assert model.rowCount() == 3
    assert [cell(model, r, 4) for r in range(3)] == ["страха", "страхом", "Страх"]
    assert cell(model, 0, 1) == "Respondent" and cell(model, 0, 2) == "[00:00:01]"
    assert cell(model, 0, 3).endswith("мы уехали из-за ")
    dialog = view.open_autocode()
    qtbot.addWidget(dialog)
    dialog.code.setCurrentIndex(dialog.code.findData(study.codes["Hope"]))
    dialog.scope.setCurrentIndex(dialog.scope.findData("sentence"))
    dialog.preview()
    assert dialog.items.rowCount() == 3
    dialog.items.item(2, 0).setCheckState(Qt.CheckState.Unchecked)
    applied = []
    dialog.applied.connect(applied.append)
    dialog.apply()
    assert applied and applied[0].codings
    hope = queries.list_codings(project, code_ids=[study.codes["Hope"]])
    assert sorted(c.text for c in hope) == [
        "Hope came later",
        "Потом пришла надежда",
        "Со страхом жили долго.",
        "გამარჯობა 🇬🇪 — мы уехали из-за страха.",
    ]
    history.undo(project)
    assert len(queries.list_codings(project, code_ids=[study.codes["Hope"]])) == 2


def test_retrieval_and_keywords_views(  # type: ignore[no-untyped-def]
    qtbot, project: Project, tmp_path: Path, no_message_boxes: list[str]
) -> None:
    view = create_view(project, "retrieval")
    qtbot.addWidget(view)
    view.expression.setText("Fear AND Police")
    view.refresh()
    assert view.passages.rowCount() == 2
    view.where.setText("origin=Azerbaijan")
    view.refresh()
    assert view.passages.rowCount() == 0
    view.expression.setText("Feat")
    view.refresh()
    assert "did you mean 'Fear'" in no_message_boxes[-1]
    words = create_view(project, "keywords")
    qtbot.addWidget(words)
    words.by.setCurrentIndex(words.by.findData("origin"))
    assert words.model.rowCount() > 0
