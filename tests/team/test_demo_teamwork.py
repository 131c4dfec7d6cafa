"""Done-when: two coders code the demo separately, merge, and get figures that match the
reference implementations."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from coding import codings, history, queries
from coding.demo import create_demo
from coding.project import Project
from coding.team.agreement import measure_agreement
from coding.team.merge import merge_project


def keep_only(path: Path, coder: str) -> int:
    with Project.open(path) as project:
        others = [c.id for c in queries.list_codings(project) if c.coder != coder]
        for coding_id in others:
            codings.remove_coding(project, coding_id=coding_id)
        return len(queries.list_codings(project))


@pytest.mark.slow
def test_code_separately_merge_and_measure(tmp_path: Path) -> None:
    demo = tmp_path / "demo.tcproj"
    create_demo(demo).close()
    anna, giorgi = tmp_path / "anna.tcproj", tmp_path / "giorgi.tcproj"
    shutil.copyfile(demo, anna)
    shutil.copyfile(demo, giorgi)
    annas = keep_only(anna, "Anna")
    giorgis = keep_only(giorgi, "Giorgi")
    with Project.open(anna) as project:
        _, report = merge_project(project, other=giorgi)
        assert report.codings_added == giorgis
        assert report.conflicts == []
        rows = queries.list_codings(project)
        assert len(rows) == annas + giorgis
        result = measure_agreement(project, coders=["Anna", "Giorgi"], unit="char")
        texts = {
            d.id: queries.get_document(project, d.id).text for d in queries.list_documents(project)
        }
        history.undo(project)
        assert len(queries.list_codings(project)) == annas

    # The same figures from an explicit table: one column per (code, non-space character) of
    # every document both coders coded.
    code_ids = sorted({r.code_id for r in rows})
    both = [d for d in texts if {r.coder for r in rows if r.document_id == d} == {"Anna", "Giorgi"}]
    columns: list[np.ndarray] = []
    for document_id in both:
        text = texts[document_id]
        keep = np.array([not ch.isspace() for ch in text])
        for code_id in code_ids:
            table = np.zeros((2, len(text)), dtype=int)
            for r in rows:
                if r.document_id == document_id and r.code_id == code_id:
                    table[0 if r.coder == "Anna" else 1, r.start : r.end] = 1
            columns.append(table[:, keep])
    data = np.hstack(columns)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kappa = cohen_kappa_score(data[0], data[1])
    alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert result.overall.units == data.shape[1]
    assert result.overall.percent_agreement == pytest.approx((data[0] == data[1]).mean())
    assert result.overall.cohen_kappa == pytest.approx(kappa)
    assert result.overall.krippendorff_alpha == pytest.approx(alpha)
    assert 0.3 < alpha < 1
