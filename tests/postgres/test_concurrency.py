"""Several coders at once: no silent overwrites in the codebook, and views see others' work."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import event

from coding import codebook, codings, documents, queries
from coding.errors import Conflict
from coding.project import Project
from coding.team import live
from coding.team.coders import coder_summaries


@pytest.fixture
def second(shared: Project, pg_url: str) -> Iterator[Project]:
    shared.coder = "Anna"
    with Project.open(pg_url) as other:
        other.coder = "Giorgi"
        yield other


def _node(project: Project, code_id: int) -> queries.CodeNode:
    return next(node for node in queries.codebook(project) if node.id == code_id)


def test_a_stale_edit_from_a_view_is_refused(shared: Project, second: Project) -> None:
    fear = codebook.create_code(shared, name="Fear").id
    assert fear is not None
    seen_by_anna = _node(shared, fear)
    seen_by_giorgi = _node(second, fear)
    codebook.describe_code(
        second,
        code_id=fear,
        definition="Fear of the state",
        expected_version=seen_by_giorgi.version,
    )
    with pytest.raises(Conflict, match="changed by someone else"):
        codebook.rename_code(
            shared, code_id=fear, name="Angst", expected_version=seen_by_anna.version
        )
    node = _node(shared, fear)
    assert (node.name, node.definition) == ("Fear", "Fear of the state")
    codebook.rename_code(shared, code_id=fear, name="Angst", expected_version=node.version)
    assert _node(second, fear).name == "Angst"


def test_two_transactions_editing_one_code_at_once_cannot_both_win(
    shared: Project, second: Project
) -> None:
    fear = codebook.create_code(shared, name="Fear").id
    assert fear is not None
    both_read = threading.Barrier(2, timeout=20)

    def wait_after_reading(project: Project) -> None:
        # Both transactions have read version 1 before either writes.
        waited: list[bool] = []

        @event.listens_for(project.engine, "before_cursor_execute")
        def pause(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
            if not waited and statement.lstrip().upper().startswith("UPDATE CODES"):
                waited.append(True)
                both_read.wait()

    outcomes: dict[str, str] = {}

    def edit(project: Project, who: str, color: str) -> None:
        try:
            codebook.recolor_code(project, code_id=fear, color=color)
            outcomes[who] = "saved"
        except Conflict as error:
            outcomes[who] = str(error)

    wait_after_reading(shared)
    wait_after_reading(second)
    threads = [
        threading.Thread(target=edit, args=(shared, "Anna", "#111111")),
        threading.Thread(target=edit, args=(second, "Giorgi", "#222222")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert list(outcomes.values()).count("saved") == 1
    refused = [text for text in outcomes.values() if text != "saved"]
    assert len(refused) == 1 and "someone else changed the same item" in refused[0]
    winner = "#111111" if outcomes["Anna"] == "saved" else "#222222"
    assert _node(shared, fear).color == winner


def test_codings_by_several_coders_at_once_all_arrive(shared: Project, second: Project) -> None:
    doc = documents.add_document(shared, title="Doc", text="word " * 400).id
    fear = codebook.create_code(shared, name="Fear").id
    assert doc is not None and fear is not None

    def code(project: Project, offset: int) -> None:
        for i in range(40):
            codings.apply_coding(
                project, document_id=doc, code_id=fear, start=offset + i, end=offset + i + 4
            )

    threads = [
        threading.Thread(target=code, args=(shared, 0)),
        threading.Thread(target=code, args=(second, 0)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    counts = {s.name: s.codings for s in coder_summaries(shared)}
    assert counts == {"Anna": 40, "Giorgi": 40}


def test_views_learn_what_others_changed(shared: Project, second: Project) -> None:
    counter = live.change_counter(shared)
    codebook.create_code(second, name="Hope")
    feed = live.changes_since(shared, counter)
    assert feed.counter > counter
    assert feed.changes.codes and not feed.changes.codings
    assert feed.coders == ("Giorgi",)
    assert live.changes_since(shared, feed.counter).counter == feed.counter


def test_waiting_wakes_on_another_coders_commit(shared: Project, second: Project) -> None:
    counter = live.change_counter(shared)
    timer = threading.Timer(0.5, lambda: codebook.create_code(second, name="Relief"))
    started = time.monotonic()
    timer.start()
    try:
        woke = live.wait_for_change(shared, counter, timeout=20)
    finally:
        timer.join()
    assert woke > counter
    assert time.monotonic() - started < 10
    assert live.wait_for_change(shared, woke, timeout=0.3) == woke
    # Listening borrowed a pooled connection; it must go back in transactional mode.
    borrowed = [shared.engine.raw_connection() for _ in range(3)]
    try:
        assert not any(raw.driver_connection.autocommit for raw in borrowed)  # type: ignore[union-attr]
    finally:
        for raw in borrowed:
            raw.close()
