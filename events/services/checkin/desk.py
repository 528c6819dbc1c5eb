"""What the door sees besides a scan: live counts, the last scans, finding people by
name, the places to check in at, and the check-in list of a place.

Only reads; `events.services.checkin.scans` writes. A place is the entrance (`session_id`
None) or one programme session (a workshop room). Expected at a place are the
registrations holding a seat.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from events.enums import CheckinConflictKind, CheckinOutcome, EventStatus, RegistrationStatus
from events.services.catalogue.listing import list_events
from events.services.registration.seats import seats_taken
from events.tables import Checkin, CheckinConflict, Registration, Session
from events.views import EventView
from werkplaats.db import contains

SEARCH_RESULTS = 20


@dataclass(frozen=True)
class Place:
    session_id: int | None
    title: str
    room: str = ""
    starts_at: dt.datetime | None = None


@dataclass(frozen=True)
class Counts:
    checked_in: int
    expected: int


@dataclass(frozen=True)
class Person:
    """A registration as the door needs it, with its check-in at the chosen place."""

    registration_id: int
    name: str
    organisation: str
    status: RegistrationStatus
    checked_in_at: dt.datetime | None
    checked_in_by: str


def _at(session_id: int | None) -> Any:
    return Checkin.session.is_null() if session_id is None else Checkin.session == session_id


async def door_events(limit: int = 60) -> list[EventView]:
    """The published events to choose a door from: today's and coming ones first
    (soonest first), then those past (latest first)."""
    events = await list_events(statuses=(EventStatus.PUBLISHED,), past=None, limit=limit)

    def by_day(event: EventView) -> tuple[bool, float]:
        moment = event.starts_at.timestamp()
        return (event.is_past, -moment if event.is_past else moment)

    return sorted(events, key=by_day)


async def places(event_id: int) -> list[Place]:
    """The sessions of the event with a room: the places besides the entrance."""
    rows = (
        await Session.select(Session.id, Session.title, Session.room, Session.starts_at)
        .where(Session.event == event_id)
        .order_by(Session.starts_at)
        .order_by(Session.position)
    )
    return [
        Place(row["id"], row["title"], row["room"], row["starts_at"]) for row in rows if row["room"]
    ]


def place_among(places: list[Place], session_id: int | None) -> Place | None:
    """The place of `session_id` among `places`, None for the entrance; LookupError
    for a session that is not one of them (another event's, or one without a room)."""
    if session_id is None:
        return None
    for place in places:
        if place.session_id == session_id:
            return place
    raise LookupError(session_id)


async def counts(event_id: int, session_id: int | None = None) -> Counts:
    checked_in = await Checkin.count().where(
        (Checkin.event == event_id) & _at(session_id) & Checkin.undone_at.is_null()
    )
    return Counts(checked_in=checked_in, expected=await seats_taken(event_id))


async def recent(event_id: int, session_id: int | None = None, limit: int = 8) -> list[Person]:
    """The last check-ins at this place, newest first."""
    rows = (
        await Checkin.select(
            Checkin.registration,
            Checkin.registration.name.as_alias("name"),
            Checkin.registration.organisation.as_alias("organisation"),
            Checkin.checked_in_at,
            Checkin.by_name,
        )
        .where((Checkin.event == event_id) & _at(session_id) & Checkin.undone_at.is_null())
        .order_by(Checkin.checked_in_at, ascending=False)
        .order_by(Checkin.id, ascending=False)
        .limit(limit)
    )
    return [
        Person(
            registration_id=row["registration"],
            name=row["name"],
            organisation=row["organisation"],
            status=RegistrationStatus.REGISTERED,
            checked_in_at=row["checked_in_at"],
            checked_in_by=row["by_name"],
        )
        for row in rows
    ]


async def _live_checkins(
    event_id: int, session_id: int | None, registration_ids: list[int] | None = None
) -> dict[int, dict[str, Any]]:
    query = Checkin.select(
        Checkin.registration, Checkin.checked_in_at, Checkin.by_name, Checkin.method
    ).where((Checkin.event == event_id) & _at(session_id) & Checkin.undone_at.is_null())
    if registration_ids is not None:
        if not registration_ids:
            return {}
        query = query.where(Checkin.registration.is_in(registration_ids))
    return {row["registration"]: row for row in await query}


def _person(row: dict[str, Any], checkin: dict[str, Any] | None) -> Person:
    return Person(
        registration_id=row["id"],
        name=row["name"],
        organisation=row["organisation"],
        status=RegistrationStatus(row["status"]),
        checked_in_at=checkin["checked_in_at"] if checkin else None,
        checked_in_by=checkin["by_name"] if checkin else "",
    )


async def find_people(
    event_id: int, text: str, session_id: int | None = None, limit: int = SEARCH_RESULTS
) -> list[Person]:
    """Registrations of this event whose name, organisation or e-mail holds `text`;
    those with a seat first, then by name."""
    text = text.strip()[:100]
    if len(text) < 2:
        return []
    rows = (
        await Registration.select(
            Registration.id, Registration.name, Registration.organisation, Registration.status
        )
        .where(
            (Registration.event == event_id)
            & (
                contains(Registration.name, text)
                | contains(Registration.organisation, text)
                | contains(Registration.email, text)
            )
        )
        .limit(200)
    )
    rows.sort(key=lambda r: (r["status"] != RegistrationStatus.REGISTERED, r["name"].casefold()))
    rows = rows[:limit]
    live = await _live_checkins(event_id, session_id, [row["id"] for row in rows])
    return [_person(row, live.get(row["id"])) for row in rows]


@dataclass(frozen=True)
class ListLine:
    person: Person
    email: str
    registerplein_number: str
    method: str


async def checkin_list(
    event_id: int, session_id: int | None = None, *, only: str = "all"
) -> list[ListLine]:
    """Everyone with a seat, and whether (and when, by whom) they came to this place.

    `only`: "all", "in" (checked in) or "absent".
    """
    rows = await Registration.select(
        Registration.id,
        Registration.name,
        Registration.organisation,
        Registration.status,
        Registration.email,
        Registration.registerplein_number,
    ).where(
        (Registration.event == event_id) & (Registration.status == RegistrationStatus.REGISTERED)
    )
    live = await _live_checkins(event_id, session_id)
    lines = [
        ListLine(
            _person(row, live.get(row["id"])),
            row["email"],
            row["registerplein_number"],
            live.get(row["id"], {}).get("method", ""),
        )
        for row in sorted(rows, key=lambda r: (r["name"].casefold(), r["id"]))
    ]
    if only == "in":
        return [line for line in lines if line.person.checked_in_at]
    if only == "absent":
        return [line for line in lines if not line.person.checked_in_at]
    return lines


@dataclass(frozen=True)
class Conflict:
    """A scan a door admitted offline that the server did not take as a check-in."""

    kind: CheckinConflictKind
    outcome: CheckinOutcome
    name: str
    organisation: str
    by_name: str
    scanned_at: dt.datetime


async def conflicts(event_id: int, session_id: int | None = None) -> list[Conflict]:
    """The conflicts at this place, newest scan first."""
    place = (
        CheckinConflict.session.is_null()
        if session_id is None
        else CheckinConflict.session == session_id
    )
    rows = (
        await CheckinConflict.select(
            CheckinConflict.kind,
            CheckinConflict.outcome,
            CheckinConflict.registration.name.as_alias("name"),
            CheckinConflict.registration.organisation.as_alias("organisation"),
            CheckinConflict.by_name,
            CheckinConflict.scanned_at,
        )
        .where((CheckinConflict.event == event_id) & place)
        .order_by(CheckinConflict.scanned_at, ascending=False)
    )
    return [
        Conflict(
            kind=CheckinConflictKind(row["kind"]),
            outcome=CheckinOutcome(row["outcome"]),
            name=row["name"] or "?",
            organisation=row["organisation"] or "",
            by_name=row["by_name"],
            scanned_at=row["scanned_at"],
        )
        for row in rows
    ]
