"""Applying pseudonyms to the project: codings keep their words, one undo restores all."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from coding import codebook, codings, documents, history
from coding.privacy import (
    Term,
    add_terms,
    apply_to_project,
    decide,
    detect,
    list_findings,
    set_pseudonym,
)
from coding.project import Project
from models.entities import Coding, Document, Speaker, TranscriptSegment
from models.transcript_layout import TimedText, lay_out
from tests.privacy.helpers import content

TEXT = "😀 Я уехал из Москвы. Иванов помог мне, и Ивановым я благодарен. Страх остался."


def coded_project(project: Project) -> tuple[int, int]:
    changes = documents.add_document(project, title="Интервью с Ивановым", text=TEXT, language="ru")
    assert changes.id is not None
    code = codebook.create_code(project, name="Fear").id
    assert code is not None
    start = TEXT.index("Иванов помог")
    end = TEXT.index("благодарен") + len("благодарен")
    codings.apply_coding(project, document_id=changes.id, code_id=code, start=start, end=end)
    fear = TEXT.index("Страх")
    codings.apply_coding(project, document_id=changes.id, code_id=code, start=fear, end=fear + 5)
    return changes.id, code


def texts_of_codings(project: Project) -> list[str]:
    with project.reading() as session:
        rows = session.execute(
            select(Document.text, Coding.start, Coding.end).join(Coding).order_by(Coding.start)
        )
        return [text[start:end] for text, start, end in rows]


def test_apply_replaces_accepted_names_keeps_codings_and_undoes(project: Project) -> None:
    doc, _ = coded_project(project)
    add_terms(project, terms=[Term("Иванов", "Участник Б", "PERSON")])
    detect(project)
    moscow = next(f for f in list_findings(project) if f.text == "Москвы")
    decide(project, accept=[moscow.id])
    before = content(project.path)
    _, summary = apply_to_project(project)
    assert summary.replaced == 3 and summary.stale == 0
    with project.reading() as session:
        document = session.get(Document, doc)
        assert document is not None
        assert "Иванов" not in document.text and "Москв" not in document.text
        assert document.title == "Интервью с Участник Б"
    moscow_pseudonym = moscow.pseudonym
    assert texts_of_codings(project) == ["Участник Б помог мне, и Участник Б я благодарен", "Страх"]
    assert TEXT.replace("Москвы", moscow_pseudonym).startswith("😀 Я уехал из [PLACE-")
    applied = list_findings(project, status="applied")
    assert {f.text for f in applied} == {"Участник Б", moscow_pseudonym}
    history.undo(project)
    assert content(project.path) == before


def test_pending_and_rejected_findings_are_not_applied(project: Project) -> None:
    coded_project(project)
    detect(project)
    findings = list_findings(project)
    assert findings and {f.status for f in findings} == {"pending"}
    decide(project, reject=[findings[0].id])
    _, summary = apply_to_project(project)
    assert summary.replaced == 0
    assert summary.pending == len(findings) - 1
    assert texts_of_codings(project)[0].startswith("Иванов помог")


def test_transcript_segments_and_speaker_names_follow(project: Project) -> None:
    laid = lay_out(
        [
            TimedText(0, 4000, "Иван Петров", "Я жил в Москве."),
            TimedText(4000, 9000, "Interviewer", "А потом?"),
        ]
    )
    changes = documents.add_document(
        project, title="t", text=laid.text, language="ru", segments=laid.segments
    )
    add_terms(project, terms=[Term("Москва", "", "PLACE"), Term("Иван Петров", "Р1", "PERSON")])
    detect(project)
    apply_to_project(project)
    with project.reading() as session:
        document = session.get(Document, changes.id)
        assert document is not None
        segments = session.scalars(
            select(TranscriptSegment).order_by(TranscriptSegment.start_ms)
        ).all()
        spoken = [document.text[s.char_start : s.char_end] for s in segments]
        speakers = set(session.scalars(select(Speaker.name)))
        text = document.text
    assert spoken[0].endswith("Я жил в [PLACE-1].")
    assert "Москв" not in text and "Петров" not in text
    assert "Иван Петров" not in speakers


def test_a_chosen_pseudonym_is_used_everywhere(project: Project, tmp_path: Path) -> None:
    coded_project(project)
    detect(project)
    first = list_findings(project)[0]
    set_pseudonym(project, entity_id=first.entity_id, pseudonym="Город Н.")
    decide(project, accept_entities=[first.entity_id])
    apply_to_project(project)
    assert {f.text for f in list_findings(project, status="applied")} == {"Город Н."}


def test_deleting_a_document_and_undoing_brings_its_findings_back(project: Project) -> None:
    doc, _ = coded_project(project)
    detect(project)
    found = {f.id for f in list_findings(project)}
    assert found
    documents.delete_document(project, document_id=doc)
    assert list_findings(project) == []
    history.undo(project)
    assert {f.id for f in list_findings(project)} == found
