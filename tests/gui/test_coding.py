"""Coding in the window: select through Qt, apply by key, drag, menu; check the database."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from app.gui.document_view import code_mime
from coding import queries


def utf16(text: str, code_point: int) -> int:
    return len(text[:code_point].encode("utf-16-le")) // 2


def select_word(window, study, word: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Select ``word`` with a QTextCursor in UTF-16 units, as a mouse would."""
    start = study.text.index(word)
    end = start + len(word)
    view = window.pane.view
    cursor = view.textCursor()
    cursor.setPosition(utf16(study.text, start))
    cursor.setPosition(utf16(study.text, end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    return start, end


def codings_of(window, code_id: int):  # type: ignore[no-untyped-def]
    return queries.list_codings(window.model.project, code_ids=[code_id])


def activate(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    window.pane.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def test_window_shows_the_document_with_its_coding(window, study) -> None:  # type: ignore[no-untyped-def]
    view = window.pane.view
    assert view.text == study.text
    assert [c.name for c in view.shown] == ["Places"]
    coding = view.shown[0]
    assert study.text[coding.start : coding.end] == "Тбилиси"
    # An emoji before it takes two UTF-16 units: the view draws one unit further on.
    assert coding.start16 == coding.start + 1
    assert coding.start16 == utf16(study.text, coding.start)


def test_quick_key_applies_a_code_after_emoji_and_undo_removes_it(qtbot, window, study) -> None:  # type: ignore[no-untyped-def]
    activate(qtbot, window)
    start, end = select_word(window, study, "Страх")
    assert window.quick.code_for(1) == study.codes["Fear"]
    qtbot.keyClick(window.pane.view, Qt.Key.Key_1)
    stored = codings_of(window, study.codes["Fear"])
    assert [(c.start, c.end, c.text) for c in stored] == [(start, end, "Страх")]
    assert "Fear" in [c.name for c in window.pane.view.shown]
    assert window.actions_.undo.text() == "&Undo Apply 'Fear' to 'Интервью 1 🙂'"

    qtbot.keyClick(window.pane.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert codings_of(window, study.codes["Fear"]) == []
    assert "Fear" not in [c.name for c in window.pane.view.shown]
    assert window.actions_.redo.text().startswith("&Redo Apply 'Fear'")
    window.actions_.redo.trigger()
    assert len(codings_of(window, study.codes["Fear"])) == 1


def test_dropping_a_code_on_the_text_codes_the_selection(qtbot, window, study) -> None:  # type: ignore[no-untyped-def]
    start, end = select_word(window, study, "relief")
    view = window.pane.view
    point = view.cursorRect().center()
    mime = code_mime(study.codes["Relief"])  # the event does not own it: keep a reference
    event = QDropEvent(
        QPointF(point),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.dropEvent(event)
    stored = codings_of(window, study.codes["Relief"])
    assert [(c.start, c.end) for c in stored] == [(start, end)]


def test_a_drop_without_a_selection_changes_nothing(window, study) -> None:  # type: ignore[no-untyped-def]
    view = window.pane.view
    cursor = view.textCursor()
    cursor.clearSelection()
    view.setTextCursor(cursor)
    mime = code_mime(study.codes["Hope"])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.dropEvent(event)
    assert codings_of(window, study.codes["Hope"]) == []


def test_dragging_a_code_in_the_codebook_reparents_it(window, study) -> None:  # type: ignore[no-untyped-def]
    tree = window.codebook.tree
    codes = window.codebook.codes
    target = codes.index_of(study.codes["Places"])
    rect = tree.visualRect(target)
    mime = codes.mimeData([codes.index_of(study.codes["Hope"])])
    event = QDropEvent(
        QPointF(rect.center()),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    tree.dropEvent(event)
    nodes = {n.id: n for n in queries.codebook(window.model.project)}
    assert nodes[study.codes["Hope"]].parent_id == study.codes["Places"]
    assert window.actions_.undo.text() == "&Undo Move code 'Hope' under 'Places'"
    # The tree shows the new place (refreshed from the Changes flags).
    assert codes.index_of(study.codes["Hope"]).parent() == codes.index_of(study.codes["Places"])
    window.model.undo()
    nodes = {n.id: n for n in queries.codebook(window.model.project)}
    assert nodes[study.codes["Hope"]].parent_id == study.codes["Emotions"]


def test_dropping_between_codes_orders_siblings(window, study) -> None:  # type: ignore[no-untyped-def]
    tree = window.codebook.tree
    codes = window.codebook.codes
    fear = tree.visualRect(codes.index_of(study.codes["Fear"]))
    parent, position = tree.drop_target(
        study.codes["Relief"], QPoint(fear.center().x(), fear.top() + 1)
    )
    assert (parent, position) == (study.codes["Emotions"], 0)
    window.codebook.move_code(study.codes["Relief"], parent, position)
    names = [
        n.name
        for n in queries.codebook(window.model.project)
        if n.parent_id == study.codes["Emotions"]
    ]
    assert names == ["Relief", "Fear", "Hope"]


def test_in_vivo_creates_and_applies_a_code(window, study) -> None:  # type: ignore[no-untyped-def]
    select_word(window, study, "გამარჯობა")
    window.pane.commands.in_vivo()
    node = next(n for n in queries.codebook(window.model.project) if n.name == "გამარჯობა")
    stored = codings_of(window, node.id)
    assert [c.text for c in stored] == ["გამარჯობა"]


def test_remove_resize_and_memo_of_a_clicked_coding(qtbot, window, study, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    view = window.pane.view
    places = view.shown[0]
    view.select_coding(places.id)
    assert view.selection_span() == (places.start, places.end)
    # Resize: extend the selection by the following space and word.
    start = study.text.index("Тбилиси")
    view.select_span(start, start + len("Тбилиси 🇬🇪"))
    view.selected_coding = places.id
    window.pane.commands.resize_to_selection()
    stored = codings_of(window, study.codes["Places"])
    assert stored[0].text == "Тбилиси 🇬🇪"
    monkeypatch.setattr(
        "app.gui.coding_commands.QInputDialog.getMultiLineText",
        lambda *a, **k: ("capital city", True),
    )
    view.selected_coding = places.id
    window.pane.commands.edit_memo()
    assert codings_of(window, study.codes["Places"])[0].memo == "capital city"
    assert "capital city" in view.tooltip_for(view.codings_at(start))
    view.selected_coding = places.id
    window.pane.commands.remove()
    assert codings_of(window, study.codes["Places"]) == []


def test_coder_filter_hides_other_coders(window, study) -> None:  # type: ignore[no-untyped-def]
    select_word(window, study, "надежда")
    window.pane.commands.apply(study.codes["Hope"])  # by the test coder
    combo = window.pane.coder_filter
    combo.setCurrentIndex(combo.findData("anna"))
    window.pane.reload()
    assert [c.coder for c in window.pane.view.shown] == ["anna"]
    combo.setCurrentIndex(0)
    window.pane.reload()
    assert len(window.pane.view.shown) == 2


def test_errors_show_in_the_banner_not_as_tracebacks(window, study) -> None:  # type: ignore[no-untyped-def]
    select_word(window, study, "Тбилиси")
    window.pane.commands.apply(study.codes["Places"])  # already coded by anna, but not by us
    window.pane.commands.apply(study.codes["Places"])  # now a duplicate
    assert window.banner.isVisible()
    assert "already has this code" in window.banner.messages[-1]


def test_coded_segments_list_follows_the_chosen_code(qtbot, window, study) -> None:  # type: ignore[no-untyped-def]
    window.model.set_current_code(study.codes["Places"])
    rows = window.segments.rows
    # Refreshed on the next turn of the event loop, after the document view.
    qtbot.waitUntil(lambda: "Places" in window.segments.title.text(), timeout=2000)
    assert rows.rowCount() == 1
    assert rows.index(0, 2).data() == "Тбилиси"
    window.segments._open(rows.index(0, 0))
    assert window.pane.view.selected_text() == "Тбилиси"
