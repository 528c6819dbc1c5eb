"""The issue's goals, judged on the rows of one run: ratios to floors, never absolute figures.

A goal names its row and the settings it is set for (the registration rush has one
set of goals for SQLite with one web process and the in-process worker, and one for
PostgreSQL with two web processes); a row measured under other settings is shown
with its figure and "no goal here". A goal whose row is not in the run is left out.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from bench.rows import Row, ratios

Measure = Callable[[Row, dict[str, Row]], tuple[float | None, str]]
Applies = Callable[[dict[str, Any]], bool]


@dataclass(frozen=True, slots=True)
class Goal:
    row: str
    what: str
    measure: Measure
    limit: float
    at_least: bool  # met when the figure >= limit; else when <= limit
    applies: Applies
    settings: str  # for whom the goal is set, in words

    def shown_limit(self) -> str:
        return f"{'>=' if self.at_least else '<='} {self.limit:g}"


@dataclass(frozen=True, slots=True)
class Judged:
    row: str
    what: str
    settings: str  # those the goal is set for; "" when not this run's
    value: float | None
    shown: str
    goal: str  # in brackets when set for other settings only
    met: bool | None  # None: no figure, or no goal for this run's settings

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _ratio(key: str) -> Measure:
    def measure(row: Row, floors: dict[str, Row]) -> tuple[float | None, str]:
        value = ratios(row, floors)[key]
        return value, "-" if value is None else f"{value:.2f}"

    return measure


def _mail_seconds(row: Row, _: dict[str, Row]) -> tuple[float | None, str]:
    settled = row.settled
    if settled is None:
        return None, "-"
    if settled.seconds is None:
        return math.inf, f"> cap, {settled.left} still queued"
    return settled.seconds, f"{settled.seconds:.1f} s"


def _seat_lock(row: Row, _: dict[str, Row]) -> tuple[float | None, str]:
    seats = (row.lock_times or {}).get("seats")
    if seats is None:
        return None, "—"
    return seats.p99_ms, f"{seats.p50_ms:.2f} / {seats.p99_ms:.2f} ms"


def _always(_: dict[str, Any]) -> bool:
    return True


def _sqlite_one(settings: dict[str, Any]) -> bool:
    return (
        settings.get("database") == "sqlite"
        and settings.get("web_processes") == 1
        and settings.get("broker") == "in-process"
    )


def _postgres(settings: dict[str, Any]) -> bool:
    return str(settings.get("database", "")).startswith("postgres")


def _postgres_two(settings: dict[str, Any]) -> bool:
    return _postgres(settings) and settings.get("web_processes") == 2


SQLITE_ONE = "sqlite, 1 web process, in-process worker"
POSTGRES_TWO = "postgresql, 2 web processes"
RUSH = "registration-rush"
RUSH_CPU = "cpu/registration (its mail incl.) x floor"
GOALS = (
    Goal(RUSH, "req/s x floor", _ratio("throughput"), 0.10, True, _sqlite_one, SQLITE_ONE),
    Goal(RUSH, RUSH_CPU, _ratio("cpu_per_request"), 20, False, _sqlite_one, SQLITE_ONE),
    Goal(RUSH, "req/s x floor", _ratio("throughput"), 0.15, True, _postgres_two, POSTGRES_TWO),
    Goal(RUSH, RUSH_CPU, _ratio("cpu_per_request"), 20, False, _postgres_two, POSTGRES_TWO),
    Goal(RUSH, "last mail written after last answer", _mail_seconds, 60, False, _always, "any"),
    Goal(RUSH, "seat lock held p50 / p99", _seat_lock, 5, False, _postgres, "postgresql"),
    *(
        Goal(page, "cpu/page x jinja page", _ratio("cpu_per_request"), 5, False, _always, "any")
        for page in ("home-page", "events-page", "event-detail")
    ),
    Goal("calendar-304", "cpu/req x floor", _ratio("cpu_per_request"), 2, False, _always, "any"),
    Goal("calendar-304", "req/s x floor", _ratio("throughput"), 0.5, True, _always, "any"),
    Goal("checkin", "p99 x floor", _ratio("p99"), 2, False, _always, "any"),
)


def check_goals(rows: list[Row], settings: dict[str, Any]) -> list[Judged]:
    """One line per measured (row, figure): judged by the goal set for this run's
    settings, or shown with the goals set for other settings and no verdict."""
    by_name = {row.name: row for row in rows}
    groups: dict[tuple[str, str], list[Goal]] = {}
    for goal in GOALS:
        if goal.row in by_name:
            groups.setdefault((goal.row, goal.what), []).append(goal)
    judged = []
    for (name, what), goals in groups.items():
        value, shown = goals[0].measure(by_name[name], by_name)
        goal = next((g for g in goals if g.applies(settings)), None)
        if goal is None:
            elsewhere = "; ".join(f"{g.shown_limit()} for {g.settings}" for g in goals)
            judged.append(Judged(name, what, "", value, shown, f"({elsewhere})", None))
            continue
        met = None
        if value is not None:
            met = value >= goal.limit if goal.at_least else value <= goal.limit
        judged.append(Judged(name, what, goal.settings, value, shown, goal.shown_limit(), met))
    return judged


def goals_table(judged: list[Judged]) -> str:
    heads = ("goals (the issue's)", "figure", "this run", "goal", "")
    cells = [
        (
            j.row,
            j.what,
            j.shown,
            j.goal,
            {True: "met", False: "NOT MET", None: "no goal here" if j.settings == "" else "-"}[
                j.met
            ],
        )
        for j in judged
    ]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(heads)]
    lines = [heads, *cells]
    return "\n".join(
        "  ".join(
            f"{v:{'>' if i == 2 else '<'}{w}}"
            for i, (v, w) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in lines
    )
