"""A calendar feed: what it holds, its version for conditional GETs, and its body.

A feed's version is one aggregate query over the same selection as its body
(`events.services.calendars.selection`): how many events, which, their SEQUENCEs and
the latest change. A calendar asking "changed since?" is answered from that alone,
without building anything. What the aggregate cannot see goes into the key: the
feed's language, its name and a partner's choices. An edited venue touches its
events' `updated_at` (`events.services.catalogue.reference`), so the version sees it too.

Subscribed calendars ask at once in crowds, and with a thousand events the
aggregate costs more than the rest of the answer: requests for one feed that come
while its query runs wait for the next query, which starts after they came and
answers them all (`SharedReads`). Each still sees every change committed before it
came, as with a query of its own; nothing is kept between queries.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from events import hooks
from events.enums import ACTIVE_STATUSES, EventKind, RegistrationStatus
from events.ical import event_entries, event_ics, feed_ics
from events.ical_text import calendar_file
from events.services.calendars.selection import (
    Selection,
    in_feeds,
    of_kinds,
    on_themes,
    public_event,
    registered_by,
    registrations_of,
)
from events.services.catalogue.listing import events_where, get_theme
from events.tables import Event, Registration
from events.views import EventView
from werkplaats.i18n import _, get_language
from werkplaats.memo import SharedReads
from werkplaats.settings import get_settings

# Raise when the writer's output changes, so calendars fetch the new form at once.
FEED_FORMAT = 1
NETWORK = "Werkplaats Sociaal Domein"
# A place on the waiting list or awaiting approval is not certain yet.
ENTRY_STATUS = {
    RegistrationStatus.REGISTERED: "CONFIRMED",
    RegistrationStatus.WAITLISTED: "TENTATIVE",
    RegistrationStatus.PENDING: "TENTATIVE",
}
EVENT_STATE = (
    'SELECT COUNT(*) AS "events", SUM("event"."id") AS "ids", '
    'SUM("event"."sequence") AS "sequences", MAX("event"."updated_at") AS "changed" '
    'FROM "event" WHERE '
)
ATTENDEE_STATE = (
    'SELECT COUNT(*) AS "events", SUM("registration"."id") AS "ids", '
    'MAX("registration"."updated_at") AS "registrations_changed", '
    'SUM("event"."sequence") AS "sequences", MAX("event"."updated_at") AS "changed" '
    'FROM "registration" JOIN "event" ON "event"."id" = "registration"."event" WHERE '
)


@dataclass(frozen=True, slots=True)
class Feed:
    """What one calendar URL holds. `key` names it in the ETag; `name` is empty for
    the file of one event; `email` makes it an attendee's feed of their own events."""

    key: str
    selection: Selection
    name: str = ""
    description: str = ""
    email: str = ""
    private: bool = False
    changed_at: dt.datetime | None = None  # of the feed itself (a partner's choices)
    one_event: bool = False


@dataclass(frozen=True, slots=True)
class FeedVersion:
    etag: str
    last_modified: dt.datetime | None
    events: int


def public_feed() -> Feed:
    return Feed(
        key="all",
        selection=in_feeds(),
        name=NETWORK,
        description=_(
            "All public events of the Werkplaats Sociaal Domein: regional meetings, "
            "themed meetings, topical lectures and the congress."
        ),
    )


def kind_feed(kind: EventKind) -> Feed:
    label = _(kind.plural_label)
    return Feed(
        key=f"kind:{kind.value}",
        selection=in_feeds() & of_kinds([kind]),
        name=f"{label} – {NETWORK}",
        description=_("{kinds} of the Werkplaats Sociaal Domein.").format(kinds=label),
    )


async def theme_feed(slug: str) -> Feed | None:
    theme = await get_theme(slug)
    if theme is None:
        return None
    return Feed(
        key=f"theme:{theme['id']}",
        selection=in_feeds() & on_themes([theme["id"]]),
        name=f"{theme['name']} – {NETWORK}",
        description=theme["description"]
        or _("Events of the Werkplaats Sociaal Domein on {theme}.").format(theme=theme["name"]),
    )


