"""Rows of a run, printed as a table of ratios to the floor and written as JSON.

Each row divides by the floor it names, measured in the same run (`bench.rows`);
under the table, each row's own findings, then the issue's goals (`bench.goals`).
Absolute numbers are shown for context only: they depend on the machine and on
whatever else runs on it, the ratios much less.
"""

from __future__ import annotations

import json
import math
import os
import platform
import subprocess
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.goals import check_goals, goals_table
from bench.rows import Row, floors_of, ratios

__all__ = ["Row", "print_table", "table", "write_json"]


def _fmt(value: float | None, spec: str, suffix: str = "") -> str:
    return "-" if value is None or math.isnan(value) else f"{value:{spec}}{suffix}"


COLUMNS = (
    ("row", "<"), ("floor", "<"), ("req/s", ">"), ("x floor", ">"), ("p50 ms", ">"),
    ("p99 ms", ">"), ("p99 x floor", ">"), ("cpu ms/req", ">"), ("cpu x floor", ">"),
    ("srv cpu", ">"), ("gen cpu", ">"), ("errors", ">"), ("peak RSS MB", ">"), ("n", ">"),
)  # fmt: skip


def table(rows: list[Row]) -> str:
    floors = floors_of(rows)
    cells: list[list[str]] = []
    for row in rows:
        r, q = row.result, ratios(row, floors)
        errors = str(r.errors) + (f" (+{row.log_errors} log)" if row.log_errors else "")
        cells.append([
            row.name + (f" ({row.web_processes}p)" if row.web_processes > 1 else ""),
            "-" if row.floor == row.name else row.floor,
            _fmt(r.throughput, ".0f"), _fmt(q["throughput"], ".2f"),
            _fmt(r.p50_ms, ".1f"), _fmt(r.p99_ms, ".1f"), _fmt(q["p99"], ".2f"),
            _fmt(row.cpu_ms_per_request, ".2f"), _fmt(q["cpu_per_request"], ".2f"),
            _fmt(row.server_busy, ".0%"), _fmt(row.client_busy, ".0%"),
            errors, _fmt(row.peak_rss_mb, ".0f"),
            f"{r.requests}" + (" capped" if r.capped else ""),
        ])  # fmt: skip
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, (h, _) in enumerate(COLUMNS)]

    def line(values: list[str]) -> str:
        parts = [f"{v:{a}{w}}" for v, (_, a), w in zip(values, COLUMNS, widths, strict=True)]
        return "  ".join(parts).rstrip()

    out = [line([h for h, _ in COLUMNS]), "  ".join("-" * w for w in widths)]
    out += [line(c) for c in cells]
    return "\n".join(out)


def row_notes(row: Row) -> list[str]:
    """What a row found beside its columns: its check, its mail, its lock hold times."""
    lines = []
    if row.verdict is not None:
        lines.append(f"{'ok' if row.verdict.ok else 'FAILED'}: {row.verdict.note}")
    if row.settled is not None:
        lines.append(f"mail: {row.settled.note}")
    if row.lock_times is not None:
        held = "; ".join(f"{k} {v.describe()}" for k, v in row.lock_times.items())
        lines.append(f"lock hold times: {held or '— (no locks-*.json written by the server)'}")
    return lines + row.notes


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


def print_table(rows: list[Row], settings: dict[str, Any]) -> None:
    info = machine()
    print(
        f"\nWerkplaats bench — {info['cpus']} CPUs, Python {info['python']}, "
        f"{settings['concurrency']} clients, {settings['requests']} requests/row "
        f"(cap {settings['max_seconds']:.0f} s), database {settings['database']}, "
        f"web processes {settings.get('web_processes', 1)}, jobs {settings.get('broker', '-')}"
    )
    print(table(rows))
    for row in rows:
        notes = row_notes(row)
        if notes:
            print(f"\n{row.name}:" + "".join(f"\n  {note}" for note in notes))
    for row in rows:
        if row.result.errors or row.log_errors:
            print(
                f"\n{row.name}: statuses {row.result.statuses}, exceptions {row.result.exceptions}"
            )
            for sample in row.log_samples:
                print(f"  log: {sample}")
    judged = check_goals(rows, settings)
    if judged:
        print("\n" + goals_table(judged))


def _finite(value: Any) -> Any:
    """NaN (no successful request) becomes null: JSON has no NaN."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def write_json(path: Path, rows: list[Row], settings: dict[str, Any]) -> None:
    floors = floors_of(rows)
    document = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": settings,
        "rows": [
            {
                "name": row.name,
                "server": row.server,
                "description": row.description,
                "floor": row.floor,
                **row.result.as_dict(),
                "peak_rss_mb": row.peak_rss_mb,
                "client_busy": row.client_busy,
                "server_busy": row.server_busy,
                "settle_cpu_s": row.settle_cpu_s,
                "worker_cpu_s": row.worker_cpu_s,
                "cpu_ms_per_request": row.cpu_ms_per_request,
                "settled": asdict(row.settled) if row.settled else None,
                "lock_times": (
                    {k: v.as_dict() for k, v in row.lock_times.items()}
                    if row.lock_times is not None
                    else None
                ),
                "log_errors": row.log_errors,
                "log_samples": row.log_samples,
                "web_processes": row.web_processes,
                "notes": row.notes,
                "verdict": asdict(row.verdict) if row.verdict else None,
                "ratio_to_floor": ratios(row, floors),
            }
            for row in rows
        ],
        "goals": [goal.as_dict() for goal in check_goals(rows, settings)],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_finite(document), indent=2, allow_nan=False, default=str) + "\n")
