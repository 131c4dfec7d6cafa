"""Builds the benchmark project: 200 interviews of about 9,000 words, 60 codes, 50,000 codings.

Documents and codes go through the services (one operation each); the 50,000 codings are
inserted in bulk because building them one operation at a time would take minutes and is not
what the benchmark measures. The file is cached by its parameters so that several benchmarks
can share one build.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from sqlalchemy import insert, select

from coding import codebook, documents
from coding.operations import operation
from coding.project import Project
from models.entities import Coder, Coding

LATIN = (
    "we left after the mobilisation because my brother was afraid and we could not "
    "stay in the city where the police checked phones at the metro and friends were "
    "arrested for posts so I sent money to the fund and helped my parents install a "
    "VPN"
).split()
CYRILLIC = (
    "мы уехали после мобилизации потому что брат боялся и мы не могли остаться в "
    "городе где полиция проверяла телефоны в метро а друзей задерживали за посты "
    "поэтому я переводил деньги в фонд и помогал родителям поставить впн страх страха "
    "страхом"
).split()


def interview_text(rng: random.Random, words: int) -> str:
    paragraphs = []
    count = 0
    turn = 0
    while count < words:
        vocabulary = CYRILLIC if rng.random() < 0.5 else LATIN
        length = rng.randint(40, 160)
        speaker = "I" if turn % 2 == 0 else "R"
        body = " ".join(rng.choice(vocabulary) for _ in range(length))
        paragraphs.append(
            f"[{turn // 3600:02d}:{turn // 60 % 60:02d}:{turn % 60:02d}] {speaker}: {body}."
        )
        count += length
        turn += 1
    return "\n\n".join(paragraphs)


def build(
    path: Path,
    *,
    documents_count: int = 200,
    words: int = 9000,
    codes: int = 60,
    codings: int = 50_000,
    seed: int = 7,
) -> Project:
    if path.exists():
        return Project.open(path)
    started = time.perf_counter()
    rng = random.Random(seed)
    project = Project.create(path)
    parents = []
    for index in range(codes):
        parent = None if index < 6 or not parents else rng.choice(parents)
        changes = codebook.create_code(project, name=f"Code {index:02d} — код", parent_id=parent)
        assert changes.id is not None
        if index < 6:
            parents.append(changes.id)
    code_ids = list(range(1, codes + 1))
    lengths: dict[int, int] = {}
    with operation(project, "Build benchmark documents") as op:
        for index in range(documents_count):
            text = interview_text(rng, words)
            document = documents.add_document_in(
                op.session, title=f"Interview {index:03d}", text=text, language="ru"
            )
            lengths[document.id] = len(text)
    with operation(project, "Build benchmark codings") as op:
        op.undoable = False  # 50,000 rows of history would only measure the bench's setup
        coders = [Coder(name="Anna"), Coder(name="Giorgi")]
        op.session.add_all(coders)
        op.session.flush()
        rows = []
        seen = set()
        while len(rows) < codings:
            document_id = rng.choice(list(lengths))
            start = rng.randrange(lengths[document_id] - 400)
            row = (
                document_id,
                rng.choice(code_ids),
                rng.choice(coders).id,
                start,
                start + rng.randint(20, 400),
            )
            if row in seen:
                continue
            seen.add(row)
            rows.append(
                dict(zip(("document_id", "code_id", "coder_id", "start", "end"), row, strict=True))
            )
        op.session.execute(insert(Coding), rows)
    print(
        f"built {path.name}: {documents_count} documents, {codes} codes, {codings} codings "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return project


def first_document_id(project: Project) -> int:
    with project.reading() as session:
        found = session.scalar(select(Coding.document_id).limit(1))
    assert found is not None
    return found
