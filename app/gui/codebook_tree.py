"""The codebook as a tree: colours, quick keys, counts; drag codes to re-parent or to code text."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QDragMoveEvent, QDropEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from app.gui.document_view import CODE_MIME, code_from_mime, code_mime
from app.gui.icons import color_icon
from coding.queries import CodeNode

CODE_ID = Qt.ItemDataRole.UserRole + 1
NAME, KEY, COUNT = 0, 1, 2


class CodebookModel(QStandardItemModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels([self.tr("Code"), self.tr("Key"), self.tr("Codings")])
        self.nodes: dict[int, CodeNode] = {}
        self.items: dict[int, QStandardItem] = {}
        self.filling = False

    def fill(self, nodes: Sequence[CodeNode], keys: dict[int, int]) -> None:
        key_of = {code: key for key, code in keys.items()}
        self.filling = True
        try:
            self.removeRows(0, self.rowCount())
            self.nodes = {node.id: node for node in nodes}
            self.items = {}
            for node in nodes:
                name = QStandardItem(color_icon(node.color), node.name)
                name.setData(node.id, CODE_ID)
                name.setToolTip(node.definition or node.path)
                name.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsEditable
                    | Qt.ItemFlag.ItemIsDragEnabled
                    | Qt.ItemFlag.ItemIsDropEnabled
                )
                key = QStandardItem(str(key_of[node.id]) if node.id in key_of else "")
                key.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                key.setToolTip(self.tr("Quick-code key"))
                count = QStandardItem(str(node.codings_with_subcodes))
                count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                count.setToolTip(
                    self.tr("{0} codings with this code, {1} including its subcodes").format(
                        node.codings, node.codings_with_subcodes
                    )
                )
                for item in (key, count):
                    item.setData(node.id, CODE_ID)
                    item.setFlags(
                        Qt.ItemFlag.ItemIsEnabled
                        | Qt.ItemFlag.ItemIsSelectable
                        | Qt.ItemFlag.ItemIsDragEnabled
                        | Qt.ItemFlag.ItemIsDropEnabled
                    )
                parent = self.items.get(node.parent_id) if node.parent_id else None
                (parent or self.invisibleRootItem()).appendRow([name, key, count])
                self.items[node.id] = name
        finally:
            self.filling = False

    def code_id(self, index: QModelIndex | QPersistentModelIndex) -> int | None:
        value = index.data(CODE_ID) if index.isValid() else None
        return None if value is None else int(value)

    def index_of(self, code_id: int) -> QModelIndex:
        item = self.items.get(code_id)
        return QModelIndex() if item is None else item.index()

    # -- drag and drop ---------------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [CODE_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        for index in indexes:
            code_id = self.code_id(index)
            if code_id is not None:
                return code_mime(code_id)
        return QMimeData()

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction


class CodebookView(QTreeView):
    """Dropping a code on a code makes it a subcode; between two codes, a sibling there."""

    moveRequested = Signal(int, object, object)  # code id, new parent id or None, position

    def __init__(self, model: CodebookModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codebookTree")
        self.setModel(model)
        self.codebook = model
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(False)
        self.setIndentation(16)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(KEY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COUNT, QHeaderView.ResizeMode.ResizeToContents)

    def current_code(self) -> int | None:
        return self.codebook.code_id(self.currentIndex())

    def select_code(self, code_id: int | None) -> None:
        index = QModelIndex() if code_id is None else self.codebook.index_of(code_id)
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if code_from_mime(event.mimeData()) is None:
            event.ignore()
            return
        super().dragMoveEvent(event)
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()

    def drop_target(self, code_id: int, point: QPoint) -> tuple[int | None, int | None] | None:
        """(new parent, position among its children) for a drop at ``point``; None: no move."""
        index = self.indexAt(point)
        if not index.isValid():
            return None, None  # empty space: last at the top level
        index = index.siblingAtColumn(NAME)
        target = self.codebook.code_id(index)
        if target is None or target == code_id:
            return None
        rect = self.visualRect(index)
        offset = point.y() - rect.top()
        edge = max(3, rect.height() // 4)
        if edge <= offset <= rect.height() - edge:
            return target, None  # onto the code: last among its subcodes
        parent_index = index.parent()
        parent_id = self.codebook.code_id(parent_index) if parent_index.isValid() else None
        row = index.row() + (0 if offset < edge else 1)
        dragged = self.codebook.index_of(code_id)
        if dragged.isValid() and dragged.parent() == parent_index and dragged.row() < row:
            row -= 1  # the moving code leaves its old place among these siblings
        return parent_id, row

    def dropEvent(self, event: QDropEvent) -> None:
        code_id = code_from_mime(event.mimeData())
        if code_id is None:
            event.ignore()
            return
        # Copy, not Move: the view must not delete the source row; the refresh redraws.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.setState(QAbstractItemView.State.NoState)
        self.viewport().update()
        target = self.drop_target(code_id, event.position().toPoint())
        if target is not None:
            self.moveRequested.emit(code_id, target[0], target[1])
