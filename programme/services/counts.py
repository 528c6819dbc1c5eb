"""What counts for a year's targets: its events by kind with their attendance, and
its publications, each held (done) or planned (still to come).

An event counts in the year it starts (Europe/Amsterdam); a cancelled one never
counts. Attendance is the number of registrations with a live check-in at the
entrance (an undone check-in does not count)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from piccolo.query.functions.aggregate import Count

from events.enums import EventKind, EventStatus
from events.tables import Checkin, Event
from mailings.tables import Publication
from werkplaats.i18n import TIMEZONE


@dataclass(frozen=True)
class CountedEvent:
    id: int
    title: str
    slug: str
    kind: EventKind
    starts_at: dt.datetime
    held: bool
    attendance: int


@dataclass(frozen=True)
class CountedPublication:
    id: int
    title: str
    kind: str
    published_on: dt.date
    held: bool


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(year, 1, 1, tzinfo=TIMEZONE)
    return start, dt.datetime(year + 1, 1, 1, tzinfo=TIMEZONE)


async def attendance_by_event(event_ids: list[int]) -> dict[int, int]:
    if not event_ids:
        return {}
    rows = (
        await Checkin.select(Checkin.event, Count(distinct=[Checkin.registration]))
        .where(
            Checkin.event.is_in(event_ids) & Checkin.session.is_null() & Checkin.undone_at.is_null()
        )
        .group_by(Checkin.event)
    )
    return {row["event"]: row["count"] for row in rows}


async def events_of_year(year: int, *, now: dt.datetime) -> list[CountedEvent]:
    start, end = year_bounds(year)
    rows = (
        await Event.select(
            Event.id,
            Event.title,
            Event.slug,
            Event.kind,
            Event.starts_at,
            Event.ends_at,
            Event.status,
        )
        .where((Event.starts_at >= start) & (Event.starts_at < end))
        .where(Event.status != EventStatus.CANCELLED)
        .order_by(Event.starts_at)
    )
    attendance = await attendance_by_event([row["id"] for row in rows])
    return [
        CountedEvent(
            id=row["id"],
            title=row["title"],
            slug=row["slug"],
            kind=EventKind(row["kind"]),
            starts_at=row["starts_at"],
            held=row["ends_at"] <= now and row["status"] == EventStatus.PUBLISHED,
            attendance=attendance.get(row["id"], 0),
        )
        for row in rows
    ]


async def publications_of_year(year: int, *, today: dt.date) -> list[CountedPublication]:
    rows = (
        await Publication.select(
            Publication.id, Publication.title, Publication.kind, Publication.published_on
        )
        .where(
            (Publication.published_on >= dt.date(year, 1, 1))
            & (Publication.published_on <= dt.date(year, 12, 31))
        )
        .order_by(Publication.published_on)
    )
    return [
        CountedPublication(
            id=row["id"],
            title=row["title"],
            kind=row["kind"],
            published_on=row["published_on"],
            held=row["published_on"] <= today,
        )
        for row in rows
    ]
