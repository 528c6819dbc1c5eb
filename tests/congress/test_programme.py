"""Placing accepted contributions with warnings, publishing, and what the public sees."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
import vobject
from icalendar import Calendar

from congress.services.programme import PlacementWarnings, place_contribution, publish_programme
from congress.services.programme_view import programme_of
from congress.services.submission import submit_abstract
from congress.tables import ProgrammeItem
from events.services.calendars.feeds import make_attendee_feed
from events.tables import Event
from tests.congress.helpers import entry
from tests.congress.programme_helpers import congress_with_programme
from werkplaats.errors import FieldErrors


async def test_speaker_in_two_places_at_once_needs_an_override():
    _slug, _event, rooms, slots, (noor_1, _fatma, noor_2) = await congress_with_programme()
    await place_contribution(noor_1, slot_id=slots["Ronde 1"], room_id=rooms["Zaal 1"])

    with pytest.raises(PlacementWarnings) as caught:
        await place_contribution(noor_2, slot_id=slots["Ronde 1"], room_id=rooms["Zaal 2"])
    overridden = await place_contribution(
        noor_2, slot_id=slots["Ronde 1"], room_id=rooms["Zaal 2"], override=True
    )

    assert caught.value.warnings == [
        "Noor Hendriks spreekt op hetzelfde moment in “Reflecteren in het wijkteam”."
    ]
    assert overridden == caught.value.warnings
    item = await ProgrammeItem.select().where(ProgrammeItem.abstract == noor_2).first()
    assert item["overridden"] is True


async def test_room_used_twice_and_room_too_small_are_warnings_that_write_nothing():
    _slug, _event, rooms, slots, (noor_1, fatma, _noor_2) = await congress_with_programme()
    await place_contribution(noor_1, slot_id=slots["Ronde 1"], room_id=rooms["Zaal 2"])

    with pytest.raises(PlacementWarnings) as caught:
        await place_contribution(
            fatma, slot_id=slots["Ronde 1"], room_id=rooms["Zaal 2"], expected_audience=35
        )

    assert caught.value.warnings == [
        "Zaal 2 is dan al in gebruik, voor “Reflecteren in het wijkteam”.",
        "Zaal 2 biedt plaats aan 20; er worden 35 verwacht.",
    ]
    assert await ProgrammeItem.count() == 1


async def test_only_accepted_contributions_in_parallel_rounds_can_be_placed():
    slug, _event, rooms, slots, _abstracts = await congress_with_programme()
    submitted = await submit_abstract(slug, entry(title="Nog niet besloten"))

    with pytest.raises(FieldErrors) as caught:
        await place_contribution(submitted.id, slot_id=slots["Lunch"], room_id=rooms["Zaal 1"])

    assert set(caught.value.errors) == {"abstract", "slot"}


async def test_moving_a_contribution_keeps_one_placement():
    _slug, event_id, rooms, slots, (noor_1, _f, _n) = await congress_with_programme()

    await place_contribution(noor_1, slot_id=slots["Ronde 1"], room_id=rooms["Zaal 1"])
    await place_contribution(noor_1, slot_id=slots["Ronde 2"], room_id=rooms["Zaal 2"])

    [session] = (await programme_of(event_id)).sessions
    assert (session.slot_title, session.room) == ("Ronde 2", "Zaal 2")


async def test_publishing_sets_the_events_net_hours_from_the_teaching_minutes():
    _slug, event_id, _rooms, _slots, _abstracts = await congress_with_programme()

    await publish_programme(event_id)

    row = await Event.select(Event.net_hours).where(Event.id == event_id).first()
    assert Decimal(str(row["net_hours"])) == Decimal("2.8")  # 45 + 60 + 60 minutes


async def _published(client):
    slug, event_id, rooms, slots, (noor_1, fatma, noor_2) = await congress_with_programme()
    await place_contribution(noor_1, slot_id=slots["Ronde 1"], room_id=rooms["Zaal 1"])
    await place_contribution(fatma, slot_id=slots["Ronde 1"], room_id=rooms["Zaal 2"])
    await place_contribution(noor_2, slot_id=slots["Ronde 2"], room_id=rooms["Zaal 1"])
    return slug, event_id


async def test_programme_is_not_public_until_published(client):
    slug, event_id = await _published(client)

    before = await client.get(f"/api/v1/events/{slug}/programme")
    page_before = await client.get(f"/events/{slug}")
    await publish_programme(event_id)
    after = await client.get(f"/api/v1/events/{slug}/programme")

    assert before.status_code == 404
    assert "Reflecteren in het wijkteam" not in page_before.text
    assert after.status_code == 200


async def test_programme_api_gives_rounds_rooms_and_sessions_with_speakers(client):
    slug, event_id = await _published(client)
    await publish_programme(event_id)

    body = (await client.get(f"/api/v1/events/{slug}/programme")).json()

    assert [r["title"] for r in body["rounds"]] == ["Opening", "Ronde 1", "Lunch", "Ronde 2"]
    round_1 = body["rounds"][1]
    assert round_1["kind"] == "parallel"
    assert [(s["title"], s["room"], s["capacity"]) for s in round_1["sessions"]] == [
        ("Reflecteren in het wijkteam", "Zaal 1", 30),
        ("De klantreis armoede", "Zaal 2", 20),
    ]
    assert round_1["sessions"][0]["speakers"] == [
        {"name": "Noor Hendriks", "organisation": "Hogeschool Inholland"}
    ]
    assert "email" not in str(body)
    assert body["net_teaching_minutes"] == 165


async def test_event_page_shows_the_programme_and_each_session_has_a_page(client):
    slug, event_id = await _published(client)
    await publish_programme(event_id)
    programme = await programme_of(event_id)
    session = programme.sessions[0]

    page = await client.get(f"/events/{slug}")
    filtered = await client.get(f"/events/{slug}/programma?thema=blended-hulpverlening")
    session_page = await client.get(f"/events/{slug}/programma/{session.id}")

    assert 'class="programme-grid"' in page.text and 'class="programme-list"' in page.text
    assert f'href="/events/{slug}/programma/{session.id}"' in page.text
    list_part = filtered.text.split('class="programme-list"')[1]
    assert "De klantreis armoede" in list_part and "Reflecteren in het wijkteam" not in list_part
    assert "Noor Hendriks (Hogeschool Inholland)" in session_page.text
    assert "Zaal 1" in session_page.text and "noor@inholland.example" not in session_page.text


async def test_event_feed_has_a_vevent_per_session_read_by_two_parsers(client):
    slug, event_id = await _published(client)
    await publish_programme(event_id)

    body = (await client.get(f"/events/{slug}.ics")).text

    summaries = sorted(str(c["summary"]) for c in Calendar.from_ical(body).walk("VEVENT"))
    loose = sorted(e.summary.value for e in vobject.readOne(io.StringIO(body)).vevent_list)
    assert "Reflecteren in het wijkteam" in summaries and "Opening" in summaries
    assert "Lunch" not in summaries  # no teaching time: not an entry
    assert summaries == loose


async def test_speakers_personal_feed_has_their_sessions(client):
    _slug, event_id = await _published(client)
    await publish_programme(event_id)
    feed = await make_attendee_feed("noor@inholland.example")

    body = (await client.get(f"/calendar/feed/{feed.token}.ics")).text

    summaries = sorted(str(c["summary"]) for c in Calendar.from_ical(body).walk("VEVENT"))
    assert summaries == ["Dilemma's in de toegang", "Reflecteren in het wijkteam"]
