"""The calendar file of one event, read back by two independent parsers: `ical`
(strict, pydantic) and `vobject` (which builds its time zone from our VTIMEZONE);
and the writer's own rules (folding, escaping, days of a congress)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import vobject
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from events.enums import EventStatus
from events.ical import event_days, event_ics
from events.ical_text import CalendarEntry, calendar_file, fold, text
from events.services.catalogue.events import create_event, set_status, update_event
from events.services.catalogue.listing import get_event
from events.views import EventView
from tests.conftest import demo_event_values
from werkplaats.i18n import TIMEZONE

BASE_URL = "http://testserver.local"
ONLINE_URL = "https://meet.example.org/werkplaats-geheim-8f3k2"
VENUE = {"name": "Pletterij", "address": "Lange Herenvest 122", "city": "Haarlem"}


async def make_event(**overrides: Any) -> EventView:
    slug = await create_event(demo_event_values(venue=VENUE, **overrides))
    event = await get_event(slug)
    assert event is not None
    return event


def parse_strict(data: bytes) -> Any:
    return IcsCalendarStream.calendar_from_ics(data.decode())


def parse_vobject(data: bytes) -> Any:
    return vobject.readOne(data.decode())


def unfolded(data: bytes) -> str:
    return data.decode().replace("\r\n ", "")


async def test_event_ics_parses_in_both_parsers_with_uid_and_public_url():
    event = await make_event()

    data = event_ics(event, base_url=BASE_URL)

    strict = parse_strict(data).events[0]
    loose = parse_vobject(data).vevent
    url = f"{BASE_URL}/events/{event.slug}"
    assert strict.uid == loose.uid.value == f"event-{event.id}@testserver.local"
    assert strict.summary == loose.summary.value == "Regionale bijeenkomst voorjaar"
    assert strict.url == loose.url.value == url
    assert strict.description == loose.description.value == f"Alle partners bij elkaar.\n\n{url}"
    assert strict.location == "Pletterij, Lange Herenvest 122, Haarlem"


async def test_event_ics_calendar_header():
    event = await make_event()

    calendar = parse_strict(event_ics(event, base_url=BASE_URL))

    assert calendar.prodid == "-//Werkplaats Sociaal Domein//Werkplaats//NL"
    assert calendar.version == "2.0"
    assert calendar.calscale == "GREGORIAN"
    assert calendar.method == "PUBLISH"


async def test_event_ics_summer_event_starts_at_local_half_past_one():
    event = await make_event()

    data = event_ics(event, base_url=BASE_URL)

    for start in (parse_strict(data).events[0].dtstart, parse_vobject(data).vevent.dtstart.value):
        assert start.replace(tzinfo=None) == dt.datetime(2030, 4, 16, 13, 30)
        assert start.astimezone(dt.UTC) == dt.datetime(2030, 4, 16, 11, 30, tzinfo=dt.UTC)
    assert "DTSTART;TZID=Europe/Amsterdam:20300416T133000" in unfolded(data)


async def test_event_ics_winter_event_starts_at_local_half_past_one():
    event = await make_event(
        starts_at=dt.datetime(2030, 12, 10, 13, 30, tzinfo=TIMEZONE),
        ends_at=dt.datetime(2030, 12, 10, 17, 0, tzinfo=TIMEZONE),
    )

    data = event_ics(event, base_url=BASE_URL)

    for start in (parse_strict(data).events[0].dtstart, parse_vobject(data).vevent.dtstart.value):
        assert start.replace(tzinfo=None) == dt.datetime(2030, 12, 10, 13, 30)
        assert start.astimezone(dt.UTC) == dt.datetime(2030, 12, 10, 12, 30, tzinfo=dt.UTC)
    end = parse_vobject(data).vevent.dtend.value
    assert end.astimezone(dt.UTC) == dt.datetime(2030, 12, 10, 16, 0, tzinfo=dt.UTC)


async def test_event_ics_time_zone_is_yearly_rules_that_switch_on_the_right_sundays():
    event = await make_event()

    data = event_ics(event, base_url=BASE_URL)

    zone = parse_vobject(data).vtimezone.gettzinfo()
    assert dt.datetime(2041, 3, 31, 1, 59, tzinfo=zone).utcoffset() == dt.timedelta(hours=1)
    assert dt.datetime(2041, 3, 31, 3, 0, tzinfo=zone).utcoffset() == dt.timedelta(hours=2)
    assert dt.datetime(2041, 10, 27, 3, 1, tzinfo=zone).utcoffset() == dt.timedelta(hours=1)
    text = unfolded(data)
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in text
    assert "RDATE" not in text


async def test_event_ics_stamps_are_utc_and_last_modified_is_the_event_change():
    event = await make_event()

    vevent = parse_strict(event_ics(event, base_url=BASE_URL)).events[0]

    assert vevent.dtstamp.utcoffset() == dt.timedelta(0)
    assert vevent.last_modified == event.updated_at.astimezone(dt.UTC).replace(microsecond=0)


async def test_event_ics_sequence_follows_a_move():
    event = await make_event()
    await update_event(
        event.slug,
        {
            "starts_at": dt.datetime(2030, 4, 17, 13, 30, tzinfo=TIMEZONE),
            "ends_at": dt.datetime(2030, 4, 17, 17, 0, tzinfo=TIMEZONE),
        },
    )
    moved = await get_event(event.slug)

    data = event_ics(moved, base_url=BASE_URL)

    assert moved.sequence == 1
    assert parse_strict(data).events[0].sequence == 1
    assert parse_vobject(data).vevent.sequence.value == "1"


async def test_event_ics_of_a_cancelled_event_says_cancelled():
    event = await make_event()
    confirmed = parse_strict(event_ics(event, base_url=BASE_URL)).events[0].status
    await set_status(event.slug, EventStatus.CANCELLED)
    cancelled_event = await get_event(event.slug)

    data = event_ics(cancelled_event, base_url=BASE_URL)

    assert confirmed == "CONFIRMED"
    assert parse_strict(data).events[0].status == "CANCELLED"
    assert parse_vobject(data).vevent.status.value == "CANCELLED"


async def test_event_ics_online_event_is_online_without_the_meeting_link():
    slug = await create_event(demo_event_values(online_url=ONLINE_URL))
    event = await get_event(slug)

    data = event_ics(event, base_url=BASE_URL)

    assert parse_strict(data).events[0].location == "Online"
    assert ONLINE_URL not in unfolded(data)
    assert "meet.example.org" not in unfolded(data)


async def test_event_ics_hybrid_event_keeps_the_meeting_link_out():
    event = await make_event(online_url=ONLINE_URL)

    data = event_ics(event, base_url=BASE_URL)

    assert event.online_url == ONLINE_URL
    assert "meet.example.org" not in unfolded(data)


async def test_event_ics_lines_end_in_crlf_and_fold_at_75_octets():
    event = await make_event(
        title="Actualiteitencollege bestaanszekerheid – wat werkt écht voor cliënten in "
        "Haarlem, Zaanstad, Velsen en de Haarlemmermeer? Een middag met ervaringsdeskundigen",
        summary="Schulden, de Participatiewet en de rol van sociale wijkteams: een middag "
        "met cliëntenraden, gemeenten en onderzoekers van de hogeschool — iedereen welkom.",
    )

    data = event_ics(event, base_url=BASE_URL)

    lines = data.split(b"\r\n")
    assert data.endswith(b"\r\n")
    assert data.count(b"\n") == data.count(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # something was folded
    assert parse_vobject(data).vevent.summary.value == event.title


def test_fold_never_splits_a_utf8_character_at_the_75th_octet():
    for character in ("é", "—", "🙂"):  # two, three and four octets
        for lead in range(60, 76):
            line = "SUMMARY:" + "a" * lead + character * 30

            folded = fold(line)

            physical = folded.removesuffix(b"\r\n").split(b"\r\n")
            assert all(len(part) <= 75 for part in physical)
            assert all(part.startswith(b" ") for part in physical[1:])
            assert "".join(part.decode()[1:] if i else part.decode()
                           for i, part in enumerate(physical)) == line  # fmt: skip


def test_fold_leaves_a_line_of_exactly_75_octets_alone():
    line = "X" * 75

    assert fold(line) == line.encode() + b"\r\n"
    assert fold(line + "Y") == line.encode() + b"\r\n Y\r\n"


def test_text_escapes_what_rfc_5545_asks_and_drops_control_characters():
    raw = "Schulden; armoede, en\\of wonen\r\nTweede regel\x07"

    assert text(raw) == "Schulden\\; armoede\\, en\\\\of wonen\\nTweede regel"


def test_event_days_split_a_congress_into_days_but_not_an_evening_past_midnight():
    congress = event_days(
        dt.datetime(2030, 11, 14, 9, tzinfo=TIMEZONE),
        dt.datetime(2030, 11, 15, 16, 30, tzinfo=TIMEZONE),
    )
    evening = event_days(
        dt.datetime(2030, 11, 14, 20, tzinfo=TIMEZONE),
        dt.datetime(2030, 11, 15, 1, tzinfo=TIMEZONE),
    )

    assert [(start.day, start.hour, end.day, end.hour, end.minute) for start, end in congress] == [
        (14, 9, 14, 16, 30),
        (15, 9, 15, 16, 30),
    ]
    assert len(evening) == 1


async def test_event_ics_of_a_two_day_congress_is_two_entries_with_stable_uids():
    event = await make_event(
        starts_at=dt.datetime(2030, 11, 14, 9, tzinfo=TIMEZONE),
        ends_at=dt.datetime(2030, 11, 15, 16, 30, tzinfo=TIMEZONE),
    )

    data = event_ics(event, base_url=BASE_URL)

    strict = parse_strict(data).events
    assert [e.uid for e in strict] == [
        f"event-{event.id}@testserver.local",
        f"event-{event.id}-day-2@testserver.local",
    ]
    assert [e.summary.value for e in parse_vobject(data).vevent_list] == [
        "Regionale bijeenkomst voorjaar (dag 1 van 2)",
        "Regionale bijeenkomst voorjaar (dag 2 van 2)",
    ]


def test_our_writer_reads_back_the_same_in_icalendar_itself():
    entry = CalendarEntry(
        uid="event-7@testserver.local",
        starts_at=dt.datetime(2030, 3, 30, 13, 30, tzinfo=TIMEZONE),
        ends_at=dt.datetime(2030, 3, 30, 17, tzinfo=TIMEZONE),
        last_modified=dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        sequence=3,
        summary="Schulden; armoede, en\\of wonen – écht",
        location="Pletterij, Lange Herenvest 122, Haarlem",
        url="https://werkplaats.example/events/x?a=1,2",
        description="Regel een\nRegel twee",
        status="CANCELLED",
    )

    [event] = Calendar.from_ical(calendar_file([entry])).walk("VEVENT")

    assert str(event["summary"]) == entry.summary
    assert str(event["description"]) == entry.description
    assert str(event["url"]) == entry.url
    assert event.decoded("dtstart") == entry.starts_at
    assert event.decoded("last-modified") == entry.last_modified
    assert (event["sequence"], str(event["status"])) == (3, "CANCELLED")
