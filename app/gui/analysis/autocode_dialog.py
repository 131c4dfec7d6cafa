"""Auto-coding with a preview: what would be coded is listed first, each passage can be left
out, and applying is one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.analysis.base import code_combo
from coding import lookup
from coding.analysis import AutocodePlan, apply_plan, plan_from_search, plan_from_speaker
from coding.changes import Changes
from coding.errors import TranscodaError
from coding.project import Project

SCOPES = (("hit", "The hit"), ("sentence", "Its sentence"), ("turn", "Its speaker turn"))


class AutocodeDialog(QDialog):
    applied = Signal(object)  # Changes

    def __init__(
        self,
        project: Project,
        parent: QWidget | None = None,
        *,
        query: str = "",
        mode: str = "lemma",
        within: str = "turn",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Auto-code"))
        self.project = project
        self.mode = mode
        self.within = within
        self.plan: AutocodePlan | None = None
        self.source = QComboBox(self)
        self.source.addItem(self.tr("Search hits"), "search")
        self.source.addItem(self.tr("Every turn of a speaker"), "speaker")
        self.query = QLineEdit(query, self)
        self.scope = QComboBox(self)
        for key, label in SCOPES:
            self.scope.addItem(self.tr(label), key)
        self.speaker = QLineEdit(self)
        self.code = code_combo(project, self)
        self.coder = QLineEdit(lookup.default_coder_name(), self)
        form = QFormLayout()
        form.addRow(self.tr("Code from:"), self.source)
        form.addRow(self.tr("Search:"), self.query)
        form.addRow(self.tr("Code:"), self.scope)
        form.addRow(self.tr("Speaker:"), self.speaker)
        form.addRow(self.tr("With code:"), self.code)
        form.addRow(self.tr("Coder:"), self.coder)
        preview = QPushButton(self.tr("Preview"), self)
        preview.clicked.connect(self.preview)
        self.summary = QLabel(self)
        self.items = QTableWidget(0, 2, self)
        self.items.setHorizontalHeaderLabels([self.tr("Document"), self.tr("Passage")])
        self.items.horizontalHeader().setStretchLastSection(True)
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(preview)
        layout.addWidget(self.summary)
        layout.addWidget(self.items)
        layout.addWidget(self.buttons)
        self.source.currentIndexChanged.connect(self._source_changed)
        self._source_changed()

    def _source_changed(self) -> None:
        by_search = self.source.currentData() == "search"
        self.query.setEnabled(by_search)
        self.scope.setEnabled(by_search)
        self.speaker.setEnabled(not by_search)

    def preview(self) -> None:
        try:
            if self.source.currentData() == "search":
                self.plan = plan_from_search(
                    self.project,
                    code=int(self.code.currentData()),
                    query=self.query.text(),
                    mode=self.mode,
                    within=self.within,
                    scope=self.scope.currentData(),
                    coder=self.coder.text(),
                )
            else:
                self.plan = plan_from_speaker(
                    self.project,
                    code=int(self.code.currentData()),
                    speaker=self.speaker.text(),
                    coder=self.coder.text(),
                )
        except TranscodaError as error:
            self.plan = None
            self.summary.setText(str(error))
            self.items.setRowCount(0)
            return
        self._show(self.plan)

    def _show(self, plan: AutocodePlan) -> None:
        self.items.setRowCount(len(plan.items))
        for row, item in enumerate(plan.items):
            document = QTableWidgetItem(item.document)
            if item.exists:
                document.setFlags(document.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                document.setCheckState(Qt.CheckState.Unchecked)
            else:
                document.setFlags(document.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                document.setCheckState(Qt.CheckState.Checked)
            self.items.setItem(row, 0, document)
            self.items.setItem(row, 1, QTableWidgetItem(" ".join(item.text.split())))
        self.summary.setText(
            self.tr("{0} passages to code with '{1}' ({2} already coded)").format(
                len(plan.new), plan.code, len(plan.items) - len(plan.new)
            )
        )

    def chosen(self) -> set[int]:
        chosen = set()
        for row in range(self.items.rowCount()):
            item = self.items.item(row, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                chosen.add(row)
        return chosen

    def apply(self) -> None:
        if self.plan is None:
            self.preview()
        if self.plan is None:
            return
        try:
            changes: Changes = apply_plan(self.project, self.plan, chosen=self.chosen())
        except TranscodaError as error:
            self.summary.setText(str(error))
            return
        self.applied.emit(changes)
        self.accept()
