"""Reading the catalogue: event lists for the site, the back office and the API.

Events come back as `EventView`s with their venue and themes, loaded with one query
per kind of thing (events, themes, sessions), never one per event.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from events.enums import EventKind, EventStatus
from events.tables import Event, EventTheme, Session, Theme, Venue
from events.views import EventView
from werkplaats.db import contains

_COLUMNS = (
    *Event.all_columns(exclude=[Event.venue]),
    Event.venue.id.as_alias("venue_id"),
    Event.venue.name.as_alias("venue_name"),
    Event.venue.address.as_alias("venue_address"),
    Event.venue.postal_code.as_alias("venue_postal_code"),
    Event.venue.city.as_alias("venue_city"),
    Event.venue.directions.as_alias("venue_directions"),
)


def _view(row: dict[str, Any], themes: list[dict], sessions: list[dict]) -> EventView:
    venue = None
    if row["venue_id"] is not None:
        venue = {
            key: row[f"venue_{key}"]
            for key in ("id", "name", "address", "postal_code", "city", "directions")
        }
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


async def _themes_by_event(event_ids: list[int]) -> dict[int, list[dict]]:
    result: dict[int, list[dict]] = defaultdict(list)
    if not event_ids:
        return result
    rows = (
        await EventTheme.select(
            EventTheme.event,
            EventTheme.theme.name.as_alias("name"),
            EventTheme.theme.slug.as_alias("slug"),
        )
        .where(EventTheme.event.is_in(event_ids))
        .order_by(EventTheme.theme.name)
    )
    for row in rows:
        result[row["event"]].append({"name": row["name"], "slug": row["slug"]})
    return result


async def _views(rows: list[dict], *, with_sessions: bool = False) -> list[EventView]:
    ids = [row["id"] for row in rows]
    themes = await _themes_by_event(ids)
    sessions: dict[int, list[dict]] = defaultdict(list)
    if with_sessions and ids:
        for session in (
            await Session.select()
            .where(Session.event.is_in(ids))
            .order_by(Session.starts_at)
            .order_by(Session.position)
        ):
            sessions[session["event"]].append(session)
    return [_view(row, themes[row["id"]], sessions[row["id"]]) for row in rows]


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
    now = dt.datetime.now(dt.UTC)
    query = Event.select(*_COLUMNS).where(Event.status.is_in(list(statuses)))
    if kind is not None:
        query = query.where(Event.kind == kind)
    if theme:
        query = query.where(
            Event.id.is_in(
                EventTheme.select(EventTheme.event).where(EventTheme.theme.slug == theme)
            )
        )
    if past is True:
        query = query.where(Event.ends_at < now).order_by(Event.starts_at, ascending=False)
    elif past is False:
        query = query.where(Event.ends_at >= now).order_by(Event.starts_at)
    else:
        query = query.order_by(Event.starts_at, ascending=False)
    if search:
        query = query.where(contains(Event.title, search) | contains(Event.summary, search))
    if limit:
        query = query.limit(limit)
    return await _views(await query)


async def events_where(condition: Any) -> list[EventView]:
    """Events matching a Piccolo `condition`, by start time, in one query.

    For calendars: they show neither themes nor the programme, so neither is loaded.
    """
    rows = await Event.select(*_COLUMNS).where(condition).order_by(Event.starts_at)
    return [_view(row, [], []) for row in rows]


async def get_event(slug: str, *, include_drafts: bool = False) -> EventView | None:
    query = Event.select(*_COLUMNS).where(Event.slug == slug)
    if not include_drafts:
        query = query.where(Event.status != EventStatus.DRAFT)
    row = await query.first()
    if row is None:
        return None
    return (await _views([row], with_sessions=True))[0]


async def all_themes() -> list[dict[str, Any]]:
    return await Theme.select().order_by(Theme.name)


async def get_theme(slug: str) -> dict[str, Any] | None:
    return await Theme.select().where(Theme.slug == slug).first()


async def all_venues() -> list[dict[str, Any]]:
    return await Venue.select().order_by(Venue.city).order_by(Venue.name)
