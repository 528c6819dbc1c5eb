"""The calendar rows: a feed of 1,000 events, fetched whole and fetched conditionally.

`calendar-feed` asks for `/calendar.ics` with no validator, so every request builds
the feed from the database: nothing is cached. Its check afterwards times the build
in one process, our writer against the naive icalendar build (the floor for the
build, measured in the same run), and fetches the feed one request at a time for
its latency without a queue in front. `calendar-304` sends the feed's ETag back,
as a subscribed calendar does, and must get 304s: one aggregate query, no build.
Both rows add events to the run's database (until the feed holds 1,000).
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import httpx

from bench.client import Connection, Response
from bench.harness import Verdict, Workload
from bench.scenarios import Context, scenario

EVENTS = 1000
FEED = "/calendar.ics"
SEQUENTIAL = 20


def calendar_build(ctx: Context, *args: str) -> dict[str, Any]:
    return ctx.module_json("bench.calendar_build", *args)


def feed_of(ctx: Context, events: int = EVENTS) -> None:
    seeded = calendar_build(ctx, "seed", str(events))
    if seeded["events"] != events:
        raise RuntimeError(f"the feed holds {seeded['events']} events, not {events}")


def one_at_a_time(ctx: Context) -> tuple[float, int]:
    """The median latency (ms) of whole-feed GETs sent one after another, and the size."""
    samples = []
    with httpx.Client(base_url=ctx.base_url, trust_env=False, timeout=30) as client:
        for _ in range(SEQUENTIAL):
            started = time.perf_counter()
            response = client.get(FEED)
            samples.append(time.perf_counter() - started)
            response.raise_for_status()
    return round(statistics.median(samples) * 1000, 1), len(response.content)


@scenario("calendar-feed")
def calendar_feed(ctx: Context) -> Workload:
    """GET /calendar.ics, 1,000 events, no validator: built from the database every time."""
    feed_of(ctx)

    def verify() -> Verdict:
        built = calendar_build(ctx, "time")
        latency, size = one_at_a_time(ctx)
        ratio = built["naive_ms"] / built["ours_ms"] if built["ours_ms"] else float("nan")
        note = (
            f"{built['events']} events ({built['entries']} entries, {size // 1024} KiB): "
            f"build + serialise, naive icalendar {built['naive_ms']} ms (floor), "
            f"ours {built['ours_ms']} ms (x{ratio:.1f} faster); "
            f"ours with the database read {built['ours_with_database_ms']} ms; "
            f"GET one at a time p50 {latency} ms; "
            f"both builds read back the same: {'yes' if built['same_read_back'] else 'NO'}"
        )
        return Verdict(ok=built["same_read_back"], note=note)

    return Workload(send=_get_feed, verify=verify)


async def _get_feed(client: Connection, _: int) -> Response:
    return await client.get(FEED)


@scenario("calendar-304")
def calendar_not_modified(ctx: Context) -> Workload:
    """GET /calendar.ics with If-None-Match, 1,000 events: 304 from one aggregate query."""
    feed_of(ctx)
    with httpx.Client(base_url=ctx.base_url, trust_env=False, timeout=30) as client:
        etag = client.get(FEED).headers["etag"]
    return Workload.get(FEED, expect=304, headers={"If-None-Match": etag})
