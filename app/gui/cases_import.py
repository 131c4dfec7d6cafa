"""Importing cases from CSV or XLSX: the inferred attribute types can be changed first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QWidget,
)

from app.gui.project_model import ProjectModel
from coding.errors import TranscodaError
from coding.importers import COLUMN_TYPES, CaseTable, ImportFormatError


class CaseTypesDialog(QDialog):
    def __init__(self, table: CaseTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import cases"))
        self.table = table
        form = QFormLayout(self)
        form.addRow(
            QLabel(
                self.tr("{0} cases in {1}. Attribute types:").format(
                    len(table.rows), table.filename
                )
            )
        )
        self.types: dict[str, QComboBox] = {}
        for column in table.columns:
            combo = QComboBox(self)
            combo.addItems(list(COLUMN_TYPES))
            combo.setCurrentText(column.type)
            self.types[column.name] = combo
            form.addRow(column.name, combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Import"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen_types(self) -> dict[str, str]:
        return {
            column.name: self.types[column.name].currentText()
            for column in self.table.columns
            if self.types[column.name].currentText() != column.type
        }


def import_cases_from_file(parent: QWidget, model: ProjectModel, path: Path | None = None) -> bool:
    from coding.imports import import_cases, read_case_table

    if path is None:
        name, _ = QFileDialog.getOpenFileName(
            parent,
            parent.tr("Import cases"),
            str(Path.home()),
            parent.tr("Case tables (*.csv *.xlsx *.tsv)"),
        )
        if not name:
            return False
        path = Path(name)
    try:
        table = read_case_table(path)
        dialog = CaseTypesDialog(table, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        table = table.with_types(dialog.chosen_types())
    except (TranscodaError, ImportFormatError) as error:
        model.failed.emit(str(error))
        return False
    result = model.run(import_cases, table=table, description=f"Import cases from '{path.name}'")
    if result is not None:
        model.message.emit(parent.tr("Imported {0} cases").format(result[1]))
    return result is not None
