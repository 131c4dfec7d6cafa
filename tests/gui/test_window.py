"""The main window: projects, recent list, layout memory, cases, exports, the demo."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from app.gui.cases_editor import CasesDialog
from app.gui.main_window import MainWindow
from app.gui.preferences import Preferences
from coding import cases, queries


def test_recent_projects_and_layout_are_remembered(qtbot, study, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(Preferences(settings))
    qtbot.addWidget(first)
    first.show()
    assert first.open_project(study.path)
    first.resize(760, 540)
    first.segments_dock.hide()
    first.close()
    assert Preferences(settings).recent_projects() == [str(study.path.resolve())]

    second = MainWindow(Preferences(settings))
    qtbot.addWidget(second)
    second.show()
    assert (second.size().width(), second.size().height()) == (760, 540)
    assert not second.segments_dock.isVisible()
    second.close()


def test_project_tree_groups_by_case_and_attribute(window, study) -> None:  # type: ignore[no-untyped-def]
    model = window.model
    created = model.run(cases.create_case, name="Нино")
    attribute = model.run(
        cases.define_attribute, name="host", kind="choice", choices=["Georgia", "Germany"]
    )
    model.run(cases.set_case_value, case_id=created.id, attribute_id=attribute.id, value="Georgia")
    window.documents.assign_case(study.document_id, created.id)
    tree = window.documents.items
    groups = [tree.item(row).text() for row in range(tree.rowCount())]
    assert groups == ["Нино", "(no case)"]
    assert tree.item(0).child(0).text() == "Интервью 1 🙂"
    combo = window.documents.grouping
    combo.setCurrentIndex(combo.findData("attr:case:host"))
    window.documents._grouping_chosen(combo.currentIndex())
    groups = [tree.item(row).text() for row in range(tree.rowCount())]
    assert groups == ["Georgia", "(no value)"]
    assert window.preferences.grouping == "attr:case:host"


def test_cases_table_edits_typed_values_and_assigns_documents(qtbot, window, study) -> None:  # type: ignore[no-untyped-def]
    model = window.model
    created = model.run(cases.create_case, name="Ilya")
    model.run(cases.define_attribute, name="year left", kind="number")
    dialog = CasesDialog(model, window)
    qtbot.addWidget(dialog)
    table = dialog.table_model
    assert table.rowCount() == 1 and table.columnCount() == 3
    assert table.headerData(2, Qt.Orientation.Horizontal) == "year left"
    assert table.setData(table.index(0, 2), "2022")
    assert queries.cases(model.project)[0].values == {"year left": "2022"}
    assert not table.setData(table.index(0, 2), "two thousand")  # refused by the domain
    assert "not a number" in window.banner.messages[-1]
    assert table.setData(table.index(0, 0), "Ilya K.")
    assert queries.cases(model.project)[0].name == "Ilya K."
    combo = dialog.assignments.cellWidget(0, 1)
    combo.setCurrentIndex(combo.findData(created.id))
    combo.activated.emit(combo.currentIndex())
    assert queries.get_document(model.project, study.document_id).case_name == "Ilya K."
    model.undo()
    assert queries.get_document(model.project, study.document_id).case_name is None


def test_cases_import_from_csv(window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.gui import cases_import

    table = tmp_path / "cases.csv"
    with table.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case", "origin", "year left"])
        writer.writerow(["Нино", "Russia", "2022"])
        writer.writerow(["Rauf", "Azerbaijan", "2023"])
    monkeypatch.setattr(
        cases_import.CaseTypesDialog, "exec", lambda self: cases_import.QDialog.DialogCode.Accepted
    )
    assert cases_import.import_cases_from_file(window, window.model, table)
    imported = {c.name: c.values for c in queries.cases(window.model.project)}
    assert imported["Нино"] == {"origin": "Russia", "year left": "2022"}
    assert window.actions_.undo.text() == "&Undo Import cases from 'cases.csv'"


def test_export_coded_segments_to_word(qtbot, window, study, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.gui.export_dialog import ExportDialog

    target = tmp_path / "segments.docx"
    monkeypatch.setattr(ExportDialog, "exec", lambda self: ExportDialog.DialogCode.Accepted)
    original = ExportDialog.path
    monkeypatch.setattr(ExportDialog, "path", lambda self: target)
    job = window.files.export("segments")
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=30000):
        pass
    assert job.error is None, job.error
    assert job.result == 1
    assert target.is_file()
    from docx import Document

    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "Тбилиси" in text
    monkeypatch.setattr(ExportDialog, "path", original)


def test_export_dialog_builds_the_filter(qtbot, window, study) -> None:  # type: ignore[no-untyped-def]
    from app.gui.export_dialog import ExportDialog

    window.model.set_current_code(study.codes["Fear"])
    dialog = ExportDialog(window.model, "segments", window)
    qtbot.addWidget(dialog)
    flt = dialog.segment_filter()
    assert list(flt.codes) == [study.codes["Fear"]]
    assert flt.include_subcodes


def test_a_missing_project_is_reported(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert not window.open_project(tmp_path / "nothing.tcproj")
    assert "no project at" in window.banner.messages[-1]


def test_starter_codebook_loads_and_undoes(window) -> None:  # type: ignore[no-untyped-def]
    before = len(queries.codebook(window.model.project))
    window.codebook.load_starter()
    assert len(queries.codebook(window.model.project)) > before + 20
    assert window.codebook.codes.rowCount() > 2
    window.model.undo()
    assert len(queries.codebook(window.model.project)) == before


def test_code_details_save_through_describe_code(window, study) -> None:  # type: ignore[no-untyped-def]
    panel = window.codebook
    panel.tree.select_code(study.codes["Fear"])
    panel.details.save({"definition": "Страх перед преследованием"})
    node = next(n for n in queries.codebook(window.model.project) if n.id == study.codes["Fear"])
    assert node.definition == "Страх перед преследованием"
    assert "Страх перед преследованием" in panel.details.text.toPlainText()
    assert window.actions_.undo.text() == "&Undo Edit description of 'Fear'"


def test_delete_code_says_what_goes(window, study, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.gui import codebook_panel

    asked: list[str] = []

    def answer(parent, title, text):  # type: ignore[no-untyped-def]
        asked.append(text)
        return codebook_panel.QMessageBox.StandardButton.Yes

    monkeypatch.setattr(codebook_panel.QMessageBox, "question", answer)
    window.codebook.tree.select_code(study.codes["Places"])
    window.codebook.delete()
    assert "with 0 subcodes and 1 codings" in asked[0]
    assert study.codes["Places"] not in {n.id for n in queries.codebook(window.model.project)}


@pytest.mark.slow
def test_demo_project_opens_from_the_welcome(qtbot, settings, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.gui import file_commands

    monkeypatch.setattr(file_commands, "demo_path", lambda: tmp_path / "data" / "demo.tcproj")
    main = MainWindow(Preferences(settings))
    qtbot.addWidget(main)
    job = main.files.open_demo()
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=120000):
        pass
    assert job.error is None, job.error
    assert main.model.project is not None
    assert "Demo" in main.windowTitle()
    assert main.pane.detail is not None
    main.close()
    assert Preferences(settings).recent_projects() == [
        str((tmp_path / "data" / "demo.tcproj").resolve())
    ]


def test_a_project_open_elsewhere_is_offered_read_only(qtbot, study, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.gui import file_commands
    from coding.project import Project

    holder = Project.open(study.path)  # another window or command has it
    try:
        monkeypatch.setattr(
            file_commands.QMessageBox,
            "question",
            lambda *args: file_commands.QMessageBox.StandardButton.Yes,
        )
        main = MainWindow(Preferences(settings))
        qtbot.addWidget(main)
        assert main.open_project(study.path)
        assert main.model.project is not None and main.model.project.read_only
        assert "(read-only)" in main.windowTitle()
        main.pane.view.select_span(0, 5)
        main.pane.commands.apply(study.codes["Fear"])
        assert "read-only" in main.banner.messages[-1]
        main.close()
    finally:
        holder.close()
