"""A pop-up list of codes with type-to-filter: the keyboard way to apply any code."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.icons import color_icon
from coding.queries import CodeNode


class CodePicker(QDialog):
    def __init__(self, codes: Sequence[CodeNode], parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("codePicker")
        self.chosen: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Type to filter codes…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(self.tr("Filter codes"))
        layout.addWidget(self.filter)
        self.list = QListWidget(self)
        self.list.setUniformItemSizes(True)
        self.list.setIconSize(QSize(14, 14))
        layout.addWidget(self.list)
        for code in codes:
            item = QListWidgetItem(color_icon(code.color), "    " * code.depth + code.name)
            item.setData(Qt.ItemDataRole.UserRole, code.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, code.path.lower())
            item.setToolTip(code.definition or code.path)
            self.list.addItem(item)
        self.filter.textChanged.connect(self._filter)
        self.filter.returnPressed.connect(self._accept_current)
        self.list.itemActivated.connect(self._accept_item)
        self.filter.installEventFilter(self)
        self.resize(300, 360)
        self._filter("")

    def _filter(self, text: str) -> None:
        needle = text.strip().lower()
        first: QListWidgetItem | None = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            path = str(item.data(Qt.ItemDataRole.UserRole + 1))
            hidden = bool(needle) and needle not in path
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        if first is not None:
            self.list.setCurrentItem(first)

    def eventFilter(self, watched: object, event: object) -> bool:
        # Up and down in the filter field move through the list, as in a completer.
        if (
            watched is self.filter
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key()
            in (
                Qt.Key.Key_Down,
                Qt.Key.Key_Up,
                Qt.Key.Key_PageDown,
                Qt.Key.Key_PageUp,
            )
        ):
            self.list.keyPressEvent(event)
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def _accept_current(self) -> None:
        item = self.list.currentItem()
        if item is not None and not item.isHidden():
            self._accept_item(item)

    def _accept_item(self, item: QListWidgetItem) -> None:
        self.chosen = int(item.data(Qt.ItemDataRole.UserRole))
        self.accept()


def pick_code(codes: Sequence[CodeNode], parent: QWidget, at: QPoint) -> int | None:
    """Show the picker at global position ``at``; the chosen code id or None."""
    if not codes:
        return None
    picker = CodePicker(codes, parent)
    picker.move(at)
    picker.filter.setFocus()
    picker.exec()
    return picker.chosen
