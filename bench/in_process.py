"""What the benches that run the app in their own process share: the environment of
a fresh database in a temporary directory, bulk inserts, timing a call, and printing
and writing each row beside its floor and its goal."""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


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


def print_against_floors(
    rows: dict[str, dict[str, float]], floors: dict[str, str], goals_ms: dict[str, float]
) -> None:
    width = max(len(name) for name in rows) + 2
    print(f"{'row':{width}} {'median ms':>10} {'max ms':>10} {'× floor':>8}  goal")
    for name, row in rows.items():
        floor = rows[floors[name]]["median_ms"] if name in floors else None
        ratio = f"{row['median_ms'] / floor:8.1f}" if floor else " " * 8
        goal = goals_ms.get(name)
        verdict = (
            f"≤ {goal:.0f} ms {'met' if row['median_ms'] <= goal else 'NOT met'}" if goal else ""
        )
        print(f"{name:{width}} {row['median_ms']:10.1f} {row['max_ms']:10.1f} {ratio}  {verdict}")


def write_results(name: str, args: Any, rows: dict[str, dict[str, float]]) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps({"args": vars(args), "rows": rows}, indent=2))
