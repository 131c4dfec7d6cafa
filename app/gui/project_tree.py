"""The documents of the project, grouped by case or by an attribute, with status and counts."""

from __future__ import annotations

from collections import defaultdict
from functools import partial

from PySide6.QtCore import QCoreApplication, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QInputDialog,
    QMenu,
    QMessageBox,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.gui.deferred import Deferred
from app.gui.icons import status_icon
from app.gui.preferences import Preferences
from app.gui.project_model import ProjectModel
from coding import cases, documents, queries
from coding.changes import Changes
from coding.queries import DocumentSummary

DOCUMENT_ID = Qt.ItemDataRole.UserRole + 1
HAS_MEDIA = Qt.ItemDataRole.UserRole + 2


def status_label(status: str) -> str:
    def tr(text: str) -> str:
        return QCoreApplication.translate("ProjectTree", text)

    labels = {
        "none": tr("no transcript"),
        "transcribing": tr("transcribing"),
        "draft": tr("draft transcript"),
        "checked": tr("checked transcript"),
    }
    return labels.get(status, status)


class ProjectTree(QWidget):
    transcribeRequested = Signal(int)  # document id

    def __init__(
        self, model: ProjectModel, preferences: Preferences, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.preferences = preferences
        self.grouping = QComboBox(self)
        self.grouping.setAccessibleName(self.tr("Group documents by"))
        self.grouping.setToolTip(self.tr("Group documents by"))
        self.items = QStandardItemModel(0, 2, self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("projectTree")
        self.tree.setModel(self.items)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setIndentation(14)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.grouping)
        layout.addWidget(self.tree)

        model.opened.connect(self._opened)
        model.closed.connect(self.refresh)
        model.changed.connect(self._changes)
        model.currentDocumentChanged.connect(self._select)
        self.grouping.activated.connect(self._grouping_chosen)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.activated.connect(self._activated)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.later = Deferred(self.refresh, self)

    # -- grouping --------------------------------------------------------------------------

    def _opened(self) -> None:
        self._fill_groupings()
        self.refresh()

    def _fill_groupings(self) -> None:
        wanted = self.preferences.grouping
        self.grouping.clear()
        self.grouping.addItem(self.tr("Grouped by case"), "case")
        if self.model.project is not None:
            for attribute in queries.attributes(self.model.project):
                self.grouping.addItem(
                    self.tr("Grouped by {0}").format(attribute.name),
                    f"attr:{attribute.target}:{attribute.name}",
                )
        self.grouping.addItem(self.tr("Not grouped"), "none")
        index = self.grouping.findData(wanted)
        self.grouping.setCurrentIndex(max(0, index))

    def _grouping_chosen(self, _index: int) -> None:
        self.preferences.grouping = str(self.grouping.currentData())
        self.refresh()

    def _group_of(self) -> dict[int, str]:
        """Group name per document id for the chosen grouping."""
        project = self.model.project
        assert project is not None
        mode = str(self.grouping.currentData() or "case")
        docs = queries.list_documents(project)
        none = self.tr("(no case)") if mode == "case" else self.tr("(no value)")
        if mode == "none":
            return {doc.id: "" for doc in docs}
        if mode == "case":
            return {doc.id: doc.case_name or none for doc in docs}
        _, target, name = mode.split(":", 2)
        if target == "case":
            values = {case.id: case.values.get(name, "") for case in queries.cases(project)}
            return {
                doc.id: values.get(doc.case_id, "") or none if doc.case_id else none for doc in docs
            }
        return {
            doc.id: queries.document_values(project, doc.id).get(name, "") or none for doc in docs
        }

    # -- content ---------------------------------------------------------------------------

    def refresh(self) -> None:
        self.later.timer.stop()
        project = self.model.project
        collapsed = {
            self.items.item(row).text()
            for row in range(self.items.rowCount())
            if self.items.item(row).hasChildren()
            and not self.tree.isExpanded(self.items.index(row, 0))
        }
        self.items.removeRows(0, self.items.rowCount())
        if project is None:
            return
        summaries = queries.list_documents(project)
        groups_of = self._group_of()
        grouped: dict[str, list[DocumentSummary]] = defaultdict(list)
        for summary in summaries:
            grouped[groups_of.get(summary.id, "")].append(summary)
        bold = QFont(self.font())
        bold.setBold(True)
        for group in sorted(grouped, key=lambda name: (name.startswith("("), name.lower())):
            members = grouped[group]
            parent = self.items.invisibleRootItem()
            if group:
                item = QStandardItem(group)
                item.setFont(bold)
                item.setSelectable(False)
                total = QStandardItem(str(sum(d.codings for d in members)))
                total.setSelectable(False)
                total.setForeground(self.palette().placeholderText())
                parent.appendRow([item, total])
                parent = item
            for summary in members:
                parent.appendRow(self._document_row(summary))
        for row in range(self.items.rowCount()):
            index = self.items.index(row, 0)
            self.tree.setExpanded(index, self.items.item(row).text() not in collapsed)
        self._select(self.model.current_document)

    def _document_row(self, summary: DocumentSummary) -> list[QStandardItem]:
        title = QStandardItem(status_icon(summary.transcript_status), summary.title)
        title.setData(summary.id, DOCUMENT_ID)
        title.setData(summary.has_media, HAS_MEDIA)
        media = self.tr(", with recording") if summary.has_media else ""
        title.setToolTip(
            self.tr("{0}\n{1} · {2}{3}\n{4} characters, {5} codings").format(
                summary.title,
                summary.kind.replace("_", " "),
                status_label(summary.transcript_status),
                media,
                summary.length,
                summary.codings,
            )
        )
        count = QStandardItem(str(summary.codings) if summary.codings else "")
        count.setData(summary.id, DOCUMENT_ID)
        count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return [title, count]

    def _changes(self, changes: Changes) -> None:
        if changes.attributes:
            self._fill_groupings()
        if changes.documents or changes.cases or changes.attributes:
            self.refresh()
        elif changes.codings:
            self.later()  # only counts changed: after the document has repainted

    def _find(self, document_id: int, parent: QModelIndex | None = None) -> QModelIndex:
        parent = parent or QModelIndex()
        for row in range(self.items.rowCount(parent)):
            index = self.items.index(row, 0, parent)
            if index.data(DOCUMENT_ID) == document_id:
                return index
            found = self._find(document_id, index)
            if found.isValid():
                return found
        return QModelIndex()

    def _select(self, document_id: int | None) -> None:
        if document_id is None:
            return
        index = self._find(document_id)
        if index.isValid() and index != self.tree.currentIndex():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def current_document(self) -> int | None:
        value = self.tree.currentIndex().data(DOCUMENT_ID)
        return None if value is None else int(value)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        value = current.data(DOCUMENT_ID)
        if value is not None:
            self.model.set_current_document(int(value))

    def _activated(self, index: QModelIndex) -> None:
        value = index.data(DOCUMENT_ID)
        if value is not None:
            self.model.set_current_document(int(value))

    # -- commands --------------------------------------------------------------------------

    def rename(self, document_id: int) -> None:
        assert self.model.project is not None
        title = next(
            (d.title for d in queries.list_documents(self.model.project) if d.id == document_id), ""
        )
        new, ok = QInputDialog.getText(
            self, self.tr("Rename document"), self.tr("Title:"), text=title
        )
        if ok and new.strip() and new != title:
            self.model.run(documents.rename_document, document_id=document_id, title=new)

    def assign_case(self, document_id: int, case_id: int | None) -> None:
        self.model.run(documents.set_document_metadata, document_id=document_id, case_id=case_id)

    def new_case_for(self, document_id: int) -> None:
        name, ok = QInputDialog.getText(self, self.tr("New case"), self.tr("Case name:"))
        if ok and name.strip():
            created = self.model.run(cases.create_case, name=name)
            if created is not None and created.id is not None:
                self.assign_case(document_id, created.id)

    def delete(self, document_id: int) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Delete document"),
            self.tr(
                "Delete this document with its codings and transcript timings? You can undo this."
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.model.run(documents.delete_document, document_id=document_id)

    def _context_menu(self, position: QPoint) -> None:
        menu = self.context_menu(self.tree.indexAt(position))
        if menu is not None:
            menu.exec(self.tree.viewport().mapToGlobal(position))

    def context_menu(self, index: QModelIndex) -> QMenu | None:
        value = index.data(DOCUMENT_ID)
        if value is None or self.model.project is None:
            return None
        document_id = int(value)
        menu = QMenu(self)
        menu.addAction(self.tr("Open"), lambda: self.model.set_current_document(document_id))
        menu.addAction(self.tr("Rename…"), lambda: self.rename(document_id))
        if index.siblingAtColumn(0).data(HAS_MEDIA):
            menu.addAction(
                self.tr("Transcribe recording…"),
                lambda: self.transcribeRequested.emit(document_id),
            )
        assign = menu.addMenu(self.tr("Assign to case"))
        for case in queries.cases(self.model.project):
            assign.addAction(case.name, partial(self.assign_case, document_id, case.id))
        assign.addSeparator()
        assign.addAction(self.tr("New case…"), lambda: self.new_case_for(document_id))
        assign.addAction(self.tr("No case"), lambda: self.assign_case(document_id, None))
        menu.addSeparator()
        menu.addAction(self.tr("Delete…"), lambda: self.delete(document_id))
        return menu
