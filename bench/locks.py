"""Lock hold times a server recorded (LOCK_TIMES_DIR), read after it stopped.

With LOCK_TIMES_DIR set, each server process writes `locks-<pid>.json` when its
database closes (at the end of the app's lifespan: the server must be stopped with
SIGINT or SIGTERM, not killed): `{prefix: [seconds held, ...]}`, e.g. "seats" for
the seat lock of an event. This sums them over the processes of one row.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.load import percentile


@dataclass(frozen=True, slots=True)
class HoldTimes:
    holds: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    processes: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        return (
            f"p50 {self.p50_ms:.2f} ms / p99 {self.p99_ms:.2f} ms / max {self.max_ms:.1f} ms "
            f"over {self.holds} holds ({self.processes} process"
            f"{'es' if self.processes != 1 else ''})"
        )


def hold_times(directory: Path) -> dict[str, HoldTimes]:
    """Per lock-name prefix, the hold times in all `locks-*.json` under `directory`."""
    seconds: dict[str, list[float]] = {}
    files: dict[str, int] = {}
    for path in sorted(directory.glob("locks-*.json")):
        for prefix, held in json.loads(path.read_text()).items():
            if isinstance(held, list):
                seconds.setdefault(prefix, []).extend(float(s) for s in held)
                files[prefix] = files.get(prefix, 0) + 1
    figures = {}
    for prefix, held in sorted(seconds.items()):
        ms = sorted(s * 1000 for s in held)
        if ms:
            figures[prefix] = HoldTimes(
                len(ms), percentile(ms, 50), percentile(ms, 99), ms[-1], files[prefix]
            )
    return figures
