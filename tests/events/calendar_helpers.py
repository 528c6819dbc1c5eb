"""Reading calendar feeds back in tests, with two parsers we do not write with:
`ical` (strict, pydantic) and `vobject` (which builds its time zone from our VTIMEZONE).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import vobject
from ical.calendar_stream import IcsCalendarStream

from events.enums import EventKind, EventStatus
from events.services.catalogue.events import create_event
from events.services.catalogue.reference import save_theme
from tests.conftest import demo_event_values
from werkplaats.i18n import TIMEZONE

VENUE = {"name": "Pletterij", "address": "Lange Herenvest 122", "city": "Haarlem"}


@dataclass(frozen=True)
class Entry:
    """One VEVENT as both parsers read it (they must agree on each field here)."""

    uid: str
    summary: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    sequence: int
    status: str
    location: str
    url: str
    description: str


@dataclass(frozen=True)
class Parsed:
    strict: Any
    loose: Any
    entries: list[Entry]

    def by_uid(self) -> dict[str, Entry]:
        return {entry.uid: entry for entry in self.entries}

    @property
    def uids(self) -> list[str]:
        return [entry.uid for entry in self.entries]


def _value(component: Any, name: str, default: Any = "") -> Any:
    found = getattr(component, name, None)
    return found.value if found is not None else default


def parse_feed(data: bytes) -> Parsed:
    """Both parsers read `data`; their VEVENTs must agree; returns what they read."""
    strict = IcsCalendarStream.calendar_from_ics(data.decode())
    loose = vobject.readOne(data.decode())
    loose_events = list(getattr(loose, "vevent_list", []))
    entries = [
        Entry(
            uid=e.uid,
            summary=e.summary,
            starts_at=e.dtstart,
            ends_at=e.dtend,
            sequence=e.sequence or 0,
            status=str(e.status.value if e.status else ""),
            location=e.location or "",
            url=e.url or "",
            description=e.description or "",
        )
        for e in strict.events
    ]
    assert [
        (
            _value(v, "uid"),
            _value(v, "summary"),
            _value(v, "dtstart"),
            _value(v, "dtend"),
            int(_value(v, "sequence", "0")),
            _value(v, "status"),
            _value(v, "location"),
            _value(v, "url"),
            _value(v, "description"),
        )
        for v in loose_events
    ] == [
        (
            e.uid,
            e.summary,
            e.starts_at,
            e.ends_at,
            e.sequence,
            e.status,
            e.location,
            e.url,
            e.description,
        )
        for e in entries
    ]
    return Parsed(strict, loose, entries)


def unfolded(data: bytes) -> str:
    return data.decode().replace("\r\n ", "")


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TIMEZONE)


async def make_event(title: str = "Regionale bijeenkomst voorjaar", **overrides: Any) -> str:
    """A published event at the Pletterij, 13.30–17.00 on 16 April 2030 unless told."""
    values = {"title": title, "venue": VENUE, **overrides}
    return await create_event(demo_event_values(**values))


async def feeds_of_every_kind() -> list[str]:
    """Events in and out of the feeds: upcoming, cancelled, past, too old, a draft."""
    now = dt.datetime.now(TIMEZONE)
    await save_theme({"name": "Inclusieve wijk"})
    past = {
        "starts_at": now - dt.timedelta(days=3),
        "ends_at": now - dt.timedelta(days=3, hours=-2),
    }
    old = {"starts_at": now - dt.timedelta(days=400), "ends_at": now - dt.timedelta(days=399)}
    return [
        await make_event("Komend", themes=["inclusieve-wijk"]),
        await make_event("Komend college", kind=EventKind.ACTUALITEITENCOLLEGE),
        await make_event("Afgelast", status=EventStatus.CANCELLED, themes=["inclusieve-wijk"]),
        await make_event("Afgelast en voorbij", status=EventStatus.CANCELLED, **past),
        await make_event("Voorbij", themes=["inclusieve-wijk"], **past),
        await make_event("Te lang geleden", **old),
        await make_event("Concept", status=EventStatus.DRAFT, themes=["inclusieve-wijk"]),
    ]
