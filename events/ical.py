"""iCalendar (RFC 5545) for events: one event now, whole feeds built from the same parts.

`new_calendar` gives the VCALENDAR with our VTIMEZONE; `event_component` gives one
VEVENT; `event_ics` puts them together for the confirmation mail and the personal page.
A feed adds many `event_component`s to one `new_calendar`.

Times are written as Europe/Amsterdam wall-clock times with a TZID, and the VTIMEZONE
describes the zone by its yearly rules (last Sunday of March and of October) rather
than by a list of transition dates: Outlook needs the rules, and a list ends.

An event's UID is stable (`event-<id>@<host>`), so a calendar updates the entry it
already has; SEQUENCE is the catalogue's counter, raised when time or place changes.
Nothing personal goes in: no token, and no online meeting link (that is only on the
attendee's own page). The public event page's URL is fine.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from events.services.listing import EventView
from werkplaats.i18n import local

PRODID = "-//Werkplaats Sociaal Domein//Werkplaats//NL"
TZID = "Europe/Amsterdam"


def amsterdam_timezone() -> Timezone:
    """Europe/Amsterdam as the EU has had it since 1996: CET, and CEST from the last
    Sunday of March 02:00 to the last Sunday of October 03:00."""
    timezone = Timezone()
    timezone.add("tzid", TZID)
    daylight = TimezoneDaylight()
    daylight.add("tzname", "CEST")
    daylight.add("tzoffsetfrom", dt.timedelta(hours=1))
    daylight.add("tzoffsetto", dt.timedelta(hours=2))
    daylight.add("dtstart", dt.datetime(1970, 3, 29, 2, 0))
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    standard = TimezoneStandard()
    standard.add("tzname", "CET")
    standard.add("tzoffsetfrom", dt.timedelta(hours=2))
    standard.add("tzoffsetto", dt.timedelta(hours=1))
    standard.add("dtstart", dt.datetime(1970, 10, 25, 3, 0))
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    timezone.add_component(daylight)
    timezone.add_component(standard)
    return timezone


def new_calendar(*, method: str = "PUBLISH") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add_component(amsterdam_timezone())
    return calendar


def event_url(event: EventView, *, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/events/{event.slug}"


def event_location(event: EventView) -> str:
    """`Pletterij, Lange Herenvest 122, 2011 BX Haarlem`, or `Online`."""
    if not event.venue:
        return "Online"
    return ", ".join(part for part in (event.venue["name"], event.address_line) if part)


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def event_component(event: EventView, *, base_url: str, stamp: dt.datetime | None = None) -> Event:
    """One VEVENT; `stamp` (DTSTAMP) is now unless given."""
    url = event_url(event, base_url=base_url)
    component = Event()
    component.add("uid", f"event-{event.id}@{urlsplit(base_url).hostname}")
    component.add("dtstamp", _utc(stamp or dt.datetime.now(dt.UTC)))
    component.add("dtstart", local(event.starts_at))
    component.add("dtend", local(event.ends_at))
    component.add("sequence", event.sequence)
    component.add("last-modified", _utc(event.updated_at))
    component.add("summary", event.title)
    component.add("location", event_location(event))
    component.add("url", url)
    component.add("description", f"{event.summary}\n\n{url}" if event.summary else url)
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return component


def event_ics(event: EventView, *, base_url: str, method: str = "PUBLISH") -> bytes:
    """A calendar file with this one event: CRLF line ends, lines folded at 75 octets."""
    calendar = new_calendar(method=method)
    calendar.add_component(event_component(event, base_url=base_url))
    return calendar.to_ical()
