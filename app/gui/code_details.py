"""The selected code's rules (definition, when to use, when not to use, example).

The codebook dock shows them read-only and compact under the tree; "Edit…" opens a dialog
with one field each, saved through ``coding.codebook.describe_code`` as one undo step.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from coding.queries import CodeNode

FIELDS = ("definition", "when_to_use", "when_not_to_use", "example")


def field_labels(widget: QWidget) -> dict[str, str]:
    return {
        "definition": widget.tr("Definition"),
        "when_to_use": widget.tr("When to use"),
        "when_not_to_use": widget.tr("When not to use"),
        "example": widget.tr("Example"),
    }


class DescriptionDialog(QDialog):
    def __init__(self, node: CodeNode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.node = node
        self.setWindowTitle(self.tr("Describe '{0}'").format(node.name))
        self.editors: dict[str, QPlainTextEdit] = {}
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for field, label in field_labels(self).items():
            editor = QPlainTextEdit(getattr(node, field), self)
            editor.setTabChangesFocus(True)
            editor.setAccessibleName(label)
            editor.setMinimumHeight(64)
            self.editors[field] = editor
            form.addRow(label, editor)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(520, 560)

    def changed_fields(self) -> dict[str, str]:
        return {
            field: editor.toPlainText()
            for field, editor in self.editors.items()
            if editor.toPlainText() != getattr(self.node, field)
        }


class CodeDetails(QWidget):
    saveRequested = Signal(int, dict)  # code id, {field: text} for the fields that changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeDetails")
        self.node: CodeNode | None = None
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.text = QTextBrowser(self)
        self.text.setOpenLinks(False)
        self.text.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.text.setStyleSheet("QTextBrowser { background: transparent; }")
        self.edit = QPushButton(self.tr("Edit description…"), self)
        self.edit.clicked.connect(self.open_editor)
        row = QHBoxLayout()
        row.addWidget(self.heading, 1)
        row.addWidget(self.edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(row)
        layout.addWidget(self.text, 1)
        self.show_code(None)

    def show_code(self, node: CodeNode | None) -> None:
        self.node = node
        self.edit.setVisible(node is not None)
        self.text.setVisible(node is not None)
        if node is None:
            self.heading.setText(self.tr("Select a code to see its definition and rules."))
            return
        self.heading.setText(f"<b>{html.escape(node.path.replace('/', ' › '))}</b>")
        parts = []
        for field, label in field_labels(self).items():
            value = getattr(node, field)
            if value:
                parts.append(
                    f"<p style='margin:0 0 6px 0'><b>{html.escape(label)}.</b> "
                    f"{html.escape(value)}</p>"
                )
        self.text.setHtml("".join(parts) or f"<i>{html.escape(self.tr('No description yet.'))}</i>")

    def open_editor(self) -> None:
        if self.node is None:
            return
        dialog = DescriptionDialog(self.node, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.save(dialog.changed_fields())

    def save(self, fields: dict[str, str]) -> None:
        if self.node is not None and fields:
            self.saveRequested.emit(self.node.id, fields)

    def commit(self) -> None:
        """Nothing is pending: edits are saved when the dialog closes."""
