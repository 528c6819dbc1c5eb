"""Reading the catalogue: event lists for the site, the back office and the API.

Events come back as `EventView`s with their venue and themes. `list_events` and
`get_event` (the public pages, the API, the mails) are one hand-written statement
each that returns a single JSON document: the events in order, each with its venue,
its themes and, for one event, its programme. One value rather than a row per event
because a database driver hands over every row on its own (SQLite: a trip between its
thread and the server's for the interpreter lock, and a conversion per column), and
under load that cost more than the query; building the same query through Piccolo
cost more than running it. The SQL differs between SQLite and PostgreSQL only in the
JSON functions; `tests/events/test_listing_queries.py` holds both to what the Piccolo
queries they replaced returned.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from functools import cache
from typing import Any

from events.enums import EventKind, EventStatus
from events.tables import Event, Theme, Venue
from events.views import EventView

_COLUMNS = (
    *Event.all_columns(exclude=[Event.venue]),
    Event.venue.id.as_alias("venue_id"),
    Event.venue.name.as_alias("venue_name"),
    Event.venue.address.as_alias("venue_address"),
    Event.venue.postal_code.as_alias("venue_postal_code"),
    Event.venue.city.as_alias("venue_city"),
    Event.venue.directions.as_alias("venue_directions"),
)
# What an `EventView` holds: the event's columns but the venue (joined) and created_at.
_EVENT_FIELDS = tuple(
    column._meta.name for column in Event.all_columns(exclude=[Event.venue, Event.created_at])
)
_VENUE_FIELDS = ("id", "name", "address", "postal_code", "city", "directions")
_SESSION_FIELDS = (
    "id",
    "event",
    "title",
    "starts_at",
    "ends_at",
    "description",
    "speakers",
    "room",
    "capacity",
    "position",
)
_MOMENTS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at", "updated_at")
_NUMBERS = ("accreditation_points", "net_hours")


def _pairs(fields: dict[str, str]) -> str:
    return ", ".join(f"'{key}', {sql}" for key, sql in fields.items())


_EVENT_PAIRS = _pairs(
    {name: f'"event"."{name}"' for name in _EVENT_FIELDS}
    | {f"venue_{name}": f'"venue"."{name}"' for name in _VENUE_FIELDS}
)
_THEME_PAIRS = _pairs({"name": '"t"."name"', "slug": '"t"."slug"'})
_SESSION_PAIRS = _pairs({name: f'"s"."{name}"' for name in _SESSION_FIELDS})
_FROM = 'FROM "event" LEFT JOIN "venue" ON "venue"."id" = "event"."venue"'

# SQLite 3.40 has no ORDER BY inside an aggregate; it keeps the order of a sorted
# subquery, which it never flattens into an aggregate. A JSON value read from a
# subquery is text again: json() makes it JSON inside the outer object or array.
_SQLITE_THEMES = (
    f"json((SELECT json_group_array(json_object({_THEME_PAIRS})) "
    'FROM (SELECT "theme"."name", "theme"."slug" FROM "event_theme" '
    'JOIN "theme" ON "theme"."id" = "event_theme"."theme" '
    'WHERE "event_theme"."event" = "event"."id" ORDER BY "theme"."name") AS "t"))'
)
_SQLITE_SESSIONS = (
    f"json((SELECT json_group_array(json_object({_SESSION_PAIRS})) "
    'FROM (SELECT * FROM "session" WHERE "session"."event" = "event"."id" '
    'ORDER BY "session"."starts_at", "session"."position") AS "s"))'
)
_POSTGRES_THEMES = (
    f'(SELECT COALESCE(json_agg(json_build_object({_THEME_PAIRS}) ORDER BY "t"."name"), '
    '\'[]\'::json) FROM "event_theme" JOIN "theme" AS "t" '
    'ON "t"."id" = "event_theme"."theme" WHERE "event_theme"."event" = "event"."id")'
)
_POSTGRES_SESSIONS = (
    f"(SELECT COALESCE(json_agg(json_build_object({_SESSION_PAIRS}) "
    'ORDER BY "s"."starts_at", "s"."position"), \'[]\'::json) '
    'FROM "session" AS "s" WHERE "s"."event" = "event"."id")'
)


@cache
def _statement(
    engine_type: str, where: str, order: str, limit: int | None, *, with_sessions: bool
) -> str:
    """The events matching `where` (SQL with `{}` for each value) as one JSON array,
    by start time (`order`: ASC or DESC), at most `limit`; with their programme if asked."""
    limit_sql = f" LIMIT {int(limit)}" if limit else ""
    if engine_type == "postgres":
        parts = f"{_EVENT_PAIRS}, 'themes', {_POSTGRES_THEMES}"
        if with_sessions:
            parts += f", 'sessions', {_POSTGRES_SESSIONS}"
        return (
            'SELECT COALESCE(json_agg("e"."doc" '
            f'ORDER BY "e"."starts_at" {order}, "e"."id" {order}), \'[]\'::json) AS "events" '
            f'FROM (SELECT json_build_object({parts}) AS "doc", "event"."starts_at", '
            f'"event"."id" {_FROM} WHERE {where} {_order_by(order)}{limit_sql}) AS "e"'
        )
    parts = f"{_EVENT_PAIRS}, 'themes', {_SQLITE_THEMES}"
    if with_sessions:
        parts += f", 'sessions', {_SQLITE_SESSIONS}"
    return (
        'SELECT json_group_array(json("e"."doc")) AS "events" '
        f'FROM (SELECT json_object({parts}) AS "doc" {_FROM} WHERE {where} '
        f'{_order_by(order)}{limit_sql}) AS "e"'
    )


def _order_by(order: str) -> str:
    # The id decides between events that start at the same moment, so a page and
    # the next request (or the API) agree on their order.
    return f'ORDER BY "event"."starts_at" {order}, "event"."id" {order}'


def _moment(value: str | dt.datetime | None) -> dt.datetime | None:
    """A timestamp from JSON: SQLite's stored UTC text, or PostgreSQL's with an offset."""
    if value is None or isinstance(value, dt.datetime):
        return value
    moment = dt.datetime.fromisoformat(value)
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _number(value: Any) -> Decimal | None:
    """A numeric column: JSON's fraction read as a Decimal, or a whole number
    (SQLite stores 3.0 as 3)."""
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def _view(doc: dict[str, Any]) -> EventView:
    venue = None
    if doc["venue_id"] is not None:
        venue = {key: doc[f"venue_{key}"] for key in _VENUE_FIELDS}
    moments = {name: _moment(doc[name]) for name in _MOMENTS}
    sessions = doc.get("sessions") or []
    for session in sessions:
        session["starts_at"] = _moment(session["starts_at"])
        session["ends_at"] = _moment(session["ends_at"])
    return EventView(
        id=doc["id"],
        title=doc["title"],
        slug=doc["slug"],
        kind=EventKind(doc["kind"]),
        status=EventStatus(doc["status"]),
        summary=doc["summary"],
        description=doc["description"],
        starts_at=moments["starts_at"],
        ends_at=moments["ends_at"],
        venue=venue,
        online_url=doc["online_url"],
        capacity=doc["capacity"],
        registration_opens_at=moments["registration_opens_at"],
        registration_closes_at=moments["registration_closes_at"],
        moderated=doc["moderated"] in (True, 1, "1"),  # SQLite: 0 or 1
        contact_name=doc["contact_name"],
        contact_email=doc["contact_email"],
        accreditation_id=doc["accreditation_id"],
        accreditation_points=_number(doc["accreditation_points"]),
        net_hours=_number(doc["net_hours"]),
        sequence=doc["sequence"],
        retention_months=doc["retention_months"],
        updated_at=moments["updated_at"],
        themes=doc["themes"] or [],
        sessions=sessions,
    )


async def _events(
    where: str,
    args: list[Any],
    *,
    order: str = "ASC",
    limit: int | None = None,
    with_sessions: bool = False,
) -> list[EventView]:
    engine_type = Event._meta.db.engine_type
    sql = _statement(engine_type, where, order, limit or None, with_sessions=with_sessions)
    [row] = await Event.raw(sql, *args)
    found = row["events"]
    if isinstance(found, str):  # SQLite, and PostgreSQL's json without a codec
        found = json.loads(found, parse_float=Decimal)
    return [_view(doc) for doc in found]


async def list_events(
    *,
    statuses: tuple[EventStatus, ...] = (EventStatus.PUBLISHED, EventStatus.CANCELLED),
    kind: EventKind | None = None,
    theme: str | None = None,
    past: bool | None = False,
    search: str = "",
    limit: int | None = None,
) -> list[EventView]:
    """Events by start time; `past=None` gives both upcoming and past ones."""
    if not statuses:
        return []
    conditions = [f'"event"."status" IN ({", ".join("{}" for _ in statuses)})']
    args: list[Any] = [status.value for status in statuses]
    if kind is not None:
        conditions.append('"event"."kind" = {}')
        args.append(kind.value)
    if theme:
        conditions.append(
            '"event"."id" IN (SELECT "event_theme"."event" FROM "event_theme" '
            'JOIN "theme" ON "theme"."id" = "event_theme"."theme" WHERE "theme"."slug" = {})'
        )
        args.append(theme)
    if past is not None:
        conditions.append('"event"."ends_at" < {}' if past else '"event"."ends_at" >= {}')
        args.append(dt.datetime.now(dt.UTC))
    if search:
        # Case-insensitive: ILIKE on PostgreSQL, LIKE (already so) on SQLite. A typed
        # % or _ acts as a wildcard: harmless in a search box.
        like = "ILIKE" if Event._meta.db.engine_type == "postgres" else "LIKE"
        conditions.append(f'("event"."title" {like} {{}} OR "event"."summary" {like} {{}})')
        args += [f"%{search}%"] * 2
    order = "ASC" if past is False else "DESC"
    return await _events(" AND ".join(conditions), args, order=order, limit=limit)


async def events_where(condition: Any) -> list[EventView]:
    """Events matching a Piccolo `condition`, by start time, in one query.

    For calendars: they show neither themes nor the programme, so neither is loaded.
    """
    rows = await Event.select(*_COLUMNS).where(condition).order_by(Event.starts_at)
    return [_view({**row, "themes": []}) for row in rows]


async def get_event(slug: str, *, include_drafts: bool = False) -> EventView | None:
    """The event with its venue, themes and programme, in one statement."""
    if include_drafts:
        found = await _events('"event"."slug" = {}', [slug], with_sessions=True)
    else:
        found = await _events(
            '"event"."slug" = {} AND "event"."status" != {}',
            [slug, EventStatus.DRAFT.value],
            with_sessions=True,
        )
    return found[0] if found else None


_ALL_THEMES = (
    'SELECT "theme"."id", "theme"."name", "theme"."slug", "theme"."description" '
    'FROM "theme" ORDER BY "theme"."name"'
)


async def all_themes() -> list[dict[str, Any]]:
    return await Theme.raw(_ALL_THEMES)


async def get_theme(slug: str) -> dict[str, Any] | None:
    return await Theme.select().where(Theme.slug == slug).first()


async def all_venues() -> list[dict[str, Any]]:
    return await Venue.select().order_by(Venue.city).order_by(Venue.name)
