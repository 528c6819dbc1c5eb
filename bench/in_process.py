"""What the benches that run the app in their own process share: the environment of
a fresh database in a temporary directory, bulk inserts, and timing a call."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any


def environment(tmp: str) -> None:
    """Settings for a run in `tmp`: a fresh SQLite file there (or BENCH_DATABASE_URL),
    no broker, mail or second factor."""
    os.environ.update(
        DATA_DIR=tmp,
        DATABASE_URL=os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite",
        BROKER_URL="",
        SMTP_URL="",
        BASE_URL="",
        SECRET_KEY="bench-secret-key-bench-secret-key",
        SECOND_FACTOR_ROLES="none",
    )


async def insert(table: Any, rows: list, chunk: int = 500) -> None:
    for start in range(0, len(rows), chunk):
        await table.insert(*rows[start : start + chunk])


async def timed(
    call: Callable[[], Awaitable[Any]], repeat: int, *, warm: bool = True
) -> dict[str, float]:
    """Median and slowest wall time of `repeat` calls, after one unmeasured call
    (templates compiled, fonts loaded) unless `warm` is False."""
    if warm:
        await call()
    walls = []
    for _ in range(repeat):
        wall = time.perf_counter()
        await call()
        walls.append(time.perf_counter() - wall)
    return {"median_ms": statistics.median(walls) * 1000, "max_ms": max(walls) * 1000}
