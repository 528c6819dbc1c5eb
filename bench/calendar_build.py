"""`python -m bench.calendar_build seed N | time`: a feed of N events, built two ways.

Run with a bench run's environment (its DATABASE_URL). `seed N` adds published
events until the public feed (`/calendar.ics`) holds N: spread over two years (so
over four changes of summer time), some cancelled, some congresses of two days, at
the demo venues. `time` reads that feed's events once and builds the same entries

- the naive way, the floor: an icalendar component per entry, serialised by
  icalendar (what `events/ical.py` did before it wrote its own content lines);
- our way: `events.ical.feed_ics`;

both from the same `EventView`s (each build includes turning them into entries),

alternately, several times each, and prints the medians as JSON, with the time of
our whole feed body including its database read, and whether both builds read back
the same (UID, start, end, SEQUENCE, STATUS, SUMMARY) through icalendar's parser.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import statistics
import sys
import time
from typing import Any

ROUNDS = 7


def naive_feed(entries: list[Any], *, name: str, description: str) -> bytes:
    """The floor: the same calendar as icalendar components, serialised by icalendar."""
    from icalendar import Calendar, Event

    from events.ical import REFRESH_INTERVAL
    from events.ical_text import PRODID, amsterdam_timezone, utc

    calendar = Calendar()
    header = {
        "prodid": PRODID,
        "version": "2.0",
        "calscale": "GREGORIAN",
        "method": "PUBLISH",
        "name": name,
        "x-wr-calname": name,
        "description": description,
        "x-wr-caldesc": description,
        "refresh-interval": REFRESH_INTERVAL,
        "x-published-ttl": "PT1H",
    }
    for key, value in header.items():
        calendar.add(key, value)
    calendar.add_component(amsterdam_timezone())
    for entry in entries:
        component = Event()
        component.add("uid", entry.uid)
        component.add("dtstamp", utc(entry.last_modified))
        component.add("dtstart", entry.starts_at)
        component.add("dtend", entry.ends_at)
        component.add("sequence", entry.sequence)
        component.add("last-modified", utc(entry.last_modified))
        component.add("summary", entry.summary)
        component.add("location", entry.location)
        component.add("url", entry.url)
        component.add("description", entry.description)
        component.add("status", entry.status)
        calendar.add_component(component)
    return calendar.to_ical()


def _read_back(data: bytes) -> list[tuple[Any, ...]]:
    from icalendar import Calendar

    return [
        (str(e["uid"]), e.decoded("dtstart"), e.decoded("dtend"), int(e["sequence"]),
         str(e["status"]), str(e["summary"]))
        for e in Calendar.from_ical(data).walk("VEVENT")
    ]  # fmt: skip


async def seed(total: int) -> dict[str, Any]:
    from events.enums import EventKind, EventStatus
    from events.services.calendars.versions import feed_version, public_feed
    from events.tables import Event, Venue
    from werkplaats.i18n import TIMEZONE

    have = (await feed_version(public_feed())).events
    venues = [row["id"] for row in await Venue.select(Venue.id)] or [None]
    kinds = list(EventKind)
    first = dt.datetime.now(TIMEZONE).replace(hour=13, minute=30, second=0, microsecond=0)
    now = dt.datetime.now(dt.UTC)
    rows = []
    for n in range(max(total - have, 0)):
        starts = first + dt.timedelta(days=1 + n * 730 // max(total, 1))
        days = 2 if n % 50 == 0 else 1
        rows.append(
            Event(
                title=f"Actualiteitencollege {n}: bestaanszekerheid, schulden en de wijk",
                slug=f"bench-feed-{n}-{now.timestamp():.0f}",
                kind=EventKind.CONGRES if days == 2 else kinds[n % len(kinds)],
                status=EventStatus.CANCELLED if n % 25 == 0 else EventStatus.PUBLISHED,
                summary="Wat leert de klantreis 'armoede' ons? Met cliëntenraden, gemeenten, "
                "sociale wijkteams en onderzoekers van de hogeschool.",
                starts_at=starts,
                ends_at=starts.replace(hour=17) + dt.timedelta(days=days - 1),
                venue=venues[n % len(venues)],
                sequence=n % 3,
                updated_at=now,
            )
        )
    for start in range(0, len(rows), 250):
        await Event.insert(*rows[start : start + 250])
    return {"events": (await feed_version(public_feed())).events, "added": len(rows)}


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


async def timings() -> dict[str, Any]:
    from events.ical import event_entries, feed_ics
    from events.services.calendars.versions import feed_body, feed_events, public_feed
    from werkplaats.settings import get_settings

    feed = public_feed()
    events = await feed_events(feed)
    base_url = get_settings().base_url
    entries = [entry for event in events for entry in event_entries(event, base_url=base_url)]
    naive, ours, whole = [], [], []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        built = [entry for event in events for entry in event_entries(event, base_url=base_url)]
        naive_body = naive_feed(built, name=feed.name, description=feed.description)
        naive.append(time.perf_counter() - started)
        started = time.perf_counter()
        built = [entry for event in events for entry in event_entries(event, base_url=base_url)]
        our_body = feed_ics(built, name=feed.name, description=feed.description)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        await feed_body(public_feed())
        whole.append(time.perf_counter() - started)
    return {
        "events": len(events),
        "entries": len(entries),
        "naive_ms": _median_ms(naive),
        "ours_ms": _median_ms(ours),
        "ours_with_database_ms": _median_ms(whole),
        "same_read_back": _read_back(naive_body) == _read_back(our_body),
        "bytes": len(our_body),
    }


async def _run(command: str, argument: str) -> dict[str, Any]:
    from werkplaats.db import close_database, open_database

    await open_database()
    try:
        return await (seed(int(argument)) if command == "seed" else timings())
    finally:
        await close_database()


def main() -> None:
    command, argument = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "")
    print(json.dumps(asyncio.run(_run(command, argument))))


if __name__ == "__main__":
    main()
