"""From a submitted abstract to a checked-in workshop attendee, over HTTP throughout."""

from __future__ import annotations

from congress.enums import Decision, SlotKind
from congress.services.decisions import decide
from congress.services.programme import add_room, add_slot, place_contribution, publish_programme
from congress.services.programme_view import programme_of
from congress.tables import Abstract, ProgrammeItem
from events.tables import Event, Registration, Session
from tests.conftest import post_form
from tests.congress.helpers import api_abstract, make_congress
from tests.congress.programme_helpers import at
from werkplaats.enums import Role


async def _register(
    client, slug: str, n: int, session_field: str = "", session: str = ""
) -> Registration:
    form = {"name": f"Deelnemer {n}", "email": f"d{n}@wijkteam.example", "privacy_consent": "1"}
    if session_field:
        form[session_field] = session
    await post_form(client, f"/events/{slug}", form)
    return await Registration.select().where(Registration.email == f"d{n}@wijkteam.example").first()


async def test_submitted_abstract_becomes_a_workshop_whose_door_admits_who_chose_it(
    client, api_headers
):
    slug, _call = await make_congress()
    submitted = await client.post(f"/api/v1/events/{slug}/abstracts", json=api_abstract())
    abstract_id = (await Abstract.select(Abstract.id).first())["id"]
    await decide(abstract_id, Decision.ACCEPT)
    event_id = (await Event.select(Event.id).where(Event.slug == slug).first())["id"]
    room = await add_room(event_id, name="Zaal 1", capacity=25)
    round_1 = await add_slot(
        event_id, kind=SlotKind.PARALLEL, title="Ronde 1", starts_at=at(11), ends_at=at(12),
        teaching_minutes=60,
    )  # fmt: skip
    await place_contribution(abstract_id, slot_id=round_1, room_id=room)
    await publish_programme(event_id)
    [workshop] = (await programme_of(event_id)).sessions
    chooser = await _register(client, slug, 1, f"ronde-{round_1}", str(workshop.id))
    other = await _register(client, slug, 2)
    door = await api_headers(Role.CHECKIN)
    session_id = (await ProgrammeItem.select(ProgrammeItem.session).first())["session"]

    admitted = await client.post(
        "/api/v1/checkin",
        json={"code": chooser["ticket_code"], "event": slug, "session": session_id},
        headers=door,
    )
    refused = await client.post(
        "/api/v1/checkin",
        json={"code": other["ticket_code"], "event": slug, "session": session_id},
        headers=door,
    )
    at_the_entrance = await client.post(
        "/api/v1/checkin", json={"code": other["ticket_code"], "event": slug}, headers=door
    )

    assert submitted.status_code == 201
    assert (await Session.select(Session.title, Session.room).first()) == {
        "title": "De klantreis armoede",
        "room": "Zaal 1",
    }
    assert admitted.json()["status"] == "ok"
    assert refused.json()["status"] == "not_admitted"
    assert at_the_entrance.json()["status"] == "ok"


async def test_a_session_nobody_chose_admits_anyone_registered(client, api_headers):
    slug, _call = await make_congress()
    await client.post(f"/api/v1/events/{slug}/abstracts", json=api_abstract())
    abstract_id = (await Abstract.select(Abstract.id).first())["id"]
    await decide(abstract_id, Decision.ACCEPT)
    event = await Event.select(Event.id).where(Event.slug == slug).first()
    room = await add_room(event["id"], name="Zaal 1", capacity=25)
    round_1 = await add_slot(
        event["id"], kind=SlotKind.PARALLEL, title="Ronde 1", starts_at=at(11), ends_at=at(12),
        teaching_minutes=60,
    )  # fmt: skip
    await place_contribution(abstract_id, slot_id=round_1, room_id=room)
    await publish_programme(event["id"])
    person = await _register(client, slug, 3)
    session_id = (await ProgrammeItem.select(ProgrammeItem.session).first())["session"]

    response = await client.post(
        "/api/v1/checkin",
        json={"code": person["ticket_code"], "event": slug, "session": session_id},
        headers=await api_headers(Role.CHECKIN),
    )

    assert response.json()["status"] == "ok"
