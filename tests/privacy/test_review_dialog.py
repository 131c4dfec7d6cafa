"""The review dialog: find, accept, reject, rename and apply, over the same services."""

from __future__ import annotations

from typing import Any

from app.gui.privacy.review_dialog import ReviewDialog
from app.gui.project_model import ProjectModel
from coding import documents
from coding.privacy import Term, add_terms, list_findings
from coding.project import Project
from models.entities import Document

TEXT = "Я уехал из Москвы в Тбилиси вместе с Иваном Петровым. Петров остался в Москве."


def test_review_and_apply(qtbot: Any, project: Project) -> None:
    doc = documents.add_document(project, title="Интервью", text=TEXT, language="ru").id
    add_terms(project, terms=[Term("Тбилиси", "[CITY-2]", "PLACE")])
    model = ProjectModel()
    model.adopt(project)
    dialog = ReviewDialog(model)
    qtbot.addWidget(dialog)
    dialog.detect()
    assert dialog.table.rowCount() >= 3  # pending only: Тбилиси is listed, so accepted
    texts = [dialog.table.item(row, 2).text() for row in range(dialog.table.rowCount())]
    moscow = texts.index("Москвы")
    dialog.table.selectRow(moscow)
    dialog.decide("accepted")
    assert "Москвы" not in [f.text for f in dialog.findings]
    dialog.filter.setCurrentIndex(1)  # all
    statuses = {f.text: f.status for f in dialog.findings}
    assert statuses["Москвы"] == "accepted" and statuses["Тбилиси"] == "accepted"
    dialog.apply(confirm=False)
    with project.reading() as session:
        document = session.get(Document, doc)
        assert document is not None
        assert "Москвы" not in document.text and "[CITY-2]" in document.text
        assert "Москве" in document.text  # another finding of Moscow, not yet accepted
    assert {f.status for f in list_findings(project) if f.text == "[CITY-2]"} == {"applied"}
