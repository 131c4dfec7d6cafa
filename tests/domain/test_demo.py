"""The demo project a new user opens first is complete and consistent."""

from __future__ import annotations

from pathlib import Path

from coding import history, queries
from coding.demo import create_demo


def test_demo_project_meets_its_promises(tmp_path: Path) -> None:
    with create_demo(tmp_path / "demo.tcproj") as project:
        documents = queries.list_documents(project)
        assert len(documents) >= 6
        assert {d.language for d in documents} >= {"en", "de", "ru"}
        assert {d.kind for d in documents} >= {"semi_structured_interview", "expert_interview"}
        with_audio = [d for d in documents if d.has_media]
        assert len(with_audio) >= 2
        for summary in with_audio:
            detail = queries.get_document(project, summary.id)
            assert detail.media_path is not None and detail.media_path.is_file()
            assert len(detail.segments) >= 4
            starts = [s.start_ms for s in detail.segments]
            assert starts == sorted(starts)
        codings = queries.list_codings(project)
        assert len(codings) >= 60
        assert len({c.coder for c in codings}) >= 2
        pairs = {
            (c.values.get("origin"), c.values.get("host country")) for c in queries.cases(project)
        }
        assert pairs >= {
            ("Russia", "Germany"),
            ("Russia", "Georgia"),
            ("Azerbaijan", "Germany"),
            ("Azerbaijan", "Georgia"),
            ("Russia", "Kazakhstan"),
        }
        for document in documents:
            # Labelled fictional in its own language; every label names the Transcoda demo.
            assert "Transcoda" in queries.get_document(project, document.id).text[:300]
        # The demo starts with a clean history: a first undo must not erase it.
        assert history.state(project).undo is None
