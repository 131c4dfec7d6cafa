"""The codebook dock: the tree, the selected code's description, and the codebook commands."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QStandardItem
from PySide6.QtWidgets import (
    QColorDialog,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.gui.code_details import CodeDetails
from app.gui.code_picker import pick_code
from app.gui.codebook_tree import CODE_ID, NAME, CodebookModel, CodebookView
from app.gui.deferred import Deferred
from app.gui.project_model import ProjectModel
from app.gui.quick_codes import KEYS, QuickCodes
from coding import codebook, codebook_io, queries
from coding.changes import Changes


class CodebookPanel(QWidget):
    applyRequested = Signal(int)  # Enter on a code: apply it to the selected passage

    def __init__(
        self, model: ProjectModel, quick: QuickCodes, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.quick = quick
        self.codes = CodebookModel(self)
        self.tree = CodebookView(self.codes, self)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter codes"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(self.tr("Filter codes"))
        self.details = CodeDetails(self)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        top = QWidget(splitter)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(2)
        top_layout.addWidget(self.filter)
        top_layout.addWidget(self.tree)
        splitter.addWidget(top)
        splitter.addWidget(self.details)
        splitter.setCollapsible(0, False)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        model.opened.connect(self.refresh)
        model.closed.connect(self.refresh)
        model.changed.connect(self._changes)
        model.currentCodeChanged.connect(self._code_chosen)
        quick.changed.connect(self.refresh)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.moveRequested.connect(self.move_code)
        self.tree.doubleClicked.connect(lambda index: self._apply_index(index))
        self.tree.installEventFilter(self)
        self.codes.itemChanged.connect(self._renamed)
        self.details.saveRequested.connect(self._describe)
        self.filter.textChanged.connect(self._filter)
        self.later = Deferred(self.refresh, self)

    # -- refresh ---------------------------------------------------------------------------

    def refresh(self) -> None:
        self.later.timer.stop()
        project = self.model.project
        expanded = {
            code_id
            for code_id, item in self.codes.items.items()
            if self.tree.isExpanded(item.index())
        }
        first_fill = not self.codes.items
        current = self.tree.current_code()
        nodes = [] if project is None else queries.codebook(project)
        self.codes.fill(nodes, self.quick.keys)
        for code_id, item in self.codes.items.items():
            if first_fill or code_id in expanded:
                self.tree.setExpanded(item.index(), True)
        self.tree.select_code(current)
        if self.filter.text():
            self._filter(self.filter.text())
        self.details.show_code(self.codes.nodes.get(current) if current else None)

    def _changes(self, changes: Changes) -> None:
        if changes.codes:
            self.refresh()
            if changes.id in self.codes.nodes and changes.description.startswith("Create code"):
                self.tree.select_code(changes.id)  # a new code is ready for its description
        elif changes.codings:
            self.later()  # only the counts changed: after the document has repainted

    def _filter(self, text: str) -> None:
        needle = text.strip().lower()

        def walk(parent: QModelIndex) -> bool:
            any_visible = False
            for row in range(self.codes.rowCount(parent)):
                index = self.codes.index(row, NAME, parent)
                code_id = self.codes.code_id(index)
                node = self.codes.nodes.get(code_id) if code_id else None
                child_visible = walk(index)
                visible = (
                    not needle
                    or child_visible
                    or (node is not None and needle in node.name.lower())
                )
                self.tree.setRowHidden(row, parent, not visible)
                any_visible = any_visible or visible
            return any_visible

        walk(QModelIndex())
        if needle:
            self.tree.expandAll()

    # -- selection -------------------------------------------------------------------------

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.details.commit()
        code_id = self.codes.code_id(current)
        self.details.show_code(self.codes.nodes.get(code_id) if code_id else None)
        self.model.set_current_code(code_id)

    def _code_chosen(self, code_id: int | None) -> None:
        if code_id != self.tree.current_code():
            self.tree.select_code(code_id)

    def eventFilter(self, watched: object, event: object) -> bool:
        if (
            watched is self.tree
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
        ):
            if (
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and self.tree.state() != self.tree.State.EditingState
            ):
                self._apply_index(self.tree.currentIndex())
                return True
            if event.key() == Qt.Key.Key_Delete:
                self.delete()
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def _apply_index(self, index: QModelIndex) -> None:
        code_id = self.codes.code_id(index)
        if code_id is not None:
            self.applyRequested.emit(code_id)

    # -- commands --------------------------------------------------------------------------

    def new_code(self, *, subcode: bool = False) -> None:
        if self.model.project is None:
            return
        parent = self.tree.current_code() if subcode else None
        if subcode and parent is None:
            self.model.message.emit(self.tr("Select the code that gets the subcode first."))
            return
        title = self.tr("New subcode") if subcode else self.tr("New code")
        name, ok = QInputDialog.getText(self, title, self.tr("Name:"))
        if ok and name.strip():
            self.model.run(codebook.create_code, name=name, parent_id=parent)

    def rename(self) -> None:
        index = self.tree.currentIndex().siblingAtColumn(NAME)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.edit(index)

    def _renamed(self, item: QStandardItem) -> None:
        if self.codes.filling or item.column() != NAME:
            return
        code_id = item.data(CODE_ID)
        node = self.codes.nodes.get(int(code_id)) if code_id is not None else None
        if node is not None and item.text().strip() and item.text() != node.name:
            if self.model.run(codebook.rename_code, code_id=node.id, name=item.text()) is None:
                self.refresh()
        elif node is not None and item.text() != node.name:
            self.refresh()

    def recolor(self) -> None:
        code_id = self.tree.current_code()
        node = self.codes.nodes.get(code_id) if code_id else None
        if node is None:
            return
        color = QColorDialog.getColor(
            QColor(node.color), self, self.tr("Colour of '{0}'").format(node.name)
        )
        if color.isValid():
            self.model.run(codebook.recolor_code, code_id=node.id, color=color.name().upper())

    def _describe(self, code_id: int, fields: dict[str, str]) -> None:
        self.model.run(codebook.describe_code, code_id=code_id, **fields)

    def move_code(self, code_id: int, parent_id: int | None, position: int | None) -> None:
        self.model.run(codebook.move_code, code_id=code_id, parent_id=parent_id, position=position)

    def merge(self) -> None:
        code_id = self.tree.current_code()
        node = self.codes.nodes.get(code_id) if code_id else None
        if node is None or self.model.project is None:
            return
        others = [n for n in queries.codebook(self.model.project) if n.id != node.id]
        self.model.message.emit(self.tr("Merge '{0}' into which code?").format(node.name))
        target = pick_code(
            others,
            self,
            self.tree.viewport().mapToGlobal(
                self.tree.visualRect(self.tree.currentIndex()).bottomLeft()
            ),
        )
        if target is None:
            return
        target_name = self.codes.nodes[target].name
        answer = QMessageBox.question(
            self,
            self.tr("Merge codes"),
            self.tr(
                "Merge '{0}' into '{1}'? Its {2} codings and its subcodes move to '{1}', "
                "and '{0}' is removed. You can undo this."
            ).format(node.name, target_name, node.codings),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.model.run(codebook.merge_codes, source_id=node.id, target_id=target)

    def delete(self) -> None:
        code_id = self.tree.current_code()
        node = self.codes.nodes.get(code_id) if code_id else None
        if node is None or self.model.project is None:
            return
        impact = codebook.delete_impact(self.model.project, code_id=node.id)
        answer = QMessageBox.question(
            self,
            self.tr("Delete code"),
            self.tr("Delete '{0}' with {1} subcodes and {2} codings? You can undo this.").format(
                node.name, impact.subcodes, impact.codings
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.model.run(codebook.delete_code, code_id=node.id)

    def load_starter(self) -> None:
        changes = self.model.run(codebook_io.import_starter)
        if changes is not None:
            self.model.message.emit(changes.description or self.tr("Starter codebook loaded"))

    def assign_key(self, key: int) -> None:
        code_id = self.tree.current_code()
        if code_id is not None:
            self.quick.assign(key, code_id)

    # -- context menu ----------------------------------------------------------------------

    def _context_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        has_code = self.tree.indexAt(position).isValid()
        menu.addAction(self.tr("New code…"), self.new_code)
        if has_code:
            menu.addAction(self.tr("New subcode…"), lambda: self.new_code(subcode=True))
            menu.addSeparator()
            menu.addAction(
                self.tr("Apply to selection"), lambda: self._apply_index(self.tree.currentIndex())
            )
            keys = menu.addMenu(self.tr("Quick-code key"))
            current = self.tree.current_code()
            for key in KEYS:
                action = keys.addAction(str(key), partial(self.assign_key, key))
                action.setCheckable(True)
                action.setChecked(self.quick.code_for(key) == current)
            keys.addSeparator()
            keys.addAction(self.tr("No key"), lambda: self._unassign(current))
            menu.addSeparator()
            menu.addAction(self.tr("Rename"), self.rename)
            menu.addAction(self.tr("Colour…"), self.recolor)
            menu.addAction(self.tr("Merge into…"), self.merge)
            menu.addAction(self.tr("Delete…"), self.delete)
        menu.addSeparator()
        menu.addAction(self.tr("Expand all"), self.tree.expandAll)
        menu.addAction(self.tr("Collapse all"), self.tree.collapseAll)
        menu.exec(self.tree.viewport().mapToGlobal(position))

    def _unassign(self, code_id: int | None) -> None:
        key = self.quick.key_for(code_id) if code_id is not None else None
        if key is not None:
            self.quick.assign(key, None)
