"""The cases window: a cases x attributes table with typed editors, and document assignment."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.gui.cases_model import NAME_COLUMN, CasesTableModel
from app.gui.project_model import ProjectModel
from coding import cases, documents, queries

Index = QModelIndex | QPersistentModelIndex
EMPTY_DATE = QDate(1900, 1, 1)


class TypedDelegate(QStyledItemDelegate):
    """Editors by attribute type: text, number, date (with a calendar) or a choice list."""

    def __init__(self, table: CasesTableModel) -> None:
        super().__init__(table)
        self.table = table

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        attribute = self.table.attribute(index.column())
        if attribute is None or attribute.type == "text":
            return super().createEditor(parent, option, index)
        if attribute.type == "number":
            editor = QLineEdit(parent)
            validator = QDoubleValidator(editor)
            validator.setNotation(QDoubleValidator.Notation.StandardNotation)
            editor.setValidator(validator)
            return editor
        if attribute.type == "date":
            date = QDateEdit(parent)
            date.setCalendarPopup(True)
            date.setDisplayFormat("yyyy-MM-dd")
            date.setMinimumDate(EMPTY_DATE)
            date.setSpecialValueText(self.tr("(none)"))
            return date
        combo = QComboBox(parent)
        combo.addItem("")
        combo.addItems(list(attribute.choices))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if isinstance(editor, QDateEdit):
            date = QDate.fromString(value, "yyyy-MM-dd")
            editor.setDate(date if date.isValid() else EMPTY_DATE)
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findText(value)))
        elif isinstance(editor, QLineEdit):
            editor.setText(value)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QDateEdit):
            date = editor.date()
            model.setData(index, "" if date == EMPTY_DATE else date.toString("yyyy-MM-dd"))
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentText())
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text())
        else:
            super().setModelData(editor, model, index)


class AttributeDialog(QDialog):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New attribute"))
        self.name = QLineEdit(self)
        self.kind = QComboBox(self)
        for kind, label in (
            ("text", self.tr("Text")),
            ("number", self.tr("Number")),
            ("date", self.tr("Date")),
            ("choice", self.tr("Choice")),
        ):
            self.kind.addItem(label, kind)
        self.choices = QLineEdit(self)
        self.choices.setPlaceholderText(self.tr("For a choice: values separated by commas"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Type"), self.kind)
        form.addRow(self.tr("Choices"), self.choices)
        form.addRow(buttons)


class CasesDialog(QDialog):
    def __init__(self, model: ProjectModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cases and attributes"))
        self.model = model
        self.table_model = CasesTableModel(model)
        self.table = QTableView(self)
        self.table.setObjectName("casesTable")
        self.table.setModel(self.table_model)
        self.table.setItemDelegate(TypedDelegate(self.table_model))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        buttons = QHBoxLayout()
        for text, slot in (
            (self.tr("Add case…"), self.add_case),
            (self.tr("Delete case"), self.delete_case),
            (self.tr("Add attribute…"), self.add_attribute),
            (self.tr("Delete attribute"), self.delete_attribute),
            (self.tr("Import CSV/XLSX…"), self.import_table),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        cases_page = QWidget(self)
        page_layout = QVBoxLayout(cases_page)
        page_layout.addLayout(buttons)
        page_layout.addWidget(self.table)
        self.assignments = QTableWidget(0, 2, self)
        self.assignments.setObjectName("documentCases")
        self.assignments.setHorizontalHeaderLabels([self.tr("Document"), self.tr("Case")])
        self.assignments.horizontalHeader().setStretchLastSection(True)
        self.assignments.verticalHeader().hide()
        tabs = QTabWidget(self)
        tabs.addTab(cases_page, self.tr("Cases"))
        tabs.addTab(self.assignments, self.tr("Documents"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(close)
        self.resize(900, 480)
        model.changed.connect(self._changes)
        model.opened.connect(self._fill_assignments)
        self._fill_assignments()
        self.table.resizeColumnsToContents()

    def _changes(self, changes: Any) -> None:
        if changes.documents or changes.cases:
            self._fill_assignments()

    def _fill_assignments(self) -> None:
        project = self.model.project
        self.assignments.setRowCount(0)
        if project is None:
            return
        all_cases = queries.cases(project)
        for row, document in enumerate(queries.list_documents(project)):
            self.assignments.insertRow(row)
            title = self.assignments.model().index(row, 0)
            self.assignments.model().setData(title, document.title)
            combo = QComboBox(self.assignments)
            combo.addItem(self.tr("(no case)"), None)
            for case in all_cases:
                combo.addItem(case.name, case.id)
            combo.setCurrentIndex(max(0, combo.findData(document.case_id)))
            combo.activated.connect(
                lambda _i, d=document.id, c=combo: self._assign(d, c.currentData())
            )
            self.assignments.setCellWidget(row, 1, combo)
        self.assignments.resizeColumnToContents(0)

    def _assign(self, document_id: int, case_id: int | None) -> None:
        self.model.run(documents.set_document_metadata, document_id=document_id, case_id=case_id)

    def _selected_case(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.table_model.cases[index.row()].id

    def add_case(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("New case"), self.tr("Case name:"))
        if ok and name.strip():
            self.model.run(cases.create_case, name=name)

    def delete_case(self) -> None:
        case_id = self._selected_case()
        if case_id is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete case"),
            self.tr("Delete this case? Its documents stay, without a case. You can undo this."),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.model.run(cases.delete_case, case_id=case_id)

    def add_attribute(self) -> None:
        dialog = AttributeDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.name.text().strip():
            choices = [c.strip() for c in dialog.choices.text().split(",") if c.strip()]
            self.model.run(
                cases.define_attribute,
                name=dialog.name.text(),
                kind=str(dialog.kind.currentData()),
                choices=choices,
            )

    def delete_attribute(self) -> None:
        attribute = self.table_model.attribute(self.table.currentIndex().column())
        if attribute is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete attribute"),
            self.tr("Delete the attribute '{0}' and all its values? You can undo this.").format(
                attribute.name
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.model.run(cases.delete_attribute, attribute_id=attribute.id)

    def import_table(self) -> None:
        from app.gui.cases_import import import_cases_from_file

        import_cases_from_file(self, self.model)
        self.table.resizeColumnsToContents()

    def edit_name(self, row: int) -> None:
        self.table.edit(self.table_model.index(row, NAME_COLUMN))
