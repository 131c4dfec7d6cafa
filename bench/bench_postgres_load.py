"""Load on a shared project: several coder processes apply codings at the same time.

Each coder process opens the shared project itself and applies its codings one at a time
through ``coding.codings.apply_coding`` (one transaction and one undo step each, as a click in
the app makes), so the figure includes the undo history and the change feed.
Usage: python bench/bench_postgres_load.py [--url postgresql://...] [--coders 4] [--codings 1000]
Without --url a throwaway server is started from the Debian packages (with fsync on, so that
commits cost what they cost on a real server).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Before any dependency loads: see models/offline_env.py.
from models.offline_env import SETTINGS as _NO_TELEMETRY

os.environ.update(_NO_TELEMETRY)

from sqlalchemy import func, select

from coding import codebook, codings, documents
from coding.project import Project
from models.entities import Coder, Coding

TEXT_WORDS = 4000


@dataclass(frozen=True)
class LoadResult:
    coders: int
    per_coder: int
    seconds: float
    present: int
    per_coder_present: dict[str, int]
    errors: list[str]

    @property
    def throughput(self) -> float:
        return self.coders * self.per_coder / self.seconds if self.seconds else 0.0


def prepare(url: str, *, codes: int = 20) -> tuple[int, list[int], int]:
    """A shared project with one long interview and a few codes: (document, codes, length)."""
    text = " ".join(f"слово{i} word{i}" for i in range(TEXT_WORDS))
    with Project.create(url, title="Load test") as project:
        document_id = documents.add_document(project, title="Interview", text=text).id
        code_ids = [codebook.create_code(project, name=f"Code {i}").id for i in range(codes)]
    assert document_id is not None and all(code_ids)
    return document_id, [c for c in code_ids if c is not None], len(text)


def _coder(
    url: str,
    name: str,
    count: int,
    document_id: int,
    code_ids: list[int],
    length: int,
    start_at: float,
    errors: multiprocessing.Queue,  # type: ignore[type-arg]
) -> None:
    try:
        with Project.open(url) as project:
            project.coder = name
            while time.time() < start_at:  # every process starts at the same moment
                time.sleep(0.001)
            for i in range(count):
                start = (i * 37) % (length - 40)
                codings.apply_coding(
                    project,
                    document_id=document_id,
                    code_id=code_ids[i % len(code_ids)],
                    start=start,
                    end=start + 5 + i % 30,
                    coder=name,
                )
    except Exception:
        errors.put(f"{name}: {traceback.format_exc()}")


def run_load(url: str, *, coders: int = 4, per_coder: int = 1000) -> LoadResult:
    document_id, code_ids, length = prepare(url)
    context = multiprocessing.get_context("spawn")
    errors = context.Queue()
    start_at = time.time() + 3.0  # time for the spawned interpreters to import and connect
    processes = [
        context.Process(
            target=_coder,
            args=(url, f"coder{n}", per_coder, document_id, code_ids, length, start_at, errors),
        )
        for n in range(coders)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    seconds = time.time() - start_at
    failures: list[str] = []
    while not errors.empty():
        failures.append(errors.get())
    failures += [f"process exited with {p.exitcode}" for p in processes if p.exitcode != 0]
    with Project.open(url) as project, project.reading() as session:
        present = session.scalar(select(func.count(Coding.id))) or 0
        per = dict(
            session.execute(
                select(Coder.name, func.count(Coding.id))
                .join(Coding, Coding.coder_id == Coder.id)
                .group_by(Coder.name)
            ).all()
        )
    return LoadResult(coders, per_coder, seconds, present, per, failures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an empty PostgreSQL database (default: a throwaway server)")
    parser.add_argument("--coders", type=int, default=4)
    parser.add_argument("--codings", type=int, default=1000)
    args = parser.parse_args()
    server = None
    url = args.url
    if url is None:
        from tests.postgres.server import PostgresServer

        server = PostgresServer(durable=True)
        server.start()
        url = server.create_database("load")
    try:
        result = run_load(url, coders=args.coders, per_coder=args.codings)
    finally:
        if server is not None:
            server.stop()
    print(
        f"{result.coders} coders x {result.per_coder} codings: {result.present} present, "
        f"{len(result.errors)} errors, {result.seconds:.1f} s, "
        f"{result.throughput:.0f} codings/s"
    )
    for error in result.errors:
        print(error)


if __name__ == "__main__":
    main()
