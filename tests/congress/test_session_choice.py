"""Choosing one workshop per round: on the registration form, on /r/{token}, by API."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from congress.services.programme import place_contribution, publish_programme
from congress.services.programme_view import programme_of
from congress.services.session_choice import SessionFull, choose_session, my_sessions
from congress.tables import SessionChoice
from events import hooks
from events.enums import ChangedBy, RegistrationStatus
from events.services.calendars.feeds import make_attendee_feed
from events.services.registration.core import RegistrationInput, register
from events.services.registration.seats import change_status
from events.tables import Registration
from tests.conftest import post_form
from tests.congress.programme_helpers import congress_with_programme


async def _published_with_sessions():
    slug, event_id, rooms, slots, (noor_1, fatma, noor_2) = await congress_with_programme()
    await place_contribution(noor_1, slot_id=slots["Ronde 1"], room_id=rooms["Zaal 2"])  # 20
    await place_contribution(fatma, slot_id=slots["Ronde 1"], room_id=rooms["Zaal 1"])  # 30
    await place_contribution(noor_2, slot_id=slots["Ronde 2"], room_id=rooms["Zaal 1"])
    await publish_programme(event_id)
    programme = await programme_of(event_id)
    by_title = {s.title: s for s in programme.sessions}
    return slug, event_id, slots, by_title


async def _registration(slug: str, n: int = 1) -> Registration:
    outcome = await register(
        slug,
        RegistrationInput(
            name=f"Deelnemer {n}", email=f"d{n}@wijkteam.example", privacy_consent=True
        ),
    )
    return await Registration.select().where(Registration.token == outcome.token).first()


async def test_one_choice_per_round_a_second_replaces_the_first():
    slug, _event, _slots, sessions = await _published_with_sessions()
    person = await _registration(slug)

    await choose_session(person["id"], sessions["Reflecteren in het wijkteam"].id)
    await choose_session(person["id"], sessions["De klantreis armoede"].id)
    await choose_session(person["id"], sessions["Dilemma's in de toegang"].id)

    mine = await my_sessions(person["id"], slug)
    assert sorted(s.title for s in mine) == ["De klantreis armoede", "Dilemma's in de toegang"]
    assert await SessionChoice.count() == 2


async def test_full_session_is_refused_with_vol_and_nothing_written():
    slug, _event, _slots, sessions = await _published_with_sessions()
    small = sessions["Reflecteren in het wijkteam"]  # Zaal 2: 20 places
    people = [await _registration(slug, n) for n in range(21)]
    for person in people[:20]:
        await choose_session(person["id"], small.id)

    with pytest.raises(SessionFull) as caught:
        await choose_session(people[20]["id"], small.id)

    assert caught.value.message == "“Reflecteren in het wijkteam” is vol: kies een andere sessie."
    assert await SessionChoice.count().where(SessionChoice.item == small.id) == 20


async def _register_choosing(client, slug: str, slot_id: int, item_id: int):
    """The registration form sent with one session chosen in the round `slot_id`."""
    form = {
        "name": "Sanne de Jong",
        "email": "sanne@wijkteam.example",
        "privacy_consent": "1",
        f"ronde-{slot_id}": str(item_id),
    }
    return await post_form(client, f"/events/{slug}", form)


async def test_registration_form_has_the_rounds_and_saves_the_choice(client):
    slug, _event, slots, sessions = await _published_with_sessions()
    chosen = sessions["De klantreis armoede"]

    page = await client.get(f"/events/{slug}")
    response = await _register_choosing(client, slug, slots["Ronde 1"], chosen.id)

    assert f'name="ronde-{slots["Ronde 1"]}"' in page.text
    assert response.status_code == 200
    row = await SessionChoice.select(SessionChoice.item).first()
    assert row["item"] == chosen.id
    assert "De klantreis armoede" in response.text  # the personal page's panel


async def test_registration_form_refuses_a_session_of_another_round(client):
    slug, _event, slots, sessions = await _published_with_sessions()

    other_round = sessions["Dilemma's in de toegang"].id
    response = await _register_choosing(client, slug, slots["Ronde 1"], other_round)

    assert response.status_code == 400
    assert "Kies een van de sessies van deze ronde." in response.text
    assert await Registration.count() == 0


async def test_personal_page_choice_later_and_leaving_a_round(client):
    slug, _event, slots, sessions = await _published_with_sessions()
    person = await _registration(slug)
    token = person["token"]

    await post_form(
        client,
        f"/r/{token}/workshops",
        {f"ronde-{slots['Ronde 2']}": str(sessions["Dilemma's in de toegang"].id)},
    )
    page = await client.get(f"/r/{token}")
    await post_form(client, f"/r/{token}/workshops", {f"ronde-{slots['Ronde 2']}": ""})

    assert "Dilemma&#39;s in de toegang" in page.text or "Dilemma's in de toegang" in page.text
    assert await SessionChoice.count() == 0


async def test_api_choice_and_a_full_session_is_a_409(client):
    slug, _event, _slots, sessions = await _published_with_sessions()
    small = sessions["Reflecteren in het wijkteam"]
    people = [await _registration(slug, n) for n in range(21)]
    for person in people[:20]:
        await choose_session(person["id"], small.id)

    ok = await client.post(
        f"/api/v1/registrations/{people[20]['token']}/sessions",
        json={"session": sessions["De klantreis armoede"].id},
    )
    full = await client.post(
        f"/api/v1/registrations/{people[20]['token']}/sessions", json={"session": small.id}
    )

    assert ok.status_code == 201
    assert full.status_code == 409 and "vol" in full.json()["message"]


async def test_cancelled_registration_gives_its_place_back():
    slug, _event, _slots, sessions = await _published_with_sessions()
    person = await _registration(slug)
    await choose_session(person["id"], sessions["Reflecteren in het wijkteam"].id)

    await change_status(person["id"], RegistrationStatus.CANCELLED, by=ChangedBy.REGISTRANT)

    assert await SessionChoice.count() == 0


async def test_chosen_sessions_in_the_personal_feed_and_on_the_badge(client):
    slug, _event, _slots, sessions = await _published_with_sessions()
    person = await _registration(slug)
    await choose_session(person["id"], sessions["De klantreis armoede"].id)
    feed = await make_attendee_feed(person["email"])

    body = (await client.get(f"/calendar/feed/{feed.token}.ics")).text
    lines = await hooks.badge_lines.merged([person["id"]])

    summaries = [str(c["summary"]) for c in Calendar.from_ical(body).walk("VEVENT")]
    assert "De klantreis armoede" in summaries
    assert lines[person["id"]] == ["Ronde 1: Zaal 1"]


async def test_speakers_wear_the_speaker_ribbon_registered_before_or_after_publishing():
    slug, event_id, rooms, slots, (noor_1, fatma, _noor_2) = await congress_with_programme()
    before = await register(
        slug,
        RegistrationInput(
            name="Noor Hendriks", email="noor@inholland.example", privacy_consent=True
        ),
    )
    await place_contribution(noor_1, slot_id=slots["Ronde 1"], room_id=rooms["Zaal 1"])
    await place_contribution(fatma, slot_id=slots["Ronde 1"], room_id=rooms["Zaal 2"])
    await publish_programme(event_id)
    listener = await _registration(slug, 7)
    await register(
        slug,
        RegistrationInput(name="Fatma Yilmaz", email="fatma@mee.example", privacy_consent=True),
    )

    ribbons = {
        r["email"]: r["ribbon"]
        for r in await Registration.select(Registration.email, Registration.ribbon)
    }
    assert before.token
    assert ribbons == {
        "noor@inholland.example": "speaker",
        listener["email"]: "participant",
        "fatma@mee.example": "speaker",  # registered after the programme was published
    }
