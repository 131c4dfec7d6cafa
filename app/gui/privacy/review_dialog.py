"""Reviewing the names pseudonymisation found: accept or reject each, choose pseudonyms, apply.

The dialog shows every finding with its context, the way a researcher reads it: decision,
kind, the words found, the pseudonym they will become, the interview, the sentence around.
Detection loads language models and reads every document, so it runs as a background job
when the app gives the dialog a JobRunner. Every decision goes through the same services as
``transcoda pseudonymise`` and is one undo step.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coding import privacy

COLUMNS = ("Decision", "Kind", "Found", "Pseudonym", "Interview", "Context")
FILTERS = (
    ("pending", "Awaiting review"),
    (None, "All"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
    ("applied", "Applied"),
)


def _detect(reporter: Any, project: Any) -> Any:
    return privacy.detect(project, reporter=reporter)


class ReviewDialog(QDialog):
    def __init__(self, model: Any, runner: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.runner = runner
        self.findings: list[privacy.FindingView] = []
        self.setWindowTitle(self.tr("Pseudonymise names"))
        self.resize(980, 560)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.filter = QComboBox()
        for value, label in FILTERS:
            self.filter.addItem(self.tr(label), value)
        self.filter.currentIndexChanged.connect(self.refresh)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(
            len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch
        )
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(lambda _index: self.rename())

        self.detect_button = self._button(self.tr("Find names"), self.detect)
        buttons = QHBoxLayout()
        buttons.addWidget(self.detect_button)
        buttons.addWidget(self._button(self.tr("Accept"), lambda: self.decide("accepted")))
        buttons.addWidget(self._button(self.tr("Reject"), lambda: self.decide("rejected")))
        buttons.addWidget(self._button(self.tr("Reject this name everywhere"), self.reject_name))
        buttons.addWidget(self._button(self.tr("Accept all awaiting"), self.accept_all))
        buttons.addWidget(self._button(self.tr("Pseudonym…"), self.rename))
        buttons.addStretch(1)
        buttons.addWidget(self._button(self.tr("Apply to project…"), self.apply))
        buttons.addWidget(self._button(self.tr("Close"), self.accept))

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show:")))
        top.addWidget(self.filter)
        top.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        note = QLabel(
            self.tr(
                "Exports with “pseudonymise” replace every name not rejected, in every form. "
                "Applying changes the project's own text (one undo step); the real names stay "
                "in the project's mapping and history and never go into an export."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(buttons)
        self.refresh()

    def _button(self, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        return button

    @property
    def project(self) -> Any:
        return self.model.project

    # -- showing ---------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.project is None:
            return
        status = self.filter.currentData()
        self.findings = privacy.list_findings(self.project, status=status)
        self.table.setRowCount(len(self.findings))
        for row, finding in enumerate(self.findings):
            values = (
                self.tr(finding.status),
                finding.label,
                finding.text,
                finding.pseudonym,
                finding.document,
                finding.context,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, finding.id)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        names = len(privacy.list_entities(self.project))
        self.status.setText(
            self.tr("{0} findings shown; {1} names known to the project.").format(
                len(self.findings), names
            )
        )

    def selected(self) -> list[privacy.FindingView]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.findings[row] for row in rows if row < len(self.findings)]

    # -- actions ---------------------------------------------------------------------------

    def detect(self) -> None:
        if self.project is None:
            return
        if self.runner is None:
            result = self.model.run(privacy.detect)
            self._detected(result)
            return
        self.detect_button.setEnabled(False)
        self.status.setText(self.tr("Looking for names…"))
        job = self.runner.start(self.tr("Finding names"), _detect, self.project)
        job.progressed.connect(lambda _d, _t, message: self.status.setText(message))
        job.succeeded.connect(self._detected)
        job.failed.connect(lambda message: self.status.setText(message))
        job.finished.connect(lambda: self.detect_button.setEnabled(True))

    def _detected(self, result: Any) -> None:
        if result is None:
            return
        changes, summary = result
        if self.runner is not None:
            self.model.publish(changes)
        self.refresh()
        missing = ", ".join(sorted(summary.without_ner))
        if missing:
            self.status.setText(
                self.status.text()
                + " "
                + self.tr("No name recognition for: {0} (listed and known names only).").format(
                    missing
                )
            )

    def decide(self, status: str) -> None:
        ids = [f.id for f in self.selected()]
        if not ids:
            return
        key = "accept" if status == "accepted" else "reject"
        self.model.run(privacy.decide, **{key: ids})
        self.refresh()

    def reject_name(self) -> None:
        ids = sorted({f.entity_id for f in self.selected()})
        if ids:
            self.model.run(privacy.decide, reject_entities=ids)
            self.refresh()

    def accept_all(self) -> None:
        self.model.run(privacy.decide, all_pending="accepted")
        self.refresh()

    def rename(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        finding = chosen[0]
        text, ok = QInputDialog.getText(
            self,
            self.tr("Pseudonym"),
            self.tr("Pseudonym for “{0}” everywhere in the project:").format(finding.name),
            text=finding.pseudonym,
        )
        if ok and text.strip():
            self.model.run(privacy.set_pseudonym, entity_id=finding.entity_id, pseudonym=text)
            self.refresh()

    def apply(self, *, confirm: bool = True) -> None:
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Apply pseudonyms"),
                self.tr(
                    "Replace every accepted name in the project's own texts, titles, speaker "
                    "names and memos? Codings keep their passages; Undo reverses it."
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        result = self.model.run(privacy.apply_to_project)
        if result is not None:
            summary = result[1]
            self.refresh()
            self.status.setText(
                self.tr("Replaced {0} names in {1} interviews.").format(
                    summary.replaced, summary.documents
                )
            )
