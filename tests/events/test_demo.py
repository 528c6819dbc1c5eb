"""Demo data (`werkplaats demo`): a programme year, loadable any number of times."""

from __future__ import annotations

from events.demo import load_demo
from events.enums import EventKind, EventStatus
from events.tables import Checkin, Event, EventTheme, Partner, Registration, Session, Theme, Venue

TABLES = (Event, EventTheme, Partner, Session, Theme, Venue, Registration, Checkin)


async def _counts() -> dict[str, int]:
    return {table._meta.tablename: await table.count() for table in TABLES}


async def test_load_demo_twice_gives_the_same_rows():
    await load_demo()
    first = await _counts()

    await load_demo()

    assert await _counts() == first
    assert all(first.values()), first


async def test_load_demo_publishes_every_kind_of_event():
    await load_demo()

    rows = await Event.select(Event.kind, Event.status)

    assert {row["kind"] for row in rows} == set(EventKind)
    assert {row["status"] for row in rows} == {EventStatus.PUBLISHED}


async def test_demo_event_page_shows_programme_in_dutch_time(client):
    await load_demo()

    response = await client.get("/events/regionale-bijeenkomst-voorjaar-2027")

    assert response.status_code == 200
    assert "dinsdag 13 april 2027" in response.text
    assert "<h3>Opening: de regionale kennisagenda</h3>" in response.text
    assert '<time datetime="2027-04-13T12:00:00+00:00">14.00</time>' in response.text
    theme = "toegang-tot-hulp-en-ondersteuning"
    assert f'<a href="/events?theme={theme}">Toegang tot hulp en ondersteuning</a>' in response.text


async def test_demo_past_meeting_has_attendees_checked_in_and_some_absent():
    await load_demo()
    event = await Event.select(Event.id).where(Event.slug == "regionale-bijeenkomst-najaar-2026")

    registered = await Registration.count().where(Registration.event == event[0]["id"])
    present = await Checkin.count().where(Checkin.event == event[0]["id"])

    assert (registered, present) == (36, 30)
