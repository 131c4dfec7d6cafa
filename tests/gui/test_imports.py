"""Imports through the window: documents and recordings on a worker, then shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog

from app.gui import help_dialogs
from coding import queries
from tests.gui.conftest import write_wav


def run_import(qtbot, window, monkeypatch, paths: list[Path], case: str = "") -> None:  # type: ignore[no-untyped-def]
    from app.gui.import_dialog import ImportDialog

    def accept(self):  # type: ignore[no-untyped-def]
        self.case.setCurrentText(case)
        return ImportDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportDialog, "exec", accept)
    job = window.files.import_documents(paths)
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=60000):
        pass
    assert job.error is None, job.error


def test_import_a_cp1251_text_into_a_new_case(qtbot, window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    text = "Интервью о переезде в Тбилиси.\nМы уехали осенью."
    source = tmp_path / "Интервью 2.txt"
    source.write_bytes(text.encode("cp1251"))
    run_import(qtbot, window, monkeypatch, [source], case="Нино")
    summary = next(
        d for d in queries.list_documents(window.model.project) if d.title == "Интервью 2"
    )
    assert summary.case_name == "Нино"
    # The new document is opened and listed under its case.
    assert window.pane.detail is not None and window.pane.detail.text == text
    groups = [
        window.documents.items.item(r).text() for r in range(window.documents.items.rowCount())
    ]
    assert "Нино" in groups
    assert window.actions_.undo.text() == "&Undo Import 'Интервью 2.txt'"


def test_import_a_recording_gives_a_document_with_audio(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    wav = write_wav(tmp_path / "Interview 3.wav", seconds=2.0)
    run_import(qtbot, window, monkeypatch, [wav])
    assert window.pane.detail is not None
    assert window.pane.detail.title == "Interview 3"
    assert window.pane.media.loaded
    assert window.pane.bar.isVisible()


def test_a_bad_file_is_reported_and_changes_nothing(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from app.gui.import_dialog import ImportDialog

    before = len(queries.list_documents(window.model.project))
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip at all")
    monkeypatch.setattr(ImportDialog, "exec", lambda self: ImportDialog.DialogCode.Accepted)
    job = window.files.import_documents([broken])
    with qtbot.waitSignal(job.finished, timeout=60000):
        pass
    assert job.error and "broken.docx" in job.error
    assert "Traceback" not in window.banner.messages[-1]
    assert len(queries.list_documents(window.model.project)) == before


def test_codes_by_case_matrix(window, study, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[QDialog] = []
    monkeypatch.setattr(QDialog, "exec", lambda self: shown.append(self) or 0)
    help_dialogs.code_matrix(window)
    table = shown[0].findChild(help_dialogs.QTableWidget)
    rows = [table.verticalHeaderItem(r).text().strip() for r in range(table.rowCount())]
    assert "Places" in rows
    row = rows.index("Places")
    assert table.item(row, 0).text() == "1"
    help_dialogs.overview(window)
    help_dialogs.shortcuts(window)
    assert len(shown) == 3


def test_import_warnings_are_shown_in_the_window(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "cues.srt"
    source.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nFirst.\n\n2\n-00:00:03,000 --> 00:00:04,000\n"
        "Before the start.\n",
        encoding="utf-8",
    )
    run_import(qtbot, window, monkeypatch, [source])
    assert window.pane.detail is not None and "Before the start." in window.pane.detail.text
    shown = window.banner.messages[-1]
    assert "cues.srt, line 6" in shown and "negative time" in shown
