"""Rows of a run, printed as a table of ratios to the floor and written as JSON.

Throughput ratio = row / floor (below 1: slower than the floor); p99 ratio and
CPU-per-request ratio = row / floor (above 1: slower). Absolute numbers are shown
for context only: they depend on the machine, the ratios much less.
"""

from __future__ import annotations

import json
import math
import os
import platform
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.load import LoadResult, Verdict


@dataclass(slots=True)
class Row:
    name: str
    server: str
    description: str
    result: LoadResult
    peak_rss_mb: float | None = None
    log_errors: int = 0
    log_samples: list[str] = field(default_factory=list)
    verdict: Verdict | None = None
    web_processes: int = 1
    notes: list[str] = field(default_factory=list)

    @property
    def cpu_ms_per_request(self) -> float | None:
        cpu = self.result.server_cpu_s
        if cpu is None or not self.result.requests:
            return None
        return cpu * 1000 / self.result.requests

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


def _fmt(value: float | None, spec: str, suffix: str = "") -> str:
    return "-" if value is None or math.isnan(value) else f"{value:{spec}}{suffix}"


def ratios(row: Row, floor: Row | None) -> dict[str, float | None]:
    f = floor.result if floor else None
    return {
        "throughput": ratio(row.result.throughput, f.throughput if f else None),
        "p99": ratio(row.result.p99_ms, f.p99_ms if f else None),
        "cpu_per_request": ratio(
            row.cpu_ms_per_request, floor.cpu_ms_per_request if floor else None
        ),
    }


COLUMNS = (
    ("row", "<"), ("req/s", ">"), ("x floor", ">"), ("p50 ms", ">"), ("p99 ms", ">"),
    ("p99 x floor", ">"), ("cpu ms/req", ">"), ("cpu x floor", ">"), ("errors", ">"),
    ("peak RSS MB", ">"), ("gen cpu", ">"), ("n", ">"),
)  # fmt: skip


def table(rows: list[Row], floor: Row | None) -> str:
    cells: list[list[str]] = []
    for row in rows:
        r, q = row.result, ratios(row, floor)
        errors = str(r.errors) + (f" (+{row.log_errors} log)" if row.log_errors else "")
        cells.append([
            row.name + (f" ({row.web_processes}p)" if row.web_processes > 1 else ""),
            _fmt(r.throughput, ".0f"), _fmt(q["throughput"], ".2f"),
            _fmt(r.p50_ms, ".1f"), _fmt(r.p99_ms, ".1f"), _fmt(q["p99"], ".2f"),
            _fmt(row.cpu_ms_per_request, ".2f"), _fmt(q["cpu_per_request"], ".2f"),
            errors, _fmt(row.peak_rss_mb, ".0f"), _fmt(row.client_busy, ".0%"),
            f"{r.requests}" + (" capped" if r.capped else ""),
        ])  # fmt: skip
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, (h, _) in enumerate(COLUMNS)]

    def line(values: list[str]) -> str:
        parts = [f"{v:{a}{w}}" for v, (_, a), w in zip(values, COLUMNS, widths, strict=True)]
        return "  ".join(parts).rstrip()

    out = [line([h for h, _ in COLUMNS]), "  ".join("-" * w for w in widths)]
    out += [line(c) for c in cells]
    return "\n".join(out)


def machine() -> dict[str, Any]:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "git_commit": commit or None,
    }


def print_table(rows: list[Row], floor: Row | None, settings: dict[str, Any]) -> None:
    info = machine()
    print(
        f"\nWerkplaats bench — {info['cpus']} CPUs, Python {info['python']}, "
        f"{settings['concurrency']} clients, {settings['requests']} requests/row "
        f"(cap {settings['max_seconds']:.0f} s), database {settings['database']}, "
        f"web processes {settings.get('web_processes', 1)}, jobs {settings.get('broker', '-')}"
    )
    print(table(rows, floor))
    for row in rows:
        if row.verdict is not None:
            print(f"\n{row.name}: {'ok' if row.verdict.ok else 'FAILED'}: {row.verdict.note}")
        for note in row.notes:
            print(f"{row.name}: {note}")
    for row in rows:
        if row.result.errors or row.log_errors:
            print(
                f"\n{row.name}: statuses {row.result.statuses}, exceptions {row.result.exceptions}"
            )
            for sample in row.log_samples:
                print(f"  log: {sample}")


def _finite(value: Any) -> Any:
    """NaN (no successful request) becomes null: JSON has no NaN."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def write_json(path: Path, rows: list[Row], floor: Row | None, settings: dict[str, Any]) -> None:
    document = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": settings,
        "floor": floor.name if floor else None,
        "rows": [
            {
                "name": row.name,
                "server": row.server,
                "description": row.description,
                **row.result.as_dict(),
                "peak_rss_mb": row.peak_rss_mb,
                "client_busy": row.client_busy,
                "cpu_ms_per_request": row.cpu_ms_per_request,
                "log_errors": row.log_errors,
                "log_samples": row.log_samples,
                "web_processes": row.web_processes,
                "notes": row.notes,
                "verdict": asdict(row.verdict) if row.verdict else None,
                "ratio_to_floor": ratios(row, floor),
            }
            for row in rows
        ],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_finite(document), indent=2, allow_nan=False, default=str) + "\n")
