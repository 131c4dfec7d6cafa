"""The codebook editor: rename in place, colour, merge, quick-key assignment, filtering."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from app.gui.codebook_tree import NAME
from coding import queries
from tests.gui.test_coding import codings_of, select_word


def nodes(window):  # type: ignore[no-untyped-def]
    return {node.name: node for node in queries.codebook(window.model.project)}


def test_rename_in_place_goes_through_the_domain(window, study) -> None:  # type: ignore[no-untyped-def]
    item = window.codebook.codes.items[study.codes["Hope"]]
    item.setText("Надежда")
    assert "Надежда" in nodes(window)
    assert window.actions_.undo.text() == "&Undo Rename code 'Hope' to 'Надежда'"
    # A refused name (a sibling has it) puts the old name back.
    item = window.codebook.codes.items[study.codes["Relief"]]
    item.setText("Fear")
    assert "already exists" in window.banner.messages[-1]
    assert window.codebook.codes.items[study.codes["Relief"]].text() == "Relief"


def test_recolour_and_merge(window, study, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.gui import codebook_panel

    panel = window.codebook
    panel.tree.select_code(study.codes["Relief"])
    monkeypatch.setattr(codebook_panel.QColorDialog, "getColor", lambda *a: QColor("#123456"))
    panel.recolor()
    assert nodes(window)["Relief"].color == "#123456"

    select_word(window, study, "relief")
    window.pane.commands.apply(study.codes["Relief"])
    monkeypatch.setattr(codebook_panel, "pick_code", lambda *a: study.codes["Hope"])
    monkeypatch.setattr(
        codebook_panel.QMessageBox,
        "question",
        lambda *a: codebook_panel.QMessageBox.StandardButton.Yes,
    )
    panel.merge()
    assert "Relief" not in nodes(window)
    assert [c.text for c in codings_of(window, study.codes["Hope"])] == ["relief"]
    assert window.actions_.undo.text() == "&Undo Merge 'Relief' into 'Hope'"


def test_assigned_quick_key_applies_its_code(qtbot, window, study) -> None:  # type: ignore[no-untyped-def]
    panel = window.codebook
    panel.tree.select_code(study.codes["Places"])
    panel.assign_key(3)
    assert window.quick.code_for(3) == study.codes["Places"]
    key_cell = panel.codes.index_of(study.codes["Places"]).siblingAtColumn(1)
    assert key_cell.data() == "3"
    select_word(window, study, "Tbilisi" if "Tbilisi" in study.text else "осенью")
    window.pane.view.setFocus()
    qtbot.keyClick(window.pane.view, Qt.Key.Key_3)
    assert [c.text for c in codings_of(window, study.codes["Places"])] == ["Тбилиси", "осенью"]
    # The assignment is remembered for this project.
    assert window.preferences.quick_codes(study.path)[3] == study.codes["Places"]


def test_enter_in_the_codebook_applies_the_code(qtbot, window, study) -> None:  # type: ignore[no-untyped-def]
    select_word(window, study, "надежда")
    tree = window.codebook.tree
    tree.setFocus()
    tree.setCurrentIndex(window.codebook.codes.index_of(study.codes["Hope"]))
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert [c.text for c in codings_of(window, study.codes["Hope"])] == ["надежда"]


def test_filter_hides_other_codes(window, study) -> None:  # type: ignore[no-untyped-def]
    panel = window.codebook
    panel.filter.setText("rel")
    emotions = panel.codes.index_of(study.codes["Emotions"])
    relief = panel.codes.index_of(study.codes["Relief"])
    places = panel.codes.index_of(study.codes["Places"])
    assert not panel.tree.isRowHidden(relief.row(), emotions)
    assert panel.tree.isRowHidden(places.row(), places.parent())
    panel.filter.clear()
    assert not panel.tree.isRowHidden(places.row(), places.parent())


def test_speed_keys(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    window.pane.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    media = window.pane.media
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.pane.view, Qt.Key.Key_Greater, shift_ctrl)
    assert media.rate == 1.1
    qtbot.keyClick(window.pane.view, Qt.Key.Key_Less, shift_ctrl)
    qtbot.keyClick(window.pane.view, Qt.Key.Key_Less, shift_ctrl)
    assert media.rate == 0.9


def test_new_code_and_subcode(window, study, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.gui import codebook_panel

    answers = iter([("Hope for return", True)])
    monkeypatch.setattr(codebook_panel.QInputDialog, "getText", lambda *a, **k: next(answers))
    window.codebook.tree.select_code(study.codes["Hope"])
    window.codebook.new_code(subcode=True)
    assert nodes(window)["Hope for return"].parent_id == study.codes["Hope"]
    index = window.codebook.tree.currentIndex()
    assert index.siblingAtColumn(NAME).data() == "Hope for return"
