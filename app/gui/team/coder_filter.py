"""Which coders' codings are shown: a checkable list with each coder's counts.

The filter only says which coders are visible (``visibleCodersChanged``); views ask the
queries for those coders (``queries.list_codings(coders=...)``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from coding.project import Project
from coding.team.coders import coder_summaries, current_coder


class CoderFilter(QWidget):
    visibleCodersChanged = Signal(object)  # list[str]

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Coders shown"))
        self.you = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Show the codings of:"), self))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.you)
        self.list.itemChanged.connect(lambda _item: self.visibleCodersChanged.emit(self.visible()))
        self.refresh()

    def refresh(self) -> None:
        hidden = set(self.hidden())
        self.list.blockSignals(True)
        self.list.clear()
        for summary in coder_summaries(self.project):
            text = self.tr("{name} — {codings} codings in {documents} documents").format(
                name=summary.name, codings=summary.codings, documents=summary.documents
            )
            entry = QListWidgetItem(text, self.list)
            entry.setData(Qt.ItemDataRole.UserRole, summary.name)
            swatch = QPixmap(12, 12)
            swatch.fill(QColor(summary.color))
            entry.setIcon(swatch)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            shown = summary.name not in hidden
            entry.setCheckState(Qt.CheckState.Checked if shown else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self.you.setText(self.tr("You code as: ") + (self.project.coder or current_coder()))

    def _names(self, state: Qt.CheckState) -> list[str]:
        return [
            str(self.list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.list.count())
            if self.list.item(i).checkState() == state
        ]

    def visible(self) -> list[str]:
        return self._names(Qt.CheckState.Checked)

    def hidden(self) -> list[str]:
        return self._names(Qt.CheckState.Unchecked)

    def set_visible(self, names: list[str]) -> None:
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            entry = self.list.item(i)
            shown = entry.data(Qt.ItemDataRole.UserRole) in names
            entry.setCheckState(Qt.CheckState.Checked if shown else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self.visibleCodersChanged.emit(self.visible())
