"""The Qt-free helpers: coalescing keystrokes into splices, and coding stripe layout."""

from __future__ import annotations

from app.gui.coding_commands import in_vivo_name
from app.gui.coding_layout import blend, lanes, readable_on, runs
from app.gui.edit_coalescer import EditCoalescer, Splice, merge


def type_text(coalescer: EditCoalescer, at: int, text: str) -> list[Splice]:
    flushed = []
    for offset, char in enumerate(text):
        done = coalescer.edit(at + offset, at + offset, char)
        if done:
            flushed.append(done)
    return flushed


def test_typing_a_word_is_one_splice() -> None:
    coalescer = EditCoalescer("Hello world")
    assert type_text(coalescer, 5, " dear") == []
    assert coalescer.text == "Hello dear world"
    assert coalescer.take() == Splice(5, 5, " dear")
    assert coalescer.committed == "Hello dear world"


def test_backspacing_merges_with_the_burst() -> None:
    coalescer = EditCoalescer("abcdef")
    coalescer.edit(6, 6, "g")
    coalescer.edit(6, 7, "")  # backspace the g
    coalescer.edit(5, 6, "")  # and the f
    assert coalescer.text == "abcde"
    assert coalescer.take() == Splice(5, 6, "")


def test_typing_then_deleting_everything_commits_nothing() -> None:
    coalescer = EditCoalescer("abc")
    coalescer.edit(1, 1, "x")
    coalescer.edit(1, 2, "")
    assert coalescer.take() is None


def test_an_edit_elsewhere_commits_the_previous_burst() -> None:
    coalescer = EditCoalescer("one two three")
    coalescer.edit(3, 3, "!")
    flushed = coalescer.edit(9, 14, "THREE")
    assert flushed == Splice(3, 3, "!")
    assert coalescer.committed == "one! two three"
    assert coalescer.text == "one! two THREE"
    assert coalescer.take() == Splice(9, 14, "THREE")


def test_sentence_end_asks_for_a_commit() -> None:
    coalescer = EditCoalescer("")
    type_text(coalescer, 0, "Hi")
    assert not coalescer.should_commit()
    type_text(coalescer, 2, ".")
    assert coalescer.should_commit()


def test_merge_replacement_spanning_both() -> None:
    current = "abXYef"  # committed "abcdef" with cd -> XY pending
    merged = merge(Splice(2, 4, "XY"), Splice(3, 5, "Q"), current)
    assert merged == Splice(2, 5, "XQ")
    assert merged.apply("abcdef") == "abXQf"


def test_runs_split_overlaps() -> None:
    result = runs([(0, 10), (5, 15)])
    assert [(r.start, r.end, r.layers) for r in result] == [
        (0, 5, (0,)),
        (5, 10, (0, 1)),
        (10, 15, (1,)),
    ]


def test_lanes_separate_overlaps_and_reuse_free_lanes() -> None:
    assigned, count = lanes([(0, 10), (5, 15), (20, 30)])
    assert count == 2
    assert assigned[0] != assigned[1]
    assert assigned[2] == 0


def test_blend_darkens_overlaps() -> None:
    single = blend(["#F1948A"])
    double = blend(["#F1948A", "#F1948A"])
    assert single != double
    assert sum(int(double[i : i + 2], 16) for i in (1, 3, 5)) < sum(
        int(single[i : i + 2], 16) for i in (1, 3, 5)
    )
    assert readable_on("#FFFFFF") == "#000000"


def test_in_vivo_names() -> None:
    assert in_vivo_name("  «we are careful»  ") == "we are careful"
    assert in_vivo_name("a/b") == "a-b"
    assert len(in_vivo_name("слово " * 40)) <= 61
