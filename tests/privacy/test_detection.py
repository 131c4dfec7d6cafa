"""Finding names: English with spaCy, Russian with natasha, German from known names only."""

from __future__ import annotations

from coding import documents, text_edit
from coding.privacy import Term, add_terms, decide, detect, list_entities, list_findings
from coding.project import Project

EN = "I left Moscow with Ivan Petrov in 2022. Later the Ivanovs stayed in Tbilisi."
RU = "Я уехал из Москвы в Тбилиси вместе с Иваном Петровым. Мы говорили с Ивановым."
DE = "Ich habe Ivan Petrov in Tiflis getroffen. Herr Ivanov war auch da."


def add(project: Project, title: str, text: str, language: str) -> int:
    changes = documents.add_document(project, title=title, text=text, language=language)
    assert changes.id is not None
    return changes.id


def found(project: Project, document_id: int) -> set[tuple[str, str]]:
    return {(f.text, f.label) for f in list_findings(project, document_id=document_id)}


def test_english_and_russian_names_are_found_and_share_pseudonyms(project: Project) -> None:
    en = add(project, "en", EN, "en")
    ru = add(project, "ru", RU, "ru")
    _, summary = detect(project)
    assert summary.without_ner == {}
    assert {("Moscow", "PLACE"), ("Ivan Petrov", "PERSON"), ("Tbilisi", "PLACE")} <= found(
        project, en
    )
    assert {("Москвы", "PLACE"), ("Иваном Петровым", "PERSON"), ("Ивановым", "PERSON")} <= found(
        project, ru
    )
    names = {e.name: e for e in list_entities(project)}
    assert names["Иван Петров"].pseudonym.startswith("[PERSON-")
    assert names["Москва"].label == "PLACE"
    # One pseudonym per name across forms: "Ivanovs" is the entity of "Ivanov".
    pseudonyms = {f.text: f.pseudonym for f in list_findings(project)}
    assert len(set(pseudonyms.values())) == len(names)


def test_german_gets_listed_and_already_known_names_only(project: Project) -> None:
    add(project, "en", EN, "en")
    de = add(project, "de", DE, "de")
    add_terms(project, terms=[Term("Tiflis", "[CITY-2]", "PLACE")])
    _, summary = detect(project)
    assert summary.without_ner == {"de": ["de"]}
    texts = {text for text, _ in found(project, de)}
    # "Ivan Petrov" was recognised in the English interview; "Tiflis" is listed.
    assert {"Ivan Petrov", "Tiflis", "Ivanov"} <= texts
    listed = [f for f in list_findings(project, document_id=de) if f.text == "Tiflis"]
    assert listed[0].status == "accepted" and listed[0].pseudonym == "[CITY-2]"


def test_detecting_again_keeps_decisions_and_drops_edited_findings(project: Project) -> None:
    ru = add(project, "ru", RU, "ru")
    detect(project)
    first = list_findings(project)
    moscow = next(f for f in first if f.text == "Москвы")
    decide(project, reject=[moscow.id])
    _, again = detect(project)
    assert again.new_findings == 0 and again.dropped == 0
    assert next(f for f in list_findings(project) if f.id == moscow.id).status == "rejected"
    # Editing a name's text makes its finding outdated: it goes, and is found anew.
    start = RU.index("Ивановым")
    text_edit.replace_text(
        project, document_id=ru, start=start, end=start + 8, replacement="Сидоровым"
    )
    _, after_edit = detect(project)
    assert after_edit.dropped == 1
    assert "Сидоровым" in {f.text for f in list_findings(project)}


def test_rejecting_a_name_rejects_its_later_findings_too(project: Project) -> None:
    add(project, "en", EN, "en")
    detect(project)
    moscow = next(e for e in list_entities(project) if e.name == "Moscow")
    decide(project, reject_entities=[moscow.id])
    add(project, "en 2", "We met again in Moscow.", "en")
    detect(project)
    statuses = {f.status for f in list_findings(project) if f.name == "Moscow"}
    assert statuses == {"rejected"}


def test_a_document_without_language_is_guessed(project: Project) -> None:
    doc = add(project, "unknown", RU, "")
    detect(project)
    assert ("Москвы", "PLACE") in found(project, doc)
