"""iCalendar (RFC 5545, RFC 7986) for events: one event as a file, many as a feed.

`event_entries` turns an event into calendar entries; `event_ics` writes a file with
one event (the confirmation mail, the personal page, "zet in je agenda"), and
`feed_ics` a whole feed that calendars subscribe to. Both go through the same writer
in `events.ical_text`, which writes the content lines itself: an icalendar
component per event, serialised by icalendar, took over 0.2 s for a feed of a
thousand events, about a tenth of that here. The VTIMEZONE still comes from icalendar.

Times are written as Europe/Amsterdam wall-clock times with a TZID, and the VTIMEZONE
describes the zone by its yearly rules (last Sunday of March and of October) rather
than by a list of transition dates: Outlook needs the rules, and a list ends.

An event's UID is stable (`event-<id>@<host>`), so a calendar updates the entry it
already has; SEQUENCE is the catalogue's counter, raised when time or place changes.
DTSTAMP is the moment the event last changed, not the moment of writing: the same
event gives the same bytes, so an ETag can stand for a feed's body.
Nothing personal goes in: no token, and no online meeting link (that is only on the
attendee's own page). The public event page's URL is fine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit

from events.enums import MAX_EVENT_DAYS, EventStatus
from events.ical_text import CalendarEntry, calendar_file, utc
from events.views import EventView
from werkplaats.i18n import TIMEZONE, _, local

# Hints for subscribed calendars; Google ignores them and fetches when it likes.
REFRESH_INTERVAL = dt.timedelta(hours=1)


def event_url(event: EventView, *, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/events/{event.slug}"


def event_location(event: EventView) -> str:
    """`Pletterij, Lange Herenvest 122, 2011 BX Haarlem`, or `Online`."""
    if not event.venue:
        return "Online"
    return ", ".join(part for part in (event.venue["name"], event.address_line) if part)


def event_days(
    starts_at: dt.datetime, ends_at: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The (start, end) of each day, in Europe/Amsterdam.

    An event over several dates with the same hours each day (a congress from 9.00
    on Thursday to 16.30 on Friday) is one entry per day, 9.00–16.30: a calendar
    shows a block across the night as "busy" all along. An event whose end time is
    not after its start time (an evening that runs past midnight, a stay overnight)
    stays one entry. Each day's times are wall-clock times on that date, so a
    change to or from summer time in between keeps them right.
    """
    start, end = local(starts_at), local(ends_at)
    days = (end.date() - start.date()).days + 1
    # An event longer than the catalogue allows (kept from before the bound) is one
    # block: a feed never expands one event into more entries than that.
    if days == 1 or end.time() <= start.time() or days > MAX_EVENT_DAYS:
        return [(start, end)]
    dates = [start.date() + dt.timedelta(days=n) for n in range(days)]
    return [
        (
            dt.datetime.combine(date, start.time(), tzinfo=TIMEZONE),
            dt.datetime.combine(date, end.time(), tzinfo=TIMEZONE),
        )
        for date in dates
    ]


def event_entries(
    event: EventView, *, base_url: str, status: str | None = None
) -> list[CalendarEntry]:
    """The event's entries: one, or one per day. `status` overrides CONFIRMED (an
    attendee's feed says TENTATIVE for a place on the waiting list); a cancelled
    event is CANCELLED whatever is asked."""
    url = event_url(event, base_url=base_url)
    host = urlsplit(base_url).hostname
    if event.status is EventStatus.CANCELLED:
        status = "CANCELLED"
    days = event_days(event.starts_at, event.ends_at)
    entries = []
    for number, (starts_at, ends_at) in enumerate(days, start=1):
        summary = event.title
        if len(days) > 1:
            summary = _("{title} (day {number} of {days})").format(
                title=event.title, number=number, days=len(days)
            )
        entries.append(
            CalendarEntry(
                # The first day keeps the event's own UID: an event that becomes
                # longer or shorter keeps its entry in calendars.
                uid=f"event-{event.id}@{host}"
                if number == 1
                else f"event-{event.id}-day-{number}@{host}",
                starts_at=starts_at,
                ends_at=ends_at,
                last_modified=utc(event.updated_at),
                sequence=event.sequence,
                summary=summary,
                location=event_location(event),
                url=url,
                description=f"{event.summary}\n\n{url}" if event.summary else url,
                status=status or "CONFIRMED",
            )
        )
    return entries


def event_ics(
    event: EventView,
    *,
    base_url: str,
    method: str = "PUBLISH",
    extra: Iterable[CalendarEntry] = (),
) -> bytes:
    """A calendar file with this one event (one entry per day), to import; `extra`
    entries come after (the other apps', e.g. the sessions chosen).

    It has no calendar name: with one, Outlook and Apple Calendar offer to open the
    file as a calendar of its own instead of adding the event to the user's own.
    """
    return calendar_file([*event_entries(event, base_url=base_url), *extra], method=method)


def feed_ics(entries: Iterable[CalendarEntry], *, name: str, description: str) -> bytes:
    """A feed to subscribe to: the entries with a calendar name and refresh hints."""
    return calendar_file(
        entries, name=name, description=description, refresh_interval=REFRESH_INTERVAL
    )
