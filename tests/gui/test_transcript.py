"""The transcript editor: audio playback and seeking, transcriber keys, edits that move codings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from coding import queries
from tests.gui.test_coding import codings_of, utf16


def activate(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    window.pane.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def test_the_recording_loads_with_the_document(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    media = window.pane.media
    assert media.loaded
    assert window.pane.bar.isVisible()
    qtbot.waitUntil(lambda: media.duration() > 7000, timeout=5000)


def test_play_seek_rewind_speed_and_segment_highlight(qtbot, window, study) -> None:  # type: ignore[no-untyped-def]
    pane, media = window.pane, window.pane.media
    qtbot.waitUntil(lambda: media.duration() > 0, timeout=5000)
    activate(qtbot, window)
    qtbot.keyClick(pane.view, Qt.Key.Key_F4)  # play
    qtbot.waitUntil(lambda: media.playing, timeout=3000)
    qtbot.waitUntil(lambda: media.position() > 1700, timeout=6000)
    # The second turn is playing: its words are highlighted.
    second = pane.segments[1]
    qtbot.waitUntil(lambda: pane.view.segment_span is not None, timeout=2000)
    assert pane.segment_at_time(media.position()) in (second, pane.segments[2])
    qtbot.keyClick(pane.view, Qt.Key.Key_F4)  # pause
    qtbot.waitUntil(lambda: not media.playing, timeout=3000)
    paused_at = media.position()
    media.rewind_ms = 2000
    media.toggle()  # resume: goes back two seconds first
    qtbot.waitUntil(lambda: media.playing, timeout=3000)
    assert media.position() <= max(0, paused_at - 1500)
    media.pause()

    media.seek(4000)
    qtbot.keyClick(pane.view, Qt.Key.Key_F3)  # back 5 s
    qtbot.waitUntil(lambda: media.position() == 0, timeout=2000)
    qtbot.keyClick(pane.view, Qt.Key.Key_F5)  # forward 5 s
    qtbot.waitUntil(lambda: media.position() == 5000, timeout=2000)

    assert media.rate == 1.0
    window.actions_.transcript.actions()  # the menu exists
    for _ in range(3):
        media.faster()
    assert media.rate == 1.3
    for _ in range(20):
        media.slower()
    assert media.rate == 0.5
    assert pane.bar.speed.value() == 0.5
    media.set_volume(30)
    assert pane.bar.volume.value() == 30


def test_clicking_in_the_text_seeks_to_that_segment(qtbot, window, study) -> None:  # type: ignore[no-untyped-def]
    pane, media = window.pane, window.pane.media
    qtbot.waitUntil(lambda: media.duration() > 0, timeout=5000)
    word = study.text.index("What")
    pane.view.clickedAt.emit(word + 2)
    qtbot.waitUntil(lambda: media.position() == 3600, timeout=2000)
    assert pane.view.segment_span == pane.view.positions.span_to_utf16(
        pane.segments[2].char_start, pane.segments[2].char_end
    )


def type_at(qtbot, view, position16: int, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``text`` at a position; letters QTest cannot press arrive as an input method's."""
    cursor = view.textCursor()
    cursor.setPosition(position16)
    view.setTextCursor(cursor)
    for char in text:
        if char.isascii():
            qtbot.keyClicks(view, char)
        else:
            view.textCursor().insertText(char)


def test_editing_before_a_coding_moves_it_in_one_undo_step(qtbot, window, study) -> None:  # type: ignore[no-untyped-def]
    pane = window.pane
    activate(qtbot, window)
    pane.set_editing(True)
    assert not pane.view.isReadOnly()
    at = study.text.index("мы уехали")
    type_at(qtbot, pane.view, utf16(study.text, at), "тогда ")
    # Typing is coalesced: nothing is written until a pause.
    assert queries.get_document(window.model.project, study.document_id).text == study.text
    pane.editing.commit()
    detail = queries.get_document(window.model.project, study.document_id)
    assert "тогда мы уехали" in detail.text
    coding = codings_of(window, study.codes["Places"])[0]
    assert coding.text == "Тбилиси"
    assert coding.start == study.text.index("Тбилиси") + len("тогда ")
    # The segments of later turns moved too, and the editor shows the coding in place.
    old = queries.get_document(window.model.project, study.document_id).segments
    assert detail.text[old[3].char_start : old[3].char_end].startswith("Страх")
    shown = pane.view.shown[0]
    assert pane.view.text[shown.start : shown.end] == "Тбилиси"
    assert window.actions_.undo.text().startswith("&Undo Edit text of")
    window.model.undo()  # one step takes back the whole word
    assert queries.get_document(window.model.project, study.document_id).text == study.text
    assert codings_of(window, study.codes["Places"])[0].start == study.text.index("Тбилиси")
    assert pane.view.text == study.text


