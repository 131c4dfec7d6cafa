from __future__ import annotations

import pytest

from coding.analysis import search
from coding.errors import InvalidInput
from coding.project import Project
from tests.analysis.study import Study


def hits(project: Project, query: str, **options: object) -> list[tuple[str, str]]:
    return [(h.document, h.hit) for h in search(project, query, **options).hits]  # type: ignore[arg-type]


def test_russian_lemma_finds_inflected_forms(project: Project, study: Study) -> None:
    result = search(project, "страх")
    assert [h.hit for h in result.hits] == ["страха", "страхом", "Страх"]
    for hit in result.hits:
        key = "D1" if hit.document == "Interview R1" else "D2"
        # Offsets are code points: Georgian and emoji come before the first hit.
        assert study.texts[key][hit.start : hit.end] == hit.hit
    first = result.hits[0]
    assert first.left.endswith("გამარჯობა 🇬🇪 — мы уехали из-за ")
    assert first.right == ". Полиция проверяла телефоны."
    assert (first.speaker, first.time_ms) == ("Respondent", 1600)
    assert (result.hits[1].speaker, result.hits[1].time_ms) == ("Respondent", 5100)
    assert (result.hits[2].speaker, result.hits[2].time_ms) == (None, None)
    # An inflected query word is lemmatised too.
    assert hits(project, "страхами") == hits(project, "страх")


def test_german_and_english_lemmas(project: Project) -> None:
    assert hits(project, "helfen") == [("Interview R3", "geholfen"), ("Interview R3", "halfen")]
    assert hits(project, "help") == [("Interview A1", "helping"), ("Interview A1", "helped")]
    assert hits(project, "Ängste") == [("Interview R3", "Angst")]


def test_phrases_and_prefixes(project: Project) -> None:
    assert hits(project, '"hat mir geholfen"') == [("Interview R3", "hat mir geholfen")]
    assert hits(project, "«уехать из-за страха»") == [("Interview R1", "уехали из-за страха")]
    assert hits(project, '"mir hat geholfen"') == []
    assert [h for _, h in hits(project, "полиц*")] == ["Полиция", "полиции"]


def test_boolean_operators_within_a_turn(project: Project) -> None:
    assert hits(project, "страх AND полиция") == [
        ("Interview R1", "страха"),
        ("Interview R1", "Полиция"),
        ("Interview R2", "полиции"),
        ("Interview R2", "Страх"),
    ]
    assert hits(project, "страх NOT полиция") == [("Interview R1", "страхом")]
    assert hits(project, "надежда OR (helfen AND angst)") == [
        ("Interview R1", "надежда"),
        ("Interview R3", "geholfen"),
        ("Interview R3", "Angst"),
    ]
    # In both turns, fear and the police are in different sentences.
    assert hits(project, "страх полиция", within="sentence") == []
    assert hits(project, "страх уехать", within="sentence") == [
        ("Interview R1", "уехали"),
        ("Interview R1", "страха"),
    ]
    document = hits(project, "страх AND надежда", within="document")
    assert [h for _, h in document] == ["страха", "страхом", "надежда"]


def test_exact_and_regex_modes(project: Project) -> None:
    assert hits(project, "страх", mode="exact") == [("Interview R2", "Страх")]
    assert hits(project, "страх", mode="exact", case_sensitive=True) == []
    assert [h for _, h in hits(project, r"страх\w*", mode="regex")] == [
        "страха",
        "страхом",
        "Страх",
    ]
    assert hits(project, "გამარჯობა", mode="exact") == [("Interview R1", "გამარჯობა")]
    with pytest.raises(InvalidInput, match="regular expression"):
        search(project, "(unclosed", mode="regex")


def test_filters_and_bad_queries(project: Project, study: Study) -> None:
    only = search(project, "страх", document_ids={study.documents["D2"]})
    assert [h.hit for h in only.hits] == ["Страх"]
    assert [h.hit for h in search(project, "страх", speaker="respondent").hits] == [
        "страха",
        "страхом",
    ]
    for bad in ("", "NOT страх", "(страх", '"страх', "страх AND"):
        with pytest.raises(InvalidInput):
            search(project, bad)
