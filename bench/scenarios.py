"""The named rows of a run. To add one, add one decorated function here.

A scenario function gets a `Context` (the running server's URL and the run's
environment, for CLI set-up such as `ctx.cli("create-user", ...)`) and returns the
`Workload` to measure. Rows run in the order they are declared; each gets a fresh
server process of its `server` kind, all share the run's database. Each row names
the floor its ratios divide by: the bare JSON endpoint, or for HTML pages the bare
Jinja page (both in `bench/floor_app.py`, measured in the same run).
"""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.harness import FLOOR, PROJECT_ROOT, WERKPLAATS, Target, Workload, werkplaats_cli

DEMO_EVENT = "regionale-bijeenkomst-voorjaar-2027"
FLOOR_ROW = "floor"
JINJA_FLOOR_ROW = "floor-jinja"


@dataclass(frozen=True, slots=True)
class Context:
    base_url: str
    env: dict[str, str]
    data_dir: Path

    def cli(self, *args: str, input: str | None = None) -> str:
        """Run a `werkplaats` command against the run's database; return its stdout."""
        return werkplaats_cli(self.env, *args, input=input)

    def module_json(self, module: str, *args: str, timeout: float = 300) -> Any:
        """Run `python -m module ARGS` against the run's database; its last stdout
        line, read as JSON (e.g. `bench.seats`, which reads what a row wrote)."""
        done = subprocess.run(
            [sys.executable, "-m", module, *args],
            cwd=PROJECT_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
        return json.loads(done.stdout.strip().splitlines()[-1])

    def create_event(self, title: str, capacity: int) -> str:
        """A published congress day in 2030 through the API, with an organiser token."""
        body = {
            "title": title,
            "kind": "congres",
            "starts_at": "2030-11-14T09:30:00+01:00",
            "ends_at": "2030-11-14T17:00:00+01:00",
            "status": "published",
            "capacity": capacity,
        }
        headers = {"Authorization": f"Bearer {self.token('organiser')}"}
        with httpx.Client(base_url=self.base_url, trust_env=False, timeout=30) as client:
            response = client.post("/api/v1/events", json=body, headers=headers)
        response.raise_for_status()
        return response.json()["slug"]

    def token(self, role: str) -> str:
        """A new account of `role` through the CLI; its API token (the last stdout line)."""
        email = f"bench-{role}-{secrets.token_hex(4)}@bench.example"
        out = self.cli("create-user", email, "--role", role, input=secrets.token_urlsafe(18))
        return out.strip().splitlines()[-1]


Build = Callable[[Context], Workload]


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    target: Target
    description: str
    build: Build
    env: dict[str, str] = field(default_factory=dict)  # for this row's server only
    floor: str = FLOOR_ROW  # the row its ratios divide by
    lock_times: bool = False  # its server records lock hold times (LOCK_TIMES_DIR)


SCENARIOS: dict[str, Scenario] = {}


def scenario(
    name: str,
    *,
    target: Target = WERKPLAATS,
    description: str = "",
    env: dict[str, str] | None = None,
    floor: str = FLOOR_ROW,
    lock_times: bool = False,
) -> Callable[[Build], Build]:
    """Register the decorated function as the row `name`; `env` is added to its server's,
    `floor` names the row its ratios divide by, `lock_times` records lock hold times."""

    def register(build: Build) -> Build:
        if name in SCENARIOS:
            raise ValueError(f"scenario {name!r} is declared twice")
        if floor != name and floor not in SCENARIOS:
            raise ValueError(f"scenario {name!r}: its floor {floor!r} is not declared before it")
        text = description or (build.__doc__ or "").strip().splitlines()[0]
        SCENARIOS[name] = Scenario(
            name, target, text, build, dict(env or {}), floor=floor, lock_times=lock_times
        )
        return build

    return register


@scenario(FLOOR_ROW, target=FLOOR)
def floor(ctx: Context) -> Workload:
    """Bare Litestar app, GET / -> small JSON dict (the floor of every row but the pages)."""
    return Workload.get("/")


@scenario(JINJA_FLOOR_ROW, target=FLOOR)
def floor_jinja(ctx: Context) -> Workload:
    """Bare Litestar app, GET /jinja -> a small template with a loop (the pages' floor)."""
    return Workload.get("/jinja")


@scenario("health")
def health(ctx: Context) -> Workload:
    """GET /health: middleware stack + `SELECT 1` + queue check, JSON."""
    return Workload.get("/health")


@scenario("home-page", floor=JINJA_FLOOR_ROW)
def home_page(ctx: Context) -> Workload:
    """GET /: the public home page, HTML rendered from the demo data."""
    return Workload.get("/")


@scenario("events-page", floor=JINJA_FLOOR_ROW)
def events_page(ctx: Context) -> Workload:
    """GET /events: the public event list, HTML rendered from the demo data."""
    return Workload.get("/events")


@scenario("event-detail", floor=JINJA_FLOOR_ROW)
def event_detail(ctx: Context) -> Workload:
    """GET /events/<slug>: one demo event's public page, HTML."""
    return Workload.get(f"/events/{DEMO_EVENT}")


@scenario("api-events")
def api_events(ctx: Context) -> Workload:
    """GET /api/v1/events: the public events as JSON (anonymous)."""
    return Workload.get("/api/v1/events")


# Writers last: rows after them would read a database they changed. The rush leaves
# its outbox sending for minutes (every later server's worker takes it up): keep it last.
import bench.calendar_feed  # noqa: E402  (declares "calendar-feed", "calendar-304")
import bench.checkin_scans  # noqa: E402  (declares "checkin")
import bench.registration_rush  # noqa: E402, F401  (declares "registration-rush")
