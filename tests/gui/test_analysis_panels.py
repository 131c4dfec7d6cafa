"""The Analyse and Tools menus: analysis docks that refresh, KWIC hits that open and play,
intercoder agreement, the coder filter and the pseudonymisation review."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.gui.analysis_panels import AnalysisDock
from coding import codings, privacy

pytest.importorskip("PySide6.QtCharts")


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    return shown


def menu_action(window, text: str):  # type: ignore[no-untyped-def]
    for menu in (window.actions_.analyse, window.actions_.tools):
        for action in menu.actions():
            if action.text().replace("&", "") == text:
                return action
    raise AssertionError(f"no menu entry {text!r}")


def code_matrix_total(view, code: str) -> int:  # type: ignore[no-untyped-def]
    model = view.model
    for row in range(model.rowCount()):
        if str(model.data(model.index(row, 0))).split("/")[-1].strip() == code:
            return sum(
                int(model.data(model.index(row, column)) or 0)
                for column in range(1, model.columnCount())
                if str(model.data(model.index(row, column)) or "0").isdigit()
            )
    return 0


def apply(window, study, code: str, quote: str, coder: str = "anna") -> None:  # type: ignore[no-untyped-def]
    start = study.text.index(quote)
    window.model.run(
        codings.apply_coding,
        document_id=study.document_id,
        code_id=study.codes[code],
        start=start,
        end=start + len(quote),
        coder=coder,
    )


def test_every_analysis_opens_as_a_dock_beside_the_segments(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    entries = {
        "Search (keywords in context)…": "search",
        "Code matrix…": "matrix",
        "Code co-occurrence…": "cooccurrence",
        "Code frequencies…": "frequencies",
        "Retrieve coded segments…": "retrieval",
        "Keywords by group…": "keywords",
    }
    for text, kind in entries.items():
        menu_action(window, text).trigger()
        dock = window.panels.docks[kind]
        assert isinstance(dock, AnalysisDock) and dock.isVisible()
        assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
        assert dock in window.tabifiedDockWidgets(window.segments_dock)
    menu_action(window, "Code matrix…").trigger()  # again: the same dock comes forward
    assert len(window.panels.docks) == len(entries)
    window.model.close()
    assert window.panels.docks == {}


def test_a_dock_refreshes_when_codings_change(qtbot, window, study) -> None:  # type: ignore[no-untyped-def]
    menu_action(window, "Code matrix…").trigger()
    dock = window.panels.docks["matrix"]
    assert code_matrix_total(dock.view, "Fear") == 0
    apply(window, study, "Fear", "Страх")
    qtbot.waitUntil(lambda: code_matrix_total(dock.view, "Fear") == 1, timeout=3000)
    # Hidden, it waits; shown again, it catches up.
    window.segments_dock.raise_()
    qtbot.waitUntil(lambda: not dock.showing, timeout=2000)
    apply(window, study, "Fear", "надежда")
    assert dock.stale and code_matrix_total(dock.view, "Fear") == 1
    dock.raise_()
    qtbot.waitUntil(lambda: code_matrix_total(dock.view, "Fear") == 2, timeout=3000)
    window.model.undo()
    qtbot.waitUntil(lambda: code_matrix_total(dock.view, "Fear") == 1, timeout=3000)


def test_a_kwic_hit_opens_the_passage_and_plays_it(qtbot, window, study) -> None:  # type: ignore[no-untyped-def]
    window.model.set_current_document(study.plain_id)
    menu_action(window, "Search (keywords in context)…").trigger()
    view = window.panels.docks["search"].view
    view.query.setText("Тбилиси")
    view.mode.setCurrentIndex(view.mode.findData("exact"))
    view.refresh()
    qtbot.waitUntil(lambda: view.result is not None or view.error is not None, timeout=60_000)
    assert view.error is None, view.error
    hits = list(view.result.hits)
    hit = next(h for h in hits if h.document_id == study.document_id)
    row = hits.index(hit)
    view.table.doubleClicked.emit(view.model.index(row, 4))
    pane = window.pane
    assert pane.document_id == study.document_id
    start = study.text.index("Тбилиси")
    assert pane.view.selection_span() == (start, start + 7)
    media = pane.media
    qtbot.waitUntil(lambda: media.playing, timeout=5000)
    qtbot.waitUntil(lambda: 1600 <= media.position() < 3600, timeout=5000)  # the hit's turn
    media.pause()


def test_intercoder_agreement_from_the_menu_opens_disagreements(qtbot, window, study) -> None:  # type: ignore[no-untyped-def]
    apply(window, study, "Places", "Тбилиси", coder="giorgi")
    apply(window, study, "Fear", "Страх и надежда", coder="anna")
    menu_action(window, "Intercoder agreement…").trigger()
    [dialog] = [d for d in window.panels.dialogs if d.objectName() == "team-agreement"]
    assert dialog.isVisible() and dialog.parent() is window
    view = dialog.view
    assert view.chosen_coders() == ["anna", "giorgi"]
    with qtbot.waitSignal(view.computed, timeout=30_000):
        view.compute_button.click()
    assert view.disagreements_table.rowCount() >= 1
    first = view.report.disagreements[0]
    view.disagreements_table.cellDoubleClicked.emit(0, 0)
    assert window.pane.document_id == first.document_id
    assert window.pane.view.selection_span() == (first.start, first.end)
    menu_action(window, "Intercoder agreement…").trigger()  # the same window comes forward
    assert [d.objectName() for d in window.panels.dialogs] == ["team-agreement"]


def test_the_coder_filter_hides_a_coders_codings(qtbot, window, study) -> None:  # type: ignore[no-untyped-def]
    apply(window, study, "Fear", "Страх", coder="giorgi")
    assert {c.coder for c in window.pane.view.shown} == {"anna", "giorgi"}
    menu_action(window, "Show codings by coder…").trigger()
    [dialog] = [d for d in window.panels.dialogs if d.objectName() == "team-coders"]
    dialog.view.set_visible(["giorgi"])
    assert window.model.visible_coders == ["giorgi"]
    assert {c.coder for c in window.pane.view.shown} == {"giorgi"}
    dialog.view.set_visible(["anna", "giorgi"])
    assert {c.coder for c in window.pane.view.shown} == {"anna", "giorgi"}


def test_pseudonymise_from_the_tools_menu_replaces_names(qtbot, window, study) -> None:  # type: ignore[no-untyped-def]
    window.model.run(privacy.add_terms, terms=[privacy.Term("Тбилиси", "[CITY-1]", "PLACE")])
    menu_action(window, "Pseudonymise names…").trigger()
    [dialog] = [d for d in window.panels.dialogs if d.objectName() == "pseudonymise"]
    assert dialog.isVisible() and dialog.runner is window.runner
    jobs: list = []
    window.runner.started.connect(jobs.append)
    dialog.detect()
    assert [job.title for job in jobs] == ["Finding names"]
    qtbot.waitUntil(lambda: jobs[0].done, timeout=120_000)
    assert jobs[0].error is None, jobs[0].error
    dialog.filter.setCurrentIndex(1)  # all findings
    assert "Тбилиси" in [f.text for f in dialog.findings]
    dialog.apply(confirm=False)
    assert "[CITY-1]" in window.pane.view.text and "Тбилиси" not in window.pane.view.text
    window.model.undo()
    assert "Тбилиси" in window.pane.view.text
