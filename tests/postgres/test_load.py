"""Four coder processes apply 1,000 codings each at the same time: every one arrives.

Correctness is asserted; the throughput is printed (bench/bench_postgres_load.py measures it
on a durable server), never asserted, because it depends on the machine.
"""

from __future__ import annotations

import pytest

from bench.bench_postgres_load import run_load


@pytest.mark.slow
def test_four_coders_apply_a_thousand_codings_each_at_once(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_load(pg_url, coders=4, per_coder=1000)
    assert result.errors == []
    assert result.present == 4000
    assert result.per_coder_present == {f"coder{n}": 1000 for n in range(4)}
    with capsys.disabled():
        print(
            f"\nshared project load: 4 coders x 1000 codings in {result.seconds:.1f} s, "
            f"{result.throughput:.0f} codings/s"
        )
