"""The coded-segments report, read back with python-docx."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coding import codings
from coding.errors import NotFound
from coding.reports import SegmentFilter, export_segments
from models.progress import Cancelled
from tests.reports.conftest import Study
from tests.reports.docx_reading import headings, paragraphs, styled

R01 = "Interview R-01 · case R-01 (origin: Russia, host: Georgia, year left: 2022)"
R02 = "Interview R-02 · case R-02 (origin: Russia, host: Germany, year left: 2023)"
A01 = "Interview A-01 · case A-01 (origin: Azerbaijan, host: Georgia, year left: 2021)"


def test_report_has_title_selection_line_and_codes_in_codebook_order(
    study: Study, tmp_path: Path
) -> None:
    out = tmp_path / "segments.docx"
    assert export_segments(study.project, out) == 8
    body = paragraphs(out)
    assert body[0] == ("Title", "Coded segments: Emigration 2022")
    assert body[1][0] == "Report Note"
    assert re.fullmatch(
        r"Selection: all codes\. 8 segments from 4 documents\. "
        r"Exported \d{4}-\d\d-\d\d \d\d:\d\d\.",
        body[1][1],
    )
    assert headings(out) == [
        ("Heading 1", "Emotions"),
        ("Heading 2", "Fear"),
        ("Heading 3", "Fear of repression"),
        ("Heading 2", "Hope"),
        ("Heading 1", "Social capital"),
        ("Heading 2", "Bonding"),
    ]


def test_each_code_has_its_definition_in_italics(study: Study, tmp_path: Path) -> None:
    out = tmp_path / "segments.docx"
    export_segments(study.project, out)
    body = paragraphs(out)
    after_fear = body[body.index(("Heading 2", "Fear")) + 1]
    assert after_fear == ("Normal", "Fear for oneself or for relatives.")
    import docx

    document = docx.Document(str(out))
    definition = next(
        p for p in document.paragraphs if p.text == "Fear for oneself or for relatives."
    )
    assert all(run.italic for run in definition.runs)


def test_quotes_are_exact_and_in_order(study: Study, tmp_path: Path) -> None:
    out = tmp_path / "segments.docx"
    export_segments(study.project, out)
    r01 = study.texts["Interview R-01"]
    stamp_at = r01.index("[01:02:05]")
    assert styled(out, "Quote") == [
        r01[stamp_at : stamp_at + 30],
        "we left in March",
        "Мне страшно за родителей",
        "afraid of the knock",
        "hope to go back one day ✨",
        "всё изменится",
        "they brought bread every day",
        "the café was full of émigrés",
    ]


def test_provenance_lines_cite_case_attributes_speaker_time_and_coder(
    study: Study, tmp_path: Path
) -> None:
    out = tmp_path / "segments.docx"
    export_segments(study.project, out)
    body = paragraphs(out)
    sources = [text for style, text in body if style == "Quote Source"]
    assert sources == [
        f"{R01} · Nino · [01:02:05] · coded by anna",
        f"{R01} · Nino · [00:00:05] · coded by boris",
        f"{R02} · coded by boris",
        f"{R01} · Nino · [00:00:09] · coded by anna",
        "Memo: Classic image of 1937; compare with R-02.",
        f"{R01} · Nino · [01:02:05] · coded by anna",
        f"{R02} · coded by anna",
        f"{A01} · coded by anna",
        "Field notes · coded by boris",
    ]
    # Each quote is followed by its source line, the memo after that.
    knock = body.index(("Quote", "afraid of the knock"))
    assert body[knock + 1][1].startswith(R01)
    assert body[knock + 2][1].startswith("Memo: ")


def test_chosen_attributes_only(study: Study, tmp_path: Path) -> None:
    out = tmp_path / "segments.docx"
    export_segments(
        study.project, out, SegmentFilter(codes=["Bonding"]), attributes=["HOST", "origin"]
    )
    assert styled(out, "Quote Source") == [
        "Interview A-01 · case A-01 (origin: Azerbaijan, host: Georgia) · coded by anna",
        "Field notes · coded by boris",
    ]
    export_segments(study.project, out, SegmentFilter(codes=["Bonding"]), attributes=[])
    assert styled(out, "Quote Source")[0] == "Interview A-01 · case A-01 · coded by anna"
    with pytest.raises(NotFound, match="'year left'"):
        export_segments(study.project, out, attributes=["religion"])


def test_filtered_report_shows_parent_headings_and_says_what_was_selected(
    study: Study, tmp_path: Path
) -> None:
    out = tmp_path / "segments.docx"
    flt = SegmentFilter(
        codes=["Fear"], where=[("origin", "Russia"), ("host", "Georgia")], coders=["anna"]
    )
    assert export_segments(study.project, out, flt) == 1
    assert headings(out) == [
        ("Heading 1", "Emotions"),
        ("Heading 2", "Fear"),
        ("Heading 3", "Fear of repression"),
    ]
    assert styled(out, "Quote") == ["afraid of the knock"]
    note = styled(out, "Report Note")[0]
    assert note.startswith(
        "Selection: codes Emotions/Fear with their subcodes; origin = Russia and "
        "host = Georgia; coded by anna. 1 segment from 1 document."
    )


def test_filters_without_subcodes_by_document_and_case(study: Study, tmp_path: Path) -> None:
    out = tmp_path / "segments.docx"
    flt = SegmentFilter(codes=["Fear"], include_subcodes=False, documents=["Interview R-02"])
    assert export_segments(study.project, out, flt) == 1
    assert styled(out, "Quote") == ["Мне страшно за родителей"]
    assert export_segments(study.project, out, SegmentFilter(cases=["A-01"])) == 1
    assert styled(out, "Quote") == ["they brought bread every day"]


def test_empty_selection_gives_a_document_that_says_so(study: Study, tmp_path: Path) -> None:
    out = tmp_path / "empty.docx"
    flt = SegmentFilter(where=[("origin", "Azerbaijan"), ("host", "Germany")])
    assert export_segments(study.project, out, flt) == 0
    body = paragraphs(out)
    assert body[0] == ("Title", "Coded segments: Emigration 2022")
    assert "0 segments from 0 documents" in body[1][1]
    assert ("Normal", "No coded segments match this selection.") in body
    assert headings(out) == []


def test_pseudonymiser_sees_every_text_written(study: Study, tmp_path: Path) -> None:
    out = tmp_path / "pseudo.docx"
    seen: list[str] = []

    def pseudonymise(text: str) -> str:
        seen.append(text)
        return text.replace("Nino", "P1").replace("R-01", "C1")

    export_segments(study.project, out, SegmentFilter(codes=["Hope"]), pseudonymise=pseudonymise)
    text = "\n".join(t for _, t in paragraphs(out))
    assert "Nino" not in text and "R-01" not in text
    assert "Interview C1 · case C1 (origin: Russia, host: Georgia, year left: 2022) · P1" in text
    assert any("hope to go back" in s for s in seen)


def test_characters_xml_cannot_hold_are_dropped_not_fatal(study: Study, tmp_path: Path) -> None:
    from coding import documents

    text = "Before\x0bafter\x0c, a form feed and a \x01 control."
    added = documents.add_document(study.project, title="Scanned", text=text)
    assert added.id is not None
    codings.apply_coding(
        study.project,
        document_id=added.id,
        code_id=study.codes["Hope"],
        start=0,
        end=len(text),
        coder="anna",
        memo="odd \x02 memo",
    )
    out = tmp_path / "odd.docx"
    export_segments(study.project, out, SegmentFilter(documents=["Scanned"]))
    assert styled(out, "Quote") == ["Beforeafter, a form feed and a  control."]
    assert "Memo: odd  memo" in styled(out, "Quote Source")


class Recording:
    def __init__(self, cancel_after: int | None = None) -> None:
        self.calls: list[tuple[float, float, str]] = []
        self.cancel_after = cancel_after

    def progress(self, done: float, total: float, message: str = "") -> None:
        self.calls.append((done, total, message))

    def cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.calls) >= self.cancel_after


def test_progress_is_reported_up_to_the_total(study: Study, tmp_path: Path) -> None:
    reporter = Recording()
    export_segments(study.project, tmp_path / "p.docx", reporter=reporter)
    assert reporter.calls[0][:2] == (0, 8)
    assert reporter.calls[-1][:2] == (8, 8)


def test_cancelling_leaves_the_old_report_untouched(study: Study, tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    out.write_bytes(b"an earlier report")
    with pytest.raises(Cancelled):
        export_segments(study.project, out, reporter=Recording(cancel_after=1))
    assert out.read_bytes() == b"an earlier report"
    assert sorted(p.name for p in tmp_path.iterdir() if "report" in p.name) == ["report.docx"]


def test_quote_keeps_its_inner_line_breaks_but_not_edge_whitespace(
    study: Study, tmp_path: Path
) -> None:
    r01 = study.texts["Interview R-01"]
    start = r01.index(" I was afraid")
    end = r01.index("[00:01:05]")
    codings.apply_coding(
        study.project,
        document_id=study.docs["Interview R-01"],
        code_id=study.codes["Hope"],
        start=start,
        end=end + len("[00:01:05] Interviewer: А что"),
        coder="anna",
    )
    out = tmp_path / "breaks.docx"
    export_segments(study.project, out, SegmentFilter(codes=["Hope"], coders=["anna"]))
    assert styled(out, "Quote")[0] == (
        "I was afraid of the knock at the door.\n\n[00:01:05] Interviewer: А что"
    )
