"""Selecting coded segments: filters, the facts each segment carries, and name errors."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from coding import cases, codings, documents
from coding.errors import InvalidInput, NotFound
from coding.reports import SegmentFilter, describe_selection, parse_condition, select_segments
from tests.reports.conftest import FAMILY, FLAG, Study


def keys(study: Study, flt: SegmentFilter | None = None) -> list[str]:
    names = {coding_id: key for key, coding_id in study.quotes.items()}
    return [names[segment.coding_id] for segment in select_segments(study.project, flt)]


def test_all_segments_come_by_code_in_codebook_order_then_as_read(study: Study) -> None:
    assert keys(study) == [
        "stamp",
        "left",
        "parents",
        "knock",
        "hope_r01",
        "changes",
        "bread",
        "cafe",
    ]


def test_quotes_are_cut_at_code_points_after_astral_characters(study: Study) -> None:
    by_id = {segment.coding_id: segment for segment in select_segments(study.project)}
    assert FLAG in study.texts["Interview A-01"] and FAMILY in study.texts["Interview R-02"]
    assert by_id[study.quotes["left"]].text == "we left in March"
    assert by_id[study.quotes["knock"]].text == "afraid of the knock"
    assert by_id[study.quotes["hope_r01"]].text == "hope to go back one day ✨"
    assert by_id[study.quotes["bread"]].text == "they brought bread every day"
    assert by_id[study.quotes["parents"]].text == "Мне страшно за родителей"
    assert by_id[study.quotes["cafe"]].text == "the café was full of émigrés"
    for segment in by_id.values():
        text = study.texts[segment.document_title]
        assert segment.text == text[segment.start : segment.end]


def test_segment_carries_code_case_speaker_time_coder_and_memo(study: Study) -> None:
    (knock,) = [s for s in select_segments(study.project) if s.coding_id == study.quotes["knock"]]
    assert knock.code_name == "Fear of repression"
    assert knock.code_path == "Emotions/Fear/Fear of repression"
    assert knock.code_depth == 2
    assert knock.code_definition == "Fear of persecution reaching across borders."
    assert knock.document_title == "Interview R-01"
    assert knock.case_name == "R-01"
    assert knock.case_values == {"origin": "Russia", "host": "Georgia", "year left": "2022"}
    assert list(knock.case_values) == ["origin", "host", "year left"]
    # The second piece of Nino's turn starts at 9 s: the time of the piece, not of the turn.
    assert (knock.speaker, knock.start_ms) == ("Nino", 9000)
    assert knock.coder == "anna"
    assert knock.memo == "Classic image of 1937; compare with R-02."


def test_quote_starting_in_a_turn_prefix_belongs_to_that_turn(study: Study) -> None:
    (stamp,) = [s for s in select_segments(study.project) if s.coding_id == study.quotes["stamp"]]
    assert stamp.text.startswith("[01:02:05] Nino: ")
    assert (stamp.speaker, stamp.start_ms) == ("Nino", 3725000)


def test_documents_without_transcript_or_case_leave_those_empty(study: Study) -> None:
    (cafe,) = [s for s in select_segments(study.project) if s.coding_id == study.quotes["cafe"]]
    assert (cafe.speaker, cafe.start_ms, cafe.case_name, cafe.case_values) == (None, None, None, {})


def test_code_filter_with_and_without_subcodes(study: Study) -> None:
    assert keys(study, SegmentFilter(codes=["Fear"])) == ["left", "parents", "knock"]
    assert keys(study, SegmentFilter(codes=["Fear"], include_subcodes=False)) == ["left", "parents"]
    assert keys(study, SegmentFilter(codes=["Emotions"], include_subcodes=False)) == ["stamp"]
    assert keys(study, SegmentFilter(codes=[study.codes["Hope"], "Social capital/Bonding"])) == [
        "hope_r01",
        "changes",
        "bread",
        "cafe",
    ]
    assert keys(study, SegmentFilter(codes=["fear of REPRESSION"])) == ["knock"]


def test_document_case_and_coder_filters(study: Study) -> None:
    assert keys(study, SegmentFilter(documents=["Interview R-02"])) == ["parents", "changes"]
    assert keys(study, SegmentFilter(documents=[study.docs["Field notes"]])) == ["cafe"]
    assert keys(study, SegmentFilter(cases=["A-01", "r-02"])) == ["parents", "changes", "bread"]
    assert keys(study, SegmentFilter(coders=["boris"])) == ["left", "parents", "cafe"]
    assert keys(
        study, SegmentFilter(codes=["Emotions"], coders=["boris"], documents=["Interview R-01"])
    ) == ["left"]


def test_attribute_conditions_and_across_attributes_or_within_one(study: Study) -> None:
    russia = [("origin", "Russia")]
    assert keys(study, SegmentFilter(where=russia)) == [
        "stamp",
        "left",
        "parents",
        "knock",
        "hope_r01",
        "changes",
    ]
    assert keys(study, SegmentFilter(where=[*russia, ("host", "Georgia")])) == [
        "stamp",
        "left",
        "knock",
        "hope_r01",
    ]
    assert keys(study, SegmentFilter(where=[("host", "Georgia")])) == [
        "stamp",
        "left",
        "knock",
        "hope_r01",
        "bread",
    ]
    either = SegmentFilter(where=[*russia, ("host", "Georgia"), ("host", "Germany")])
    assert keys(study, either) == ["stamp", "left", "parents", "knock", "hope_r01", "changes"]
    assert keys(study, SegmentFilter(where=[("ORIGIN", "russia"), ("year left", "2023.0")])) == [
        "parents",
        "changes",
    ]
    # A case filter and a condition must both hold.
    assert keys(study, SegmentFilter(cases=["A-01"], where=russia)) == []


def test_conditions_met_by_no_coded_case_select_nothing(study: Study) -> None:
    assert keys(study, SegmentFilter(where=[("host", "Kazakhstan")])) == []
    assert keys(study, SegmentFilter(where=[("origin", "Azerbaijan"), ("host", "Germany")])) == []


@pytest.mark.parametrize(
    ("flt", "error", "words"),
    [
        (
            SegmentFilter(codes=["Fer"]),
            NotFound,
            ["'Fer'", "did you mean 'Fear'", "'Emotions/Hope'"],
        ),
        (SegmentFilter(codes=[999]), NotFound, ["no code with id 999"]),
        (SegmentFilter(documents=["Interview 9"]), NotFound, ["'Interview R-01'", "'Field notes'"]),
        (SegmentFilter(cases=["X-01"]), NotFound, ["no case 'X-01'", "'R-01'", "'K-01'"]),
        (SegmentFilter(coders=["carla"]), NotFound, ["no coder 'carla'", "'anna'", "'boris'"]),
        (SegmentFilter(where=[("religion", "x")]), NotFound, ["'origin'", "'year left'"]),
        (
            SegmentFilter(where=[("origin", "Rusia")]),
            InvalidInput,
            ["Rusia", "'Azerbaijan'", "'Russia'"],
        ),
        (SegmentFilter(where=[("host", "France")]), InvalidInput, ["Germany, Georgia"]),
        (SegmentFilter(where=[("year left", "soon")]), InvalidInput, ["not a number"]),
    ],
)
def test_unknown_names_fail_and_list_what_exists(
    study: Study, flt: SegmentFilter, error: type[Exception], words: list[str]
) -> None:
    with pytest.raises(error) as raised:
        select_segments(study.project, flt)
    for word in words:
        assert word in str(raised.value)


def test_ambiguous_code_name_asks_for_the_path(study: Study) -> None:
    from coding import codebook

    codebook.create_code(study.project, name="Fear", parent_id=study.codes["Social capital"])
    with pytest.raises(InvalidInput, match="'Emotions/Fear', 'Social capital/Fear'"):
        select_segments(study.project, SegmentFilter(codes=["Fear"]))
    assert keys(study, SegmentFilter(codes=["Emotions/Fear"], include_subcodes=False)) == [
        "left",
        "parents",
    ]


def test_describe_selection_uses_the_projects_names(study: Study) -> None:
    flt = SegmentFilter(
        codes=[study.codes["Fear"]],
        documents=[study.docs["Interview R-01"]],
        cases=["r-01"],
        where=[("origin", "Russia"), ("host", "Georgia"), ("host", "Germany")],
        coders=["ANNA"],
    )
    assert describe_selection(study.project, flt) == (
        "codes Emotions/Fear with their subcodes; documents Interview R-01; cases R-01; "
        "origin = Russia and host = Georgia or Germany; coded by anna"
    )
    assert describe_selection(study.project) == "all codes"


def test_parse_condition() -> None:
    assert parse_condition(" host = Georgia ") == ("host", "Georgia")
    assert parse_condition("note=a=b") == ("note", "a=b")
    with pytest.raises(InvalidInput, match="ATTRIBUTE=VALUE"):
        parse_condition("Georgia")


def test_filter_accepts_lists_and_stays_frozen() -> None:
    flt = SegmentFilter(codes=["Fear"], where=[("host", "Georgia")])
    assert flt.codes == ("Fear",) and flt.where == (("host", "Georgia"),)
    with pytest.raises(AttributeError):
        flt.codes = ()  # type: ignore[misc]
    # A lone name is one name, not a list of letters.
    assert SegmentFilter(codes="Fear", documents=3).codes == ("Fear",)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="attribute, value"):
        SegmentFilter(where=[("host", "Georgia", "Germany")])  # type: ignore[list-item]


def test_selection_runs_a_fixed_number_of_queries_whatever_the_rows(study: Study) -> None:
    """No query per row: 50 more codings over more cases cost no extra statements."""

    def statements() -> int:
        count = 0

        def count_one(*_: object) -> None:
            nonlocal count
            count += 1

        event.listen(study.project.engine, "before_cursor_execute", count_one)
        try:
            select_segments(study.project, SegmentFilter(where=[("origin", "Russia")]))
        finally:
            event.remove(study.project.engine, "before_cursor_execute", count_one)
        return count

    before = statements()
    with study.project.reading() as s:
        origin = cases.attribute_by_name(s, "origin").id
    for number in range(25):
        changes = cases.create_case(study.project, name=f"extra {number}")
        assert changes.id is not None
        text = f"{FLAG} Иван {number}: we stayed together."
        added = documents.add_document(
            study.project, title=f"Extra {number}", text=text, case_id=changes.id
        )
        assert added.id is not None
        cases.set_case_value(study.project, case_id=changes.id, attribute_id=origin, value="Russia")
        for code in ("Fear", "Hope"):
            codings.apply_coding(
                study.project,
                document_id=added.id,
                code_id=study.codes[code],
                start=2,
                end=len(text),
                coder="anna",
            )
    assert len(select_segments(study.project)) == 58
    assert statements() == before
