"""Done when: every export the window offers holds no listed name in any form or encoding, with
the box "Replace names by their pseudonyms" ticked by default (issue 16, part 2)."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.cli.main import main
from tests.privacy.leaks import Multilingual, build, leaks_in, shows_pseudonyms, write_terms

DIALOG_KINDS = {
    "segments": "segments.docx",
    "codebook": "codebook.docx",
    "transcript": "transcript.docx",
    "qdpx": "project.qdpx",
    "qdc": "codebook.qdc",
    "subtitles": "transcript.srt",
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Multilingual:
    monkeypatch.delenv("TRANSCODA_CODER", raising=False)
    monkeypatch.setenv("TRANSCODA_CONFIG_DIR", str(tmp_path / "config"))
    built = build(tmp_path / "study.tcproj", second_coder=getpass.getuser())
    assert main(["pseudonymise", str(built.path), "--terms", str(write_terms(tmp_path))]) == 0
    return built


@pytest.fixture
def window(qtbot: Any, project: Multilingual, tmp_path: Path) -> Iterator[Any]:
    from app.gui.main_window import MainWindow
    from app.gui.preferences import Preferences

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    main_window = MainWindow(Preferences(settings))
    qtbot.addWidget(main_window)
    main_window.show()
    assert main_window.open_project(project.path)
    main_window.model.set_current_document(project.interview)
    yield main_window
    main_window.close()


def export_through_dialog(
    qtbot: Any, window: Any, kind: str, target: Path, monkeypatch: pytest.MonkeyPatch, **ticks: bool
) -> Any:
    """File › Export › kind, the way a person does it: Browse…, a file name, Export."""
    from app.gui.export_dialog import ExportDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    seen: dict[str, Any] = {}

    def run(dialog: ExportDialog) -> int:
        seen["ticked"] = dialog.pseudonymise.isChecked()
        for name, value in ticks.items():
            getattr(dialog, name).setChecked(value)
        dialog._browse()
        return ExportDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", run)
    job = window.files.export(kind)
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=60000):
        pass
    assert job.error is None, job.error
    return seen["ticked"]


def test_every_export_dialog_writes_no_name(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "gui"
    out.mkdir()
    found: list[str] = []
    for kind, name in DIALOG_KINDS.items():
        ticked = export_through_dialog(qtbot, window, kind, out / name, monkeypatch)
        assert ticked, f"the {kind} dialog must offer pseudonyms ticked by default"
        data = (out / name).read_bytes()
        found += leaks_in(name, data)
        assert shows_pseudonyms(data) or kind == "qdc", kind
    from app.gui.export_dialog import ExportDialog

    original = ExportDialog._browse
    for fmt, suffix in (("vtt", "vtt"), ("f4", "txt")):

        def browse(dialog: ExportDialog, fmt: str = fmt) -> None:
            dialog.format.setCurrentIndex(dialog.format.findData(fmt))
            original(dialog)

        monkeypatch.setattr(ExportDialog, "_browse", browse)
        target = out / f"transcript.{suffix}"
        assert export_through_dialog(qtbot, window, "subtitles", target, monkeypatch)
        found += leaks_in(target.name, target.read_bytes())
        assert shows_pseudonyms(target.read_bytes())
    assert found == [], "\n".join(found)


def test_unticking_the_box_writes_names_and_says_so(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.gui.export_dialog import ExportDialog

    window.actions_.always_pseudonymise.trigger()
    assert window.actions_.always_pseudonymise.isChecked()
    dialog = ExportDialog(window.model, "qdpx", window)
    qtbot.addWidget(dialog)
    assert dialog.pseudonymise.isChecked()
    dialog.pseudonymise.setChecked(False)
    assert "although this project says always" in dialog.pseudonymise.warning.text()
    target = tmp_path / "real.qdpx"
    export_through_dialog(qtbot, window, "qdpx", target, monkeypatch, pseudonymise=False)
    assert leaks_in(target.name, target.read_bytes())
    # The setting is one undoable step.
    window.model.undo()
    assert not window.actions_.always_pseudonymise.isChecked()


def test_table_exports_follow_the_setting_or_ask(
    qtbot: Any, window: Any, project: Multilingual, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QWidget

    from app.gui.analysis.table_model import export_button
    from coding.analysis import code_matrix
    from coding.analysis.result_tables import matrix_table
    from coding.project import Project

    parent = QWidget()
    qtbot.addWidget(parent)
    with Project.open(project.path, backup=False, read_only=True) as opened:
        table = matrix_table(code_matrix(opened, by=["document"], value="segments"))
    parent.project = window.model.project  # type: ignore[attr-defined]
    asked: list[str] = []

    def question(*args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        asked.append("asked")
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    for suffix in ("csv", "xlsx", "docx"):
        target = tmp_path / f"table.{suffix}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, t=target, **k: (str(t), ""))
        export_button(parent, lambda: table).click()
        assert leaks_in(target.name, target.read_bytes()) == []
        assert shows_pseudonyms(target.read_bytes())
    assert asked == ["asked"] * 3
    window.actions_.always_pseudonymise.trigger()
    target = tmp_path / "always.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    export_button(parent, lambda: table).click()
    assert asked == ["asked"] * 3  # the project says always: nothing to ask
    assert leaks_in(target.name, target.read_bytes()) == []
