"""One measured row of a run, and its ratios to the floor it names.

A row divides by a floor measured in the same run (`floor`, or `floor-jinja` for the
HTML pages): throughput ratio = row / floor (below 1: slower than the floor); p99 and
CPU-per-request ratios = row / floor (above 1: costlier).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from bench.load import LoadResult, Settled, Verdict
from bench.locks import HoldTimes


@dataclass(slots=True)
class Row:
    name: str
    server: str
    description: str
    result: LoadResult
    floor: str = "floor"  # the row its ratios divide by
    peak_rss_mb: float | None = None
    log_errors: int = 0
    log_samples: list[str] = field(default_factory=list)
    verdict: Verdict | None = None
    web_processes: int = 1
    notes: list[str] = field(default_factory=list)
    settled: Settled | None = None
    settle_cpu_s: float = 0.0  # the web processes' CPU while the work left behind was done
    worker_cpu_s: float | None = None  # an external `werkplaats worker`, load and settle
    lock_times: dict[str, HoldTimes] | None = None  # None: not recorded; {}: no file

    @property
    def server_cpu_s(self) -> float | None:
        """All server-side CPU the row's requests cost: web processes during the load
        and the settle, plus the external worker's (the database server's is not in it)."""
        if self.result.server_cpu_s is None:
            return None
        return self.result.server_cpu_s + self.settle_cpu_s + (self.worker_cpu_s or 0.0)

    @property
    def cpu_ms_per_request(self) -> float | None:
        cpu = self.server_cpu_s
        if cpu is None or not self.result.requests:
            return None
        return cpu * 1000 / self.result.requests

    @property
    def server_busy(self) -> float | None:
        """The web processes' CPU during the load / wall time (1.0 = one core busy)."""
        if self.result.server_cpu_s is None or not self.result.elapsed_s:
            return None
        return self.result.server_cpu_s / self.result.elapsed_s

    @property
    def client_busy(self) -> float | None:
        """Share of one core the load generator used: near 1, the client is the limit."""
        if not self.result.elapsed_s:
            return None
        return self.result.client_cpu_s / self.result.elapsed_s


def ratio(value: float | None, floor: float | None) -> float | None:
    if value is None or floor is None or not floor or math.isnan(value) or math.isnan(floor):
        return None
    return value / floor


def floors_of(rows: list[Row]) -> dict[str, Row]:
    return {row.name: row for row in rows}


def ratios(row: Row, floors: dict[str, Row]) -> dict[str, float | None]:
    """Row / its floor: throughput (below 1: slower), p99 and CPU per request (above 1)."""
    floor = floors.get(row.floor)
    f = floor.result if floor else None
    return {
        "throughput": ratio(row.result.throughput, f.throughput if f else None),
        "p99": ratio(row.result.p99_ms, f.p99_ms if f else None),
        "cpu_per_request": ratio(
            row.cpu_ms_per_request, floor.cpu_ms_per_request if floor else None
        ),
    }
