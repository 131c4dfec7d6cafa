from __future__ import annotations

import pytest

from coding import codings, history, queries
from coding.errors import Conflict, InvalidInput
from coding.project import Project
from tests.domain.helpers import MIXED_TEXT, add_code, add_doc, dump, span_of


def test_offsets_are_code_points_after_astral_georgian_and_cyrillic(project: Project) -> None:
    document = add_doc(project)
    fear = add_code(project, "Fear")
    start, end = span_of(MIXED_TEXT, "feared the police")
    # In UTF-16 the two flags and the emoji take 6 units more than code points: a wrong
    # convention would cut a different quote.
    assert len(MIXED_TEXT[:start].encode("utf-16-le")) // 2 == start + 3
    changes = codings.apply_coding(
        project, document_id=document, code_id=fear, start=start, end=end, coder="Anna"
    )
    assert changes.codings and changes.id is not None
    assert changes.description == "Apply 'Fear' to 'Интервью 1'"
    [view] = queries.list_codings(project)
    assert (view.start, view.end, view.text, view.coder) == (
        start,
        end,
        "feared the police",
        "Anna",
    )
    [detail] = queries.get_document(project, document).codings
    assert detail.text == "feared the police"


def test_overlaps_allowed_duplicates_refused(project: Project) -> None:
    document = add_doc(project)
    fear, hope = add_code(project, "Fear"), add_code(project, "Hope")
    codings.apply_coding(project, document_id=document, code_id=fear, start=5, end=20, coder="A")
    codings.apply_coding(project, document_id=document, code_id=hope, start=5, end=20, coder="A")
    codings.apply_coding(project, document_id=document, code_id=fear, start=10, end=25, coder="A")
    codings.apply_coding(project, document_id=document, code_id=fear, start=5, end=20, coder="B")
    before = dump(project.path)
    with pytest.raises(Conflict, match="already has this code"):
        codings.apply_coding(
            project, document_id=document, code_id=fear, start=5, end=20, coder="A"
        )
    assert dump(project.path) == before
    assert len(queries.list_codings(project)) == 4


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 5), (7, 4), (0, len(MIXED_TEXT) + 1)])
def test_bad_spans_are_refused_and_change_nothing(project: Project, start: int, end: int) -> None:
    document = add_doc(project)
    fear = add_code(project, "Fear")
    before = dump(project.path)
    with pytest.raises(InvalidInput):
        codings.apply_coding(project, document_id=document, code_id=fear, start=start, end=end)
    assert dump(project.path) == before


def test_remove_resize_memo_and_recode_are_undoable(project: Project) -> None:
    document = add_doc(project)
    fear, guilt = add_code(project, "Fear"), add_code(project, "Guilt")
    coding_id = codings.apply_coding(
        project, document_id=document, code_id=fear, start=0, end=10
    ).id
    assert coding_id is not None
    codings.resize_coding(project, coding_id=coding_id, start=2, end=12)
    codings.set_coding_memo(project, coding_id=coding_id, memo="страх — ключевой мотив 🔑")
    codings.set_coding_code(project, coding_id=coding_id, code_id=guilt)
    [view] = queries.list_codings(project)
    assert (view.start, view.end, view.memo, view.code_name) == (
        2,
        12,
        "страх — ключевой мотив 🔑",
        "Guilt",
    )
    codings.remove_coding(project, coding_id=coding_id)
    assert queries.list_codings(project) == []
    history.undo(project)
    history.undo(project)
    [view] = queries.list_codings(project)
    assert (view.code_name, view.memo) == ("Fear", "страх — ключевой мотив 🔑")
    history.undo(project)
    history.undo(project)
    [view] = queries.list_codings(project)
    assert (view.start, view.end, view.memo) == (0, 10, "")


def test_bulk_apply_is_one_step_and_skips_duplicates(project: Project) -> None:
    document = add_doc(project)
    fear = add_code(project, "Fear")
    items = [codings.NewCoding(document, fear, i, i + 5, coder="Anna") for i in range(10)]
    items.append(items[0])
    codings.apply_codings(project, codings=items, description="Auto-code 'Fear'")
    assert len(queries.list_codings(project)) == 10
    assert history.state(project).undo == "Auto-code 'Fear'"
    history.undo(project)
    assert queries.list_codings(project) == []
