"""Links into people's calendars: subscribe to a feed, or add one event on the web.

A feed has an `https://` address (what Google Calendar and Outlook on the web ask
for) and the same address as `webcal://`, which a phone or a desktop calendar opens
as a subscription. Google Calendar and Outlook on the web take a new event from a
link with its fields; each day of an event over several days gets its own link, as
in the feeds. Times go in UTC, which neither can misread; no meeting link goes in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from events.ical import event_entries
from events.ical_text import CalendarEntry, utc
from events.views import EventView
from werkplaats.i18n import get_language
from werkplaats.memo import TimedCache

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK_WORK = "https://outlook.office.com/calendar/deeplink/compose"
OUTLOOK_PERSONAL = "https://outlook.live.com/calendar/deeplink/compose"


@dataclass(frozen=True, slots=True)
class FeedLinks:
    """One feed as the subscribe page and the personal page show it."""

    title: str
    https: str
    webcal: str
    anchor: str = ""


def feed_links(title: str, path: str, *, base_url: str, anchor: str = "") -> FeedLinks:
    https = f"{base_url.rstrip('/')}{path}"
    return FeedLinks(title, https, "webcal://" + https.split("://", 1)[1], anchor)


@dataclass(frozen=True, slots=True)
class DayLinks:
    starts_at: dt.datetime
    google: str
    outlook_work: str
    outlook_personal: str


def _google(entry: CalendarEntry) -> str:
    dates = "/".join(utc(t).strftime("%Y%m%dT%H%M%SZ") for t in (entry.starts_at, entry.ends_at))
    query = {
        "action": "TEMPLATE",
        "text": entry.summary,
        "dates": dates,
        "ctz": "Europe/Amsterdam",
        "details": entry.description,
        "location": entry.location,
    }
    return f"{GOOGLE}?{urlencode(query)}"


def _outlook(entry: CalendarEntry, base: str) -> str:
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": entry.summary,
        "startdt": utc(entry.starts_at).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "enddt": utc(entry.ends_at).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "body": entry.description,
        "location": entry.location,
    }
    return f"{base}?{urlencode(query)}"


# The links of an event as it is now: the key holds every field `event_entries`
# reads, with the language (the summary of a day says "day 1 of 2") and the base
# URL, so an edit makes a new key and nothing is ever out of date. The lifetime
# only bounds the memory; every event page would otherwise encode them anew.
_links = TimedCache(seconds=3600, size=256)


def _links_key(event: EventView, base_url: str) -> tuple:
    venue = tuple(event.venue.items()) if event.venue else None
    return (
        event.id,
        event.slug,
        event.title,
        event.summary,
        event.status,
        event.starts_at,
        event.ends_at,
        event.updated_at,
        event.sequence,
        venue,
        base_url,
        get_language(),
    )


def add_to_calendar_links(event: EventView, *, base_url: str) -> list[DayLinks]:
    key = _links_key(event, base_url)
    found = _links.get(key)
    if found is None:
        found = tuple(
            DayLinks(
                entry.starts_at,
                _google(entry),
                _outlook(entry, OUTLOOK_WORK),
                _outlook(entry, OUTLOOK_PERSONAL),
            )
            for entry in event_entries(event, base_url=base_url)
        )
        _links.set(key, found)
    return list(found)
