"""Telling followers what changed: Create when an event or publication becomes
public, Update when what followers see of it changed, Delete (a Tombstone) when it
is no longer public — cancelled, back to draft, or withdrawn.

Which one is decided by the last activity about the object: nothing sent, or a
Delete, means followers do not have it. A change they would not see (capacity, a
contact address) sends nothing. Called inside the transaction of the change (the
event's or the publication's lock is held), so two changes are told in order.
"""

from __future__ import annotations

import json
from typing import Any

from events.enums import EventStatus
from events.services.catalogue.listing import events_where, list_events
from events.tables import Event
from events.views import EventView
from federation.activitystreams import (
    activity,
    article_object,
    event_object,
    event_object_id,
    new_activity_id,
    publication_object_id,
    tombstone,
)
from federation.enums import ActivityKind
from federation.services.deliveries import follower_inboxes, record_activity
from federation.tables import Activity
from mailings.services.publications import list_publications, publications_by_id

MAX_OUTBOX = 500
TOLD = (ActivityKind.CREATE, ActivityKind.UPDATE, ActivityKind.DELETE)


def _seen(obj: dict[str, Any]) -> dict[str, Any]:
    """What followers see of an object: all but the moment it was saved."""
    return {key: value for key, value in obj.items() if key != "updated"}


async def announce(object_id: str, obj: dict[str, Any] | None, *, former_type: str) -> None:
    """Tell followers of the object `object_id`, now `obj` (None: not public)."""
    last = (
        await Activity.select(Activity.kind, Activity.body)
        .where((Activity.object_id == object_id) & Activity.kind.is_in(list(TOLD)))
        .order_by(Activity.id, ascending=False)
        .first()
    )
    told = last is not None and last["kind"] != ActivityKind.DELETE
    if obj is None:
        if not told:
            return
        kind, payload = ActivityKind.DELETE, tombstone(object_id, former_type)
    elif not told:
        kind, payload = ActivityKind.CREATE, obj
    elif _seen(json.loads(last["body"])["object"]) == _seen(obj):
        return
    else:
        kind, payload = ActivityKind.UPDATE, obj
    body = activity(kind, new_activity_id(), payload)
    await record_activity(kind, body, object_id=object_id, inboxes=await follower_inboxes())


async def _added(events: list[EventView]) -> dict[int, Any]:
    if not events:
        return {}
    rows = await Event.select(Event.id, Event.created_at).where(
        Event.id.is_in([event.id for event in events])
    )
    return {row["id"]: row["created_at"] for row in rows}


async def event_as_object(event_id: int) -> dict[str, Any] | None:
    """The event as followers see it; None when it is not public (a draft, cancelled)."""
    found = await events_where(
        (Event.id == event_id) & (Event.status == EventStatus.PUBLISHED.value)
    )
    if not found:
        return None
    return event_object(found[0], published=(await _added(found))[event_id])


async def announce_event(event_id: int) -> None:
    obj = await event_as_object(event_id)
    await announce(event_object_id(event_id), obj, former_type="Event")


async def publication_as_object(publication_id: int) -> dict[str, Any] | None:
    found = await publications_by_id([publication_id])
    return article_object(found[0]) if found else None


async def announce_publication(publication_id: int) -> None:
    obj = await publication_as_object(publication_id)
    await announce(publication_object_id(publication_id), obj, former_type="Article")


async def public_objects() -> list[dict[str, Any]]:
    """What the outbox shows: the upcoming and running public events, and the
    publications, newest first by when they were published."""
    events = await list_events(statuses=(EventStatus.PUBLISHED,), limit=MAX_OUTBOX)
    added = await _added(events)
    objects = [event_object(event, published=added[event.id]) for event in events]
    objects += [article_object(p) for p in await list_publications(limit=MAX_OUTBOX)]
    objects.sort(key=lambda obj: obj["published"], reverse=True)
    return objects[:MAX_OUTBOX]
