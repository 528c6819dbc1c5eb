"""Reading the catalogue: event lists for the site, the back office and the API.

Events come back as `EventView`s with their venue and themes. The public pages read
them with one hand-written statement each (`list_events`, `get_event`): the event and
its venue joined, its themes (and for one event its programme) as a JSON array in a
subquery. Building the same query through Piccolo cost more CPU than running it;
the SQL here is written once, with `{}` for each value, and differs between SQLite
and PostgreSQL only in the JSON aggregate. `tests/events/test_listing_queries.py`
holds it to what the Piccolo queries it replaced returned.
"""

from __future__ import annotations

import datetime as dt
import json
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
_EVENT_FIELDS = tuple(column._meta.name for column in Event.all_columns(exclude=[Event.venue]))
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

# The themes (and sessions) of the event in the outer statement, as a JSON array.
# SQLite (3.40 has no ORDER BY inside an aggregate) keeps the order of a sorted
# subquery: it never flattens a subquery with ORDER BY into an aggregate.
_THEMES_SQL = {
    "sqlite": (
        "(SELECT json_group_array(json_object('name', \"t\".\"name\", 'slug', \"t\".\"slug\")) "
        'FROM (SELECT "theme"."name", "theme"."slug" FROM "event_theme" '
        'JOIN "theme" ON "theme"."id" = "event_theme"."theme" '
        'WHERE "event_theme"."event" = "event"."id" ORDER BY "theme"."name") AS "t")'
    ),
    "postgres": (
        "(SELECT COALESCE(json_agg(json_build_object('name', \"theme\".\"name\", "
        "'slug', \"theme\".\"slug\") ORDER BY \"theme\".\"name\"), '[]'::json) "
        'FROM "event_theme" JOIN "theme" ON "theme"."id" = "event_theme"."theme" '
        'WHERE "event_theme"."event" = "event"."id")'
    ),
}
_SESSION_PAIRS = ", ".join(f"'{name}', \"s\".\"{name}\"" for name in _SESSION_FIELDS)
_SESSIONS_SQL = {
    "sqlite": (
        f"(SELECT json_group_array(json_object({_SESSION_PAIRS})) "
        'FROM (SELECT * FROM "session" WHERE "session"."event" = "event"."id" '
        'ORDER BY "session"."starts_at", "session"."position") AS "s")'
    ),
    "postgres": (
        f"(SELECT COALESCE(json_agg(json_build_object({_SESSION_PAIRS}) "
        "ORDER BY \"s\".\"starts_at\", \"s\".\"position\"), '[]'::json) "
        'FROM "session" AS "s" WHERE "s"."event" = "event"."id")'
    ),
}


@cache
def _select(engine_type: str, *, with_sessions: bool) -> str:
    columns = [f'"event"."{name}"' for name in _EVENT_FIELDS]
    columns += [f'"venue"."{name}" AS "venue_{name}"' for name in _VENUE_FIELDS]
    columns.append(f'{_THEMES_SQL[engine_type]} AS "themes"')
    if with_sessions:
        columns.append(f'{_SESSIONS_SQL[engine_type]} AS "sessions"')
    return (
        f"SELECT {', '.join(columns)} FROM \"event\" "
        'LEFT JOIN "venue" ON "venue"."id" = "event"."venue"'
    )


def _engine_type() -> str:
    return Event._meta.db.engine_type


def _moment(value: str) -> dt.datetime:
    """A timestamp inside JSON: SQLite's stored UTC text, or PostgreSQL's with an offset."""
    moment = dt.datetime.fromisoformat(value)
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _json_list(value: str | list | None) -> list[dict[str, Any]]:
    """A JSON array from the database: text (SQLite, asyncpg without a codec) or a list."""
    if not value:
        return []
    return json.loads(value) if isinstance(value, str) else value


def _sessions(value: str | list | None) -> list[dict[str, Any]]:
    sessions = _json_list(value)
    for session in sessions:
        session["starts_at"] = _moment(session["starts_at"])
        session["ends_at"] = _moment(session["ends_at"])
    return sessions


def _view(row: dict[str, Any], themes: list[dict], sessions: list[dict]) -> EventView:
    venue = None
    if row["venue_id"] is not None:
        venue = {key: row[f"venue_{key}"] for key in _VENUE_FIELDS}
    return EventView(
        id=row["id"],
        title=row["title"],
        slug=row["slug"],
        kind=EventKind(row["kind"]),
        status=EventStatus(row["status"]),
        summary=row["summary"],
        description=row["description"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        venue=venue,
        online_url=row["online_url"],
        capacity=row["capacity"],
        registration_opens_at=row["registration_opens_at"],
        registration_closes_at=row["registration_closes_at"],
        moderated=row["moderated"],
        contact_name=row["contact_name"],
        contact_email=row["contact_email"],
        accreditation_id=row["accreditation_id"],
        accreditation_points=row["accreditation_points"],
        net_hours=row["net_hours"],
        sequence=row["sequence"],
        updated_at=row["updated_at"],
        themes=themes,
        sessions=sessions,
    )


def _full_view(row: dict[str, Any]) -> EventView:
    return _view(row, _json_list(row["themes"]), _sessions(row.get("sessions")))


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
    engine_type = _engine_type()
    values = [status.value for status in statuses]
    if not values:
        return []
    conditions = [f'"event"."status" IN ({", ".join("{}" for _ in values)})']
    args: list[Any] = list(values)
    if kind is not None:
        conditions.append('"event"."kind" = {}')
        args.append(kind.value)
    if theme:
        conditions.append(
            '"event"."id" IN (SELECT "event_theme"."event" FROM "event_theme" '
            'JOIN "theme" ON "theme"."id" = "event_theme"."theme" WHERE "theme"."slug" = {})'
        )
        args.append(theme)
    order = "DESC"
    if past is not None:
        conditions.append('"event"."ends_at" < {}' if past else '"event"."ends_at" >= {}')
        args.append(dt.datetime.now(dt.UTC))
        order = "DESC" if past else "ASC"
    if search:
        like = "ILIKE" if engine_type == "postgres" else "LIKE"  # SQLite's LIKE: no case
        conditions.append(f'("event"."title" {like} {{}} OR "event"."summary" {like} {{}})')
        args += [f"%{search}%"] * 2  # a typed % or _ is a wildcard: harmless in a search box
    sql = (
        f"{_select(engine_type, with_sessions=False)} WHERE {' AND '.join(conditions)} "
        f'ORDER BY "event"."starts_at" {order}'
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [_full_view(row) for row in await Event.raw(sql, *args)]


async def events_where(condition: Any) -> list[EventView]:
    """Events matching a Piccolo `condition`, by start time, in one query.

    For calendars: they show neither themes nor the programme, so neither is loaded.
    """
    rows = await Event.select(*_COLUMNS).where(condition).order_by(Event.starts_at)
    return [_view(row, [], []) for row in rows]


async def get_event(slug: str, *, include_drafts: bool = False) -> EventView | None:
    """The event with its venue, themes and programme, in one statement."""
    sql = f'{_select(_engine_type(), with_sessions=True)} WHERE "event"."slug" = {{}}'
    args: list[Any] = [slug]
    if not include_drafts:
        sql += ' AND "event"."status" != {}'
        args.append(EventStatus.DRAFT.value)
    rows = await Event.raw(sql, *args)
    return _full_view(rows[0]) if rows else None


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
