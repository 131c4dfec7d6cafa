"""What every analysis view shares: the project, a signal to open a passage, and the choices
(attributes, coders, codes) its controls offer."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.gui.analysis.table_model import PassageList, TableModel
from coding import queries
from coding.analysis.groups import BUILTINS
from coding.errors import TranscodaError
from coding.project import Project

ALL = ""


class AnalysisView(QWidget):
    """A self-contained view on one project; ``refresh()`` recomputes it."""

    # document id, start, end (code points): the main window shows the passage and plays it.
    passageActivated = Signal(int, int, int)
    # coding.changes.Changes of a change made from the view (auto-coding): the window refreshes.
    changesMade = Signal(object)

    title = "Analysis"

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle(self.tr(self.title))

    def refresh(self) -> None:
        raise NotImplementedError

    def guarded(self, action: str, work: Callable[[], object]) -> bool:
        """Run ``work()``; a user error becomes a message, not a crash."""
        try:
            work()
        except TranscodaError as error:
            QMessageBox.warning(self, self.tr(action), str(error))
            return False
        return True

    def open_passage(self, document_id: int, start: int, end: int) -> None:
        self.passageActivated.emit(document_id, start, end)


def dimension_combo(project: Project, parent: QWidget, *, optional: bool = False) -> QComboBox:
    """Case and document attributes first, then the built-in groupings."""
    combo = QComboBox(parent)
    if optional:
        combo.addItem("—", ALL)
    for attribute in queries.attributes(project):
        combo.addItem(attribute.name, attribute.name)
    for name in BUILTINS:
        combo.addItem(parent.tr(name), "@" + name)
    return combo


def coder_combo(project: Project, parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItem(parent.tr("All coders"), ALL)
    for name in queries.coders(project):
        combo.addItem(name, name)
    return combo


def code_combo(project: Project, parent: QWidget, *, everything: str | None = None) -> QComboBox:
    combo = QComboBox(parent)
    if everything is not None:
        combo.addItem(everything, 0)
    for node in queries.codebook(project):
        combo.addItem("    " * node.depth + node.name, node.id)
    return combo


def table_over_passages(
    view: AnalysisView, controls: QHBoxLayout
) -> tuple[TableModel, QTableView, PassageList]:
    """Lay out controls on top, the result table, and the passages of the clicked cell below."""
    model = TableModel(view)
    table = QTableView(view)
    table.setModel(model)
    passages = PassageList(view)
    passages.on_activated = view.open_passage
    split = QSplitter(Qt.Orientation.Vertical, view)
    split.addWidget(table)
    split.addWidget(passages)
    layout = QVBoxLayout(view)
    layout.addLayout(controls)
    layout.addWidget(split)
    return model, table, passages
