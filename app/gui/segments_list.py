"""Coded segments of the chosen code (with its subcodes) or of the open document."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.gui.deferred import Deferred
from app.gui.icons import color_icon
from app.gui.project_model import ProjectModel
from coding import queries
from coding.changes import Changes
from coding.queries import CodingView

MAX_QUOTE = 220
Index = QModelIndex | QPersistentModelIndex


class SegmentsModel(QAbstractTableModel):
    """Rows straight from the frozen ``CodingView`` list: no item objects to build."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.codings: list[CodingView] = []
        self.quotes: list[str] = []
        self.headers = [self.tr("Code"), self.tr("Document"), self.tr("Passage"), self.tr("Coder")]

    def set_codings(self, codings: list[CodingView]) -> None:
        self.beginResetModel()
        self.codings = codings
        self.quotes = []
        for coding in codings:
            quote = " ".join(coding.text.split())
            self.quotes.append(quote[:MAX_QUOTE] + "…" if len(quote) > MAX_QUOTE else quote)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.codings)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        coding = self.codings[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                coding.code_name,
                coding.document_title,
                self.quotes[index.row()],
                coding.coder,
            )[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return color_icon(coding.code_color)
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return coding.text[:1200] + (f"\n\n{coding.memo}" if coding.memo else "")
        return None


class SegmentsList(QWidget):
    def __init__(self, model: ProjectModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.source: tuple[str, int] | None = None  # ("code", id) or ("document", id)
        self.title = QLabel(self)
        self.title.setObjectName("segmentsTitle")
        self.subcodes = QCheckBox(self.tr("Include subcodes"), self)
        self.subcodes.setChecked(True)
        self.rows = SegmentsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("segmentsTable")
        self.table.setModel(self.rows)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 220)
        header.resizeSection(1, 200)
        header.resizeSection(3, 90)
        top = QHBoxLayout()
        top.setContentsMargins(6, 2, 6, 2)
        top.addWidget(self.title, 1)
        top.addWidget(self.subcodes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.later = Deferred(self._refresh_if_shown, self)
        self._stale = False

        model.currentCodeChanged.connect(
            lambda code: self.show_source(("code", code) if code else self.source)
        )
        model.currentDocumentChanged.connect(self._document_chosen)
        model.changed.connect(self._changes)
        model.closed.connect(lambda: self.show_source(None))
        self.subcodes.toggled.connect(lambda _on: self.refresh())
        self.table.activated.connect(self._open)
        self.table.doubleClicked.connect(self._open)
        self.show_source(None)

    def _document_chosen(self, document_id: int | None) -> None:
        # The last thing chosen is listed, except while jumping to a listed segment.
        if not self.model.revealing:
            self.show_source(("document", document_id) if document_id else None)

    def show_source(self, source: tuple[str, int] | None) -> None:
        self.source = source
        self.later()

    def _changes(self, changes: Changes) -> None:
        if changes.codings or changes.codes or changes.documents or changes.transcript:
            self.later()

    def _refresh_if_shown(self) -> None:
        # A hidden list (its dock closed) catches up when it is shown again.
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _codings(self) -> list[CodingView]:
        project = self.model.project
        if project is None or self.source is None:
            return []
        kind, ident = self.source
        if kind == "document":
            return queries.list_codings(project, document_ids=[ident])
        ids = {ident}
        if self.subcodes.isChecked():
            for node in queries.codebook(project):  # parents come before their subcodes
                if node.parent_id in ids:
                    ids.add(node.id)
        return queries.list_codings(project, code_ids=sorted(ids))

    def refresh(self) -> None:
        self._stale = False
        self.later.timer.stop()
        codings = self._codings()
        self.rows.set_codings(codings)
        self.subcodes.setVisible(self.source is not None and self.source[0] == "code")
        if self.source is None or self.model.project is None:
            self.title.setText(self.tr("Choose a code or a document to list its coded segments."))
            return
        kind, ident = self.source
        if kind == "code":
            name = next((n.path for n in queries.codebook(self.model.project) if n.id == ident), "")
            self.title.setText(
                self.tr("<b>{0}</b> — {1} coded segments").format(
                    name.replace("/", " › "), len(codings)
                )
            )
        else:
            title = next(
                (d.title for d in queries.list_documents(self.model.project) if d.id == ident), ""
            )
            self.title.setText(self.tr("<b>{0}</b> — {1} codings").format(title, len(codings)))

    def _open(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self.rows.codings):
            coding = self.rows.codings[index.row()]
            self.model.reveal(coding.document_id, coding.start, coding.end)