def test_a_pause_commits_and_ctrl_z_undoes_while_editing(qtbot, window, study) -> None:  # type: ignore[no-untyped-def]
    pane = window.pane
    activate(qtbot, window)
    qtbot.keyClick(pane.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert pane.editing.active
    end = utf16(study.text, len(study.text))
    type_at(qtbot, pane.view, end, " Спасибо")
    qtbot.waitUntil(
        lambda: queries.get_document(window.model.project, study.document_id).text.endswith(
            "Спасибо"
        ),
        timeout=3000,
    )
    qtbot.keyClick(pane.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert queries.get_document(window.model.project, study.document_id).text == study.text
    assert pane.view.toPlainText() == study.text


def test_deleting_inside_a_coding_shrinks_it(qtbot, window, study) -> None:  # type: ignore[no-untyped-def]
    pane = window.pane
    pane.set_editing(True)
    start = study.text.index("Тбилиси")
    cursor = pane.view.textCursor()
    cursor.setPosition(utf16(study.text, start + 3))
    cursor.setPosition(utf16(study.text, start + 5), QTextCursor.MoveMode.KeepAnchor)
    pane.view.setTextCursor(cursor)
    cursor.removeSelectedText()
    pane.set_editing(False)  # leaving edit mode commits
    assert codings_of(window, study.codes["Places"])[0].text == "Тбиси"


def test_timestamp_and_speaker_keys_insert_text(qtbot, window, study) -> None:  # type: ignore[no-untyped-def]
    pane = window.pane
    activate(qtbot, window)
    pane.media.seek(3000)
    qtbot.waitUntil(lambda: pane.media.position() == 3000, timeout=2000)
    pane.set_editing(True)
    cursor = pane.view.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    pane.view.setTextCursor(cursor)
    qtbot.keyClick(pane.view, Qt.Key.Key_Return)
    qtbot.keyClick(pane.view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(pane.view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(pane.view, "Da.")
    pane.editing.commit()
    text = queries.get_document(window.model.project, study.document_id).text
    assert text.endswith("\n[00:00:03] Respondent: Da.")


def test_mark_transcript_checked(window, study) -> None:  # type: ignore[no-untyped-def]
    window.pane.toggle_checked()
    assert (
        queries.get_document(window.model.project, study.document_id).transcript_status == "checked"
    )
    assert window.pane.checked_button.isChecked()
    window.model.undo()
    assert (
        queries.get_document(window.model.project, study.document_id).transcript_status == "draft"
    )


def test_a_change_reported_wider_than_the_keystroke_is_narrowed(window, study) -> None:  # type: ignore[no-untyped-def]
    """Qt may report a whole block (or document) as changed; codings must not swallow it."""
    pane = window.pane
    pane.set_editing(True)
    at = study.text.index("осенью")
    document = pane.view.document()
    document.blockSignals(True)
    cursor = pane.view.textCursor()
    cursor.setPosition(utf16(study.text, at))
    cursor.insertText("X")
    document.blockSignals(False)
    whole = utf16(study.text, len(study.text))
    pane.editing._changed(0, whole, whole + 1)  # "everything changed"
    assert pane.editing.pending is not None
    assert (pane.editing.pending.start, pane.editing.pending.end) == (at, at)
    assert pane.editing.pending.replacement == "X"
    pane.editing.commit()
    assert codings_of(window, study.codes["Places"])[0].text == "Тбилиси"
