"""Agreement on a project, checked against the reference implementations on explicit tables."""

from __future__ import annotations

import warnings

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from coding import codebook, codings, documents
from coding.errors import InvalidInput, NotFound
from coding.project import Project
from coding.team.agreement import measure_agreement

TEXT = "😀 Я уехал в 2022. I feared the police.\n\nNow I hope — თბილისი helps. Strach blieb."


def reference(data: np.ndarray) -> tuple[float, float, float]:
    """Percent agreement, Cohen's kappa, alpha of a 2 x units table without missing values."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kappa = cohen_kappa_score(data[0], data[1])
    alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    return float((data[0] == data[1]).mean()), float(kappa), float(alpha)


def code(project: Project, doc: int, code_id: int, coder: str, quote: str) -> tuple[int, int]:
    start = TEXT.index(quote)
    codings.apply_coding(
        project, document_id=doc, code_id=code_id, start=start, end=start + len(quote), coder=coder
    )
    return start, start + len(quote)


@pytest.fixture
def coded(project: Project) -> dict[str, object]:
    doc = documents.add_document(project, title="Интервью", text=TEXT).id
    fear = codebook.create_code(project, name="Fear").id
    hope = codebook.create_code(project, name="Hope").id
    assert doc is not None and fear is not None and hope is not None
    spans = {
        ("A", "fear"): code(project, doc, fear, "A", "I feared the police."),
        ("B", "fear"): code(project, doc, fear, "B", "feared the police"),
        ("A", "hope"): code(project, doc, hope, "A", "Now I hope"),
        ("B", "hope"): code(project, doc, hope, "B", "Now I hope — თბილისი helps."),
    }
    return {"doc": doc, "fear": fear, "hope": hope, "spans": spans}


def char_table(spans: dict[tuple[str, str], tuple[int, int]], code_name: str) -> np.ndarray:
    """Coders x non-whitespace characters: 1 where the coder's coding covers the character."""
    positions = [i for i, ch in enumerate(TEXT) if not ch.isspace()]
    rows = []
    for coder in ("A", "B"):
        start, end = spans[(coder, code_name)]
        rows.append([1 if start <= i < end else 0 for i in positions])
    return np.array(rows)


def test_character_level_figures_match_the_references(
    project: Project, coded: dict[str, object]
) -> None:
    spans = coded["spans"]
    assert isinstance(spans, dict)
    report = measure_agreement(project, coders=["A", "B"], unit="char")
    fear, hope = char_table(spans, "fear"), char_table(spans, "hope")
    pooled = np.hstack([fear, hope])
    for figures, table in (
        (report.codes[0].figures, fear),
        (report.codes[1].figures, hope),
        (report.overall, pooled),
        (report.documents[0].figures, pooled),
    ):
        agreement, kappa, alpha = reference(table)
        assert figures.units == table.shape[1]
        assert figures.percent_agreement == pytest.approx(agreement)
        assert figures.cohen_kappa == pytest.approx(kappa)
        assert figures.krippendorff_alpha == pytest.approx(alpha)
    assert [c.code for c in report.codes] == ["Fear", "Hope"]
    assert report.kappa == "Cohen's kappa"


def test_disagreements_name_the_passage_and_who_coded_it(
    project: Project, coded: dict[str, object]
) -> None:
    report = measure_agreement(project, coders=["A", "B"])
    found = [(d.code, d.text, d.coded_by, d.not_coded_by) for d in report.disagreements]
    assert found == [
        ("Fear", "I", ("A",), ("B",)),
        ("Fear", ".", ("A",), ("B",)),
        ("Hope", "— თბილისი helps.", ("B",), ("A",)),
    ]
    first = report.disagreements[0]
    assert TEXT[first.start : first.end] == "I" and first.document == "Интервью"


