"""Foundation benchmark (issue 2): open, apply, list, load, undo and Word export at scale.

Builds (or reuses) a project of 200 interviews of about 9,000 words each in Cyrillic and Latin
script, 60 codes and 50,000 codings by two coders, then prints the timings and the targets.
Usage: python bench/bench_foundation.py [--dir DIR] [--documents N] [--codings N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Before any dependency loads: see models/offline_env.py.
from models.offline_env import SETTINGS as _NO_TELEMETRY

os.environ.update(_NO_TELEMETRY)

from bench.large_project import build, first_document_id
from coding import codings, history, queries
from coding.project import Project


def timed(action):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = action()
    return (time.perf_counter() - started) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, default=None, help="where to keep the project")
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--codings", type=int, default=50_000)
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="transcoda-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"bench-{args.documents}-{args.codings}.tcproj"
    build(path, documents_count=args.documents, codings=args.codings).close()

    rows: list[tuple[str, float, str]] = []
    # Opening is timed in a fresh process, where the migration check (Alembic) is cold too.
    probe = (
        "import time, sys; from coding.project import Project; t = time.perf_counter(); "
        f"p = Project.open({str(path)!r}); print((time.perf_counter() - t) * 1000); p.close()"
    )
    cold = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    rows.append(("open project (cold process)", float(cold.stdout.strip()), "<= 1000 ms"))
    project = Project.open(path)

    document_id = first_document_id(project)
    text_length = len(queries.get_document(project, document_id).text)
    code_ids = [node.id for node in queries.codebook(project)]
    run_coder = f"Bench {time.time_ns()}"  # a reused project keeps earlier runs' codings
    samples = []
    for index in range(200):
        start = (index * 37) % (text_length - 200)
        ms, _ = timed(
            lambda start=start, index=index: codings.apply_coding(
                project,
                document_id=document_id,
                code_id=code_ids[index % len(code_ids)],
                start=start,
                end=start + 120,
                coder=run_coder,
            )
        )
        samples.append(ms)
    samples.sort()
    rows.append(("apply one coding p50", statistics.median(samples), ""))
    rows.append(("apply one coding p95", samples[int(len(samples) * 0.95) - 1], "<= 20 ms"))

    busiest = max(queries.codebook(project), key=lambda node: node.codings)
    list_ms, listed = timed(lambda: queries.list_codings(project, code_ids=[busiest.id]))
    rows.append((f"list codings of one code ({len(listed)})", list_ms, "<= 100 ms"))

    load_ms, detail = timed(lambda: queries.get_document(project, document_id))
    words = len(detail.text.split())
    rows.append(
        (f"load document ({words} words, {len(detail.codings)} codings)", load_ms, "<= 100 ms")
    )

    undo_ms, _ = timed(lambda: history.undo(project))
    rows.append(("undo", undo_ms, ""))

    from coding.reports import SegmentFilter, export_segments

    # Whole codes until at least 2,000 segments are selected.
    chosen: list[str | int] = []
    total = 0
    for node in sorted(queries.codebook(project), key=lambda node: node.codings):
        if total >= 2000:
            break
        chosen.append(node.id)
        total += node.codings
    out = folder / "segments.docx"
    export_ms, written = timed(
        lambda: export_segments(
            project, out, SegmentFilter(codes=tuple(chosen), include_subcodes=False)
        )
    )
    rows.append((f"export {written} segments to Word", export_ms, "<= 10000 ms"))
    project.close()

    print(f"\nTranscoda foundation benchmark ({args.documents} documents, {args.codings} codings)")
    for name, ms, target in rows:
        print(f"  {name:<48} {ms:9.1f} ms   {target}")


if __name__ == "__main__":
    main()
