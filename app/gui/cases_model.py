"""Cases x attributes as an editable table model; every edit is a domain operation."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.gui.project_model import ProjectModel
from coding import cases, queries
from coding.queries import AttributeView, CaseView

Index = QModelIndex | QPersistentModelIndex
NAME_COLUMN, DOCUMENTS_COLUMN, FIRST_ATTRIBUTE = 0, 1, 2


class CasesTableModel(QAbstractTableModel):
    def __init__(self, model: ProjectModel) -> None:
        super().__init__(model)
        self.model = model
        self.cases: list[CaseView] = []
        self.attributes: list[AttributeView] = []
        model.opened.connect(self.refresh)
        model.closed.connect(self.refresh)
        model.changed.connect(self._changes)
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        project = self.model.project
        self.cases = [] if project is None else queries.cases(project)
        self.attributes = [] if project is None else queries.attributes(project, target="case")
        self.endResetModel()

    def _changes(self, changes: Any) -> None:
        if changes.cases or changes.attributes or changes.documents:
            self.refresh()

    def attribute(self, column: int) -> AttributeView | None:
        index = column - FIRST_ATTRIBUTE
        return self.attributes[index] if 0 <= index < len(self.attributes) else None

    # -- the model interface ---------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cases)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIRST_ATTRIBUTE + len(self.attributes)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == NAME_COLUMN:
                return self.tr("Case")
            if section == DOCUMENTS_COLUMN:
                return self.tr("Documents")
            attribute = self.attribute(section)
            return attribute.name if attribute else None
        if role == Qt.ItemDataRole.ToolTipRole:
            attribute = self.attribute(section)
            if attribute is not None:
                choices = f": {', '.join(attribute.choices)}" if attribute.choices else ""
                return self.tr("{0} attribute{1}").format(attribute.type, choices)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        case = self.cases[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == NAME_COLUMN:
                return case.name
            if column == DOCUMENTS_COLUMN:
                return case.documents if role == Qt.ItemDataRole.DisplayRole else None
            attribute = self.attribute(column)
            return case.values.get(attribute.name, "") if attribute else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == DOCUMENTS_COLUMN:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() != DOCUMENTS_COLUMN:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        case = self.cases[index.row()]
        text = "" if value is None else str(value)
        if index.column() == NAME_COLUMN:
            if text.strip() and text != case.name:
                return self.model.run(cases.rename_case, case_id=case.id, name=text) is not None
            return False
        attribute = self.attribute(index.column())
        if attribute is None or text == case.values.get(attribute.name, ""):
            return False
        done = self.model.run(
            cases.set_case_value, case_id=case.id, attribute_id=attribute.id, value=text
        )
        return done is not None