def test_sentence_units_count_as_coded_from_a_share(
    project: Project, coded: dict[str, object]
) -> None:
    # Sentences: "😀 Я уехал в 2022." "I feared the police." "Now I hope — თბილისი helps."
    # "Strach blieb." Fear: A covers sentence 2 fully, B 15 of its 17 characters. Hope: A
    # covers 8 of 25 characters of sentence 3, B all of it.
    half = measure_agreement(project, coders=["A", "B"], unit="sentence", min_share=0.5)
    assert half.codes[0].figures.percent_agreement == 1.0
    assert half.codes[1].figures.percent_agreement == pytest.approx(3 / 4)
    assert half.overall.units == 8
    strict = measure_agreement(project, coders=["A", "B"], unit="sentence", min_share=1.0)
    assert strict.codes[0].figures.percent_agreement == pytest.approx(3 / 4)
    low = measure_agreement(project, coders=["A", "B"], unit="sentence", min_share=0.3)
    assert low.codes[1].figures.percent_agreement == 1.0
    unit_table = np.array([[0, 1, 0, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0, 1, 0]])
    agreement, kappa, alpha = reference(unit_table)
    assert half.overall.percent_agreement == pytest.approx(agreement)
    assert half.overall.cohen_kappa == pytest.approx(kappa)
    assert half.overall.krippendorff_alpha == pytest.approx(alpha)
    assert [d.text for d in half.disagreements] == ["Now I hope — თბილისი helps."]


def test_a_coder_who_did_not_code_a_document_counts_as_missing(project: Project) -> None:
    # Both texts have 19 non-whitespace characters; C never coded document Two.
    first = documents.add_document(project, title="One", text="alpha beta gamma delta").id
    second = documents.add_document(project, title="Two", text="epsilon zeta eta theta").id
    fear = codebook.create_code(project, name="Fear").id
    assert first is not None and second is not None and fear is not None
    for doc, coder, end in (
        (first, "A", 5),
        (first, "B", 5),
        (first, "C", 5),
        (second, "A", 5),
        (second, "B", 22),
    ):
        codings.apply_coding(project, document_id=doc, code_id=fear, start=0, end=end, coder=coder)
    # At 20%, 5 of 19 characters count: every value is "coded", so alpha is undefined.
    low = measure_agreement(project, coders=["A", "B", "C"], unit="paragraph", min_share=0.2)
    assert low.overall.units == 2
    assert low.overall.percent_agreement == 1.0
    assert low.overall.krippendorff_alpha is None
    half = measure_agreement(project, coders=["A", "B", "C"], unit="paragraph", min_share=0.5)
    table = np.array([[0, 0], [0, 1], [0, np.nan]])
    expected = krippendorff.alpha(reliability_data=table, level_of_measurement="nominal")
    assert half.overall.krippendorff_alpha == pytest.approx(expected)
    assert half.kappa.startswith("Light's kappa")
    assert [d.document for d in half.documents] == ["One", "Two"]
    assert [(d.document, d.coded_by, d.not_coded_by) for d in half.disagreements] == [
        ("Two", ("B",), ("A",))
    ]


def test_documents_coded_by_one_coder_only_are_skipped(project: Project) -> None:
    fear = codebook.create_code(project, name="Fear").id
    assert fear is not None
    for title, coder in (("Solo A", "A"), ("Solo B", "B")):
        doc = documents.add_document(project, title=title, text="only one coder here").id
        assert doc is not None
        codings.apply_coding(project, document_id=doc, code_id=fear, start=0, end=4, coder=coder)
    report = measure_agreement(project, coders=["A", "B"])
    assert report.skipped_documents == ("Solo A", "Solo B")
    assert report.overall.percent_agreement is None
    assert report.overall.units == 0


def test_wrong_requests_are_explained(project: Project, coded: dict[str, object]) -> None:
    with pytest.raises(InvalidInput, match="two different coders"):
        measure_agreement(project, coders=["A", "A"])
    with pytest.raises(NotFound, match=r"no coder named Z.*coders: A, B"):
        measure_agreement(project, coders=["A", "Z"])
    with pytest.raises(InvalidInput, match="unknown unit"):
        measure_agreement(project, coders=["A", "B"], unit="word")
    with pytest.raises(InvalidInput, match="minimum share"):
        measure_agreement(project, coders=["A", "B"], unit="turn", min_share=0)


def test_identical_coding_of_everything_is_undefined_not_perfect(project: Project) -> None:
    doc = documents.add_document(project, title="Doc", text="all of it").id
    fear = codebook.create_code(project, name="Fear").id
    assert doc is not None and fear is not None
    for coder in ("A", "B"):
        codings.apply_coding(project, document_id=doc, code_id=fear, start=0, end=9, coder=coder)
    report = measure_agreement(project, coders=["A", "B"])
    assert report.overall.percent_agreement == 1.0
    assert report.overall.cohen_kappa is None
    assert report.overall.krippendorff_alpha is None
