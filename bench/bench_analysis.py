"""Analysis benchmark (issue 5): lemma index, code matrix, search and co-occurrence at scale.

Uses the foundation's project (bench/large_project.py: 200 interviews of about 9,000 words in
Cyrillic and Latin script, 60 codes, 50,000 codings by two coders), gives each interview a
case with origin and host attributes, then times building the lemma index for the whole
project and the analyses. Each analysis is run once cold and then three times; the table shows
the first run and the best of the rest, in wall-clock time and in CPU time of this process.
The machine this was written on has two cores shared with other jobs, where wall-clock time
includes waiting for a core; CPU time is what the work itself costs.
Usage: python bench/bench_analysis.py [--dir DIR] [--documents N] [--codings N]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Before any dependency loads: see models/offline_env.py.
from models.offline_env import SETTINGS as _NO_TELEMETRY

os.environ.update(_NO_TELEMETRY)

from bench.large_project import build
from coding.analysis import code_matrix, cooccurrence, refresh_index, search
from coding.analysis.lemmas import analyse
from coding.cases import attribute_by_name, create_case_in, define_attribute_in, set_case_value_in
from coding.operations import operation
from coding.project import Project
from models.entities import AttributeType, Case, Document

ORIGINS = ("Russia", "Azerbaijan")
HOSTS = ("Germany", "Georgia", "Kazakhstan")


def give_cases(project: Project) -> None:
    """One case per interview, with origin and host (once: the project file is reused)."""
    with project.reading() as s:
        if s.query(Case.id).first() is not None:
            return
    rng = random.Random(11)
    with operation(project, "Benchmark cases") as op:
        op.undoable = False
        define_attribute_in(op.session, "origin", AttributeType.CHOICE.value, list(ORIGINS))
        define_attribute_in(op.session, "host", AttributeType.CHOICE.value, list(HOSTS))
        origin = attribute_by_name(op.session, "origin")
        host = attribute_by_name(op.session, "host")
        for document in op.session.query(Document).order_by(Document.id):
            case = create_case_in(op.session, f"Case {document.id:03d}")
            set_case_value_in(op.session, case, origin, rng.choice(ORIGINS))
            set_case_value_in(op.session, case, host, rng.choice(HOSTS))
            document.case_id = case.id


Row = tuple[str, tuple[float, float], tuple[float, float] | None, str]


def timed(
    action: Callable[[], Any], repeat: int = 3
) -> tuple[tuple[float, float], tuple[float, float], Any]:
    """(wall, CPU) milliseconds of the first run and the best of ``repeat`` more, and the result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    first = ((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000)
    best = (float("inf"), float("inf"))
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        now = ((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000)
        best = (min(best[0], now[0]), min(best[1], now[1]))
    return first, best, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, default=None, help="where to keep the project")
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--codings", type=int, default=50_000)
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="transcoda-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"bench-analysis-{args.documents}-{args.codings}.tcproj"
    build(path, documents_count=args.documents, codings=args.codings).close()
    project = Project.open(path, backup=False)
    give_cases(project)

    rows: list[Row] = []
    # spaCy and pymorphy3 load once per process; timed apart from the indexing itself.
    load, _, _ = timed(
        lambda: analyse("Мы боялись страха. Wir haben geholfen. We helped.", "ru"), repeat=0
    )
    rows.append(("load spaCy pipelines (ru, de, en)", load, None, ""))
    build_time, _, report = timed(lambda: refresh_index(project, force=True), repeat=0)
    rate = report.words / (build_time[0] / 1000)
    name = f"build lemma index: {report.indexed} documents, {report.words:,} words"
    rows.append((name, build_time, None, f"reported ({rate:,.0f} words/s)"))
    first, best, matrix = timed(lambda: code_matrix(project, by=["origin", "host"]))
    cells = len(matrix.rows) * len(matrix.groups)
    rows.append((f"code matrix origin x host ({cells} cells)", first, best, "<= 300 ms"))
    first, best, _ = timed(
        lambda: code_matrix(project, by=["document"], value="share", aggregate=True)
    )
    rows.append(("code matrix by document, shares, subcodes summed", first, best, "<= 300 ms"))
    for query, mode in (
        ("страх", "lemma"),
        ('"брат боялся"', "lemma"),
        ("страх AND (полиция OR police) NOT впн", "lemma"),
        ("helped", "lemma"),
        ("страхом", "exact"),
    ):
        first, best, result = timed(partial(search, project, query, mode=mode))
        name = f"search {query} [{mode}] ({len(result.hits):,} hits)"
        rows.append((name, first, best, "<= 500 ms"))
    first, best, table = timed(lambda: cooccurrence(project))
    pairs = sum(table.counts.values())
    rows.append((f"co-occurrence, overlap ({pairs:,} pairs)", first, best, "<= 1000 ms"))
    first, best, table = timed(lambda: cooccurrence(project, mode="near", distance=50))
    pairs = sum(table.counts.values())
    rows.append((f"co-occurrence, within 50 characters ({pairs:,} pairs)", first, best, ""))
    first, best, _ = timed(lambda: cooccurrence(project, mode="turn"))
    rows.append(("co-occurrence, same speaker turn", first, best, ""))
    project.close()

    print(f"\nTranscoda analysis benchmark ({args.documents} documents, {args.codings} codings)")
    print(f"  {'':<62} {'first: wall / CPU ms':>22} {'best: wall / CPU ms':>22}")
    for name, cold, warm, target in rows:
        warm_text = f"{warm[0]:10.1f} / {warm[1]:9.1f}" if warm else ""
        print(f"  {name:<62} {cold[0]:10.1f} / {cold[1]:9.1f} {warm_text:>22}   {target}")


if __name__ == "__main__":
    main()
