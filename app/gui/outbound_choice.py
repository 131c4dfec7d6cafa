"""Asking how a project's words leave it, for every export the window offers.

Export dialogs show ``PseudonymiseBox``; one-click exports (a table's Export… button, a
retrieval, an agreement table) call ``choose_outbound``. Both follow the project setting
"Always pseudonymise exports" (coding.privacy.outbound): with it on, names are replaced unless
the user unticks the box, and the dialog then says that real names will be written.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QLabel, QMessageBox, QVBoxLayout, QWidget

from coding.errors import TranscodaError
from coding.privacy.outbound import Outbound, always_pseudonymise, knows_names, outbound_for
from coding.project import Project


class PseudonymiseBox(QWidget):
    """ "Replace names by their pseudonyms", ticked when the project says always or knows
    names; a warning shows while it is unticked against the project's setting."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.always = always_pseudonymise(project)
        self.knows = knows_names(project)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.box = QCheckBox(self.tr("Replace names by their pseudonyms"), self)
        self.box.setToolTip(
            self.tr(
                "Every name the project knows (listed or found, all but the rejected ones) is "
                "replaced in what is written, in every form; the project itself is not changed."
            )
        )
        self.box.setChecked(self.always or self.knows)
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        layout.addWidget(self.box)
        layout.addWidget(self.warning)
        self.box.toggled.connect(self._update)
        self._update()

    def _update(self) -> None:
        if not self.box.isChecked() and self.always:
            text = self.tr(
                "Real names will be written, although this project says always to pseudonymise "
                "exports."
            )
        elif not self.box.isChecked() and self.knows:
            text = self.tr("Real names will be written.")
        elif self.box.isChecked() and not self.knows:
            text = self.tr("The project knows no names yet: use Pseudonymise names… first.")
        else:
            text = ""
        self.warning.setText(text)
        self.warning.setVisible(bool(text))

    def isChecked(self) -> bool:
        return self.box.isChecked()

    def setChecked(self, checked: bool) -> None:
        self.box.setChecked(checked)


def choose_outbound(parent: QWidget, project: Project) -> Outbound | None:
    """The Outbound for a one-click export; None when the user cancels or it cannot be made."""
    try:
        if always_pseudonymise(project):
            return outbound_for(project, pseudonymise=True)
        if not knows_names(project):
            return outbound_for(project, pseudonymise=False)
        answer = QMessageBox.question(
            parent,
            parent.tr("Export"),
            parent.tr(
                "This project knows names to hide. Replace them by their pseudonyms in the "
                "exported file?"
            ),
            QMessageBox.StandardButton.Yes
            | QMessageBox.StandardButton.No
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Cancel:
            return None
        return outbound_for(project, pseudonymise=answer == QMessageBox.StandardButton.Yes)
    except TranscodaError as error:
        QMessageBox.warning(parent, parent.tr("Export"), str(error))
        return None


def outbound_in_job(project: Project, pseudonymise: bool, **options: Any) -> Outbound:
    """Made on the worker thread that writes the export (one Session per thread)."""
    return outbound_for(project, pseudonymise=pseudonymise, **options)