def event_file(slug: str) -> Feed:
    """The file of one public event; its version counts 0 events if there is none."""
    return Feed(key=f"event:{slug}", selection=public_event(slug), one_event=True)


def attendee_selection(email: str) -> Selection:
    return in_feeds() & registered_by(email)


def _as_datetime(value: Any) -> dt.datetime | None:
    """An aggregate's timestamp: SQLite hands back text, PostgreSQL a datetime."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


async def _state(feed: Feed) -> dict[str, Any]:
    if feed.email:  # the registrations decide what is in it, and how sure it is
        selection = registrations_of(feed.email) & in_feeds()
        [row] = await Registration.raw(ATTENDEE_STATE + selection.sql, *selection.args)
    else:
        [row] = await Event.raw(EVENT_STATE + feed.selection.sql, *feed.selection.args)
    return row


_shared_states: SharedReads[tuple[str, str], Feed, dict[str, Any]] = SharedReads(_state)


async def feed_version(feed: Feed) -> FeedVersion:
    """The ETag and Last-Modified of the feed as it is now: one query (shared with
    the requests for the same feed waiting at the same time)."""
    if Event._meta.db.current_transaction.get() is not None:
        state = await _state(feed)  # it sees its own writes: never shared
    else:
        state = await _shared_states.get((feed.key, feed.email), feed)
    moments = [_as_datetime(state["changed"]), feed.changed_at]
    if "registrations_changed" in state:
        moments.append(_as_datetime(state["registrations_changed"]))
    key = (
        FEED_FORMAT,
        get_settings().base_url,
        get_language(),
        feed.key,
        feed.name,
        feed.description,
        *(value.isoformat() if isinstance(value, dt.datetime) else value for value in moments),
        *(state[name] for name in ("events", "ids", "sequences")),
    )
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    known = [moment for moment in moments if moment is not None]
    return FeedVersion(f'"{digest}"', max(known) if known else None, state["events"])


async def _attendee_statuses(email: str) -> dict[int, str]:
    rows = await Registration.select(Registration.event, Registration.status).where(
        (Registration.email == email) & Registration.status.is_in(list(ACTIVE_STATUSES))
    )
    return {row["event"]: ENTRY_STATUS[RegistrationStatus(row["status"])] for row in rows}


async def feed_events(feed: Feed) -> list[EventView]:
    return await events_where(feed.selection.where())


async def event_ics_file(event: EventView) -> bytes:
    """The event's own calendar file, with what other apps add to it (`events.hooks`)."""
    return event_ics(
        event,
        base_url=get_settings().base_url,
        extra=await hooks.event_calendar_entries.collect(event),
    )


# Entries from which a feed is written in a thread (a few milliseconds of CPU).
BIG_FEED = 200


async def feed_body(feed: Feed) -> bytes:
    """The feed as iCalendar bytes (CRLF, folded), with what other apps add to it:
    entries for each event, and for a personal feed the attendee's own."""
    base_url = get_settings().base_url
    events = await feed_events(feed)
    if feed.one_event:
        if not events:  # gone since its version was read: an empty file
            return calendar_file([])
        return await event_ics_file(events[0])
    statuses = await _attendee_statuses(feed.email) if feed.email else {}
    entries = [
        entry
        for event in events
        for entry in event_entries(event, base_url=base_url, status=statuses.get(event.id))
    ]
    for event in events:
        entries.extend(await hooks.event_calendar_entries.collect(event))
    if feed.email:
        entries.extend(await hooks.personal_calendar_entries.collect(feed.email))
    if len(entries) < BIG_FEED:
        return feed_ics(entries, name=feed.name, description=feed.description)
    # Off the event loop: every other request would wait for a big feed to be written.
    return await asyncio.to_thread(feed_ics, entries, name=feed.name, description=feed.description)
