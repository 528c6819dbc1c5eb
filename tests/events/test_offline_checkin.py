"""Offline doors, the server's half: the door pack a phone judges scans by, and the
batch it syncs with afterwards (each scan once, at its own time; conflicts kept)."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from events import hooks
from events.enums import RegistrationStatus
from events.services.checkin.door_pack import code_hash
from events.services.registration.seats import change_status
from events.tables import Checkin, CheckinConflict, CheckinLink, Event, Registration
from tests.conftest import csrf_token, post_form
from tests.events.test_checkin import make_event, person, session_of
from tests.events.test_checkin_http import _new_link, slug_of
from werkplaats.enums import Role

NOW = dt.datetime.now(dt.UTC)


async def underway(event_id: int) -> None:
    """The event started an hour ago (registered for while it lay ahead); its door
    links were made the day before."""
    await Event.update(
        {Event.starts_at: NOW - dt.timedelta(hours=1), Event.ends_at: NOW + dt.timedelta(hours=3)}
    ).where(Event.id == event_id)
    await CheckinLink.update({CheckinLink.created_at: NOW - dt.timedelta(days=1)}).where(
        CheckinLink.event == event_id
    )


def offline(code: str, nonce: str, minutes_ago: float = 10, **extra: Any) -> dict[str, Any]:
    at = (NOW - dt.timedelta(minutes=minutes_ago)).isoformat()
    return {"code": code, "nonce": nonce, "scanned_at": at, **extra}


async def test_the_pack_names_people_by_a_keyed_hash_and_holds_no_contact_details(
    client, api_headers
):
    event = await make_event()
    anne = await person(event, "Anne de Vries")
    bram = await person(event, "Bram Bakker", status=RegistrationStatus.CANCELLED)
    slug = await slug_of(event)

    response = await client.get(
        f"/api/v1/events/{slug}/door-pack", headers=await api_headers(Role.CHECKIN)
    )

    assert response.status_code == 200, response.text
    pack = response.json()
    key = base64.urlsafe_b64decode(pack["key"] + "=" * (-len(pack["key"]) % 4))
    people = {p["n"]: p for p in pack["people"]}
    assert people["Anne de Vries"]["h"] == code_hash(key, anne["ticket_code"])
    assert people["Anne de Vries"]["s"] == "registered"
    assert people["Bram Bakker"]["s"] == "cancelled"
    assert pack["full"] is True and pack["checkins"] == []
    text = response.text
    for secret in (anne["ticket_code"], bram["ticket_code"], anne["email"], anne["token"]):
        assert secret not in text


async def test_the_pack_comes_compressed_and_a_cursor_gives_only_what_changed(client, login):
    event = await make_event()
    anne = await person(event, "Anne de Vries")
    await person(event, "Bram Bakker")
    cees = await person(event, "Cees Jansen")
    slug = await slug_of(event)
    await Registration.update({Registration.updated_at: NOW - dt.timedelta(hours=1)}).where(
        Registration.event == event
    )
    await login(Role.CHECKIN)

    whole = await client.get(f"/checkin/{slug}/pack", headers={"Accept-Encoding": "gzip"})
    await change_status(cees["id"], RegistrationStatus.CANCELLED, notify=False)
    await client.post(
        f"/checkin/{slug}/scan",
        json={"code": anne["ticket_code"]},
        headers={"X-CSRFToken": await csrf_token(client), "Accept": "application/json"},
    )
    changed = await client.get(f"/checkin/{slug}/pack?since={whole.json()['cursor']}")

    assert whole.headers["content-encoding"] == "gzip"
    assert "no-store" in whole.headers["cache-control"]
    assert len(whole.json()["people"]) == 3
    delta = changed.json()
    assert delta["full"] is False
    assert [(p["n"], p["s"]) for p in delta["people"]] == [("Cees Jansen", "cancelled")]
    assert [(c["i"], c["p"], c["u"]) for c in delta["checkins"]] == [(anne["id"], None, False)]


async def test_a_batch_writes_each_scan_once_at_the_time_it_was_scanned(client, login):
    event = await make_event()
    anne = await person(event, "Anne de Vries")
    bram = await person(event, "Bram Bakker")
    slug = await slug_of(event)
    await login(Role.ORGANISER)
    token = await _new_link(client, slug)
    await underway(event)
    client.cookies.clear()
    batch = {
        "scans": [
            offline(anne["ticket_code"], "n-1", minutes_ago=12),
            offline("WPS1:" + bram["ticket_code"], "n-2", minutes_ago=11),
            {
                **offline("", "n-3", minutes_ago=10, judged="already_checked_in"),
                "code": None,
                "registration": anne["id"],
            },
        ]
    }

    first = await client.post(f"/scan/{token}/batch", json=batch)
    again = await client.post(f"/scan/{token}/batch", json=batch)

    assert first.status_code == 200, first.text
    statuses = [r["status"] for r in first.json()["results"]]
    assert statuses == ["ok", "ok", "already_checked_in"]
    assert again.json() == first.json()
    rows = await Checkin.select(Checkin.registration, Checkin.checked_in_at, Checkin.method)
    assert len(rows) == 2
    by_person = {r["registration"]: r for r in rows}
    scanned = dt.datetime.fromisoformat(batch["scans"][0]["scanned_at"])
    assert abs(by_person[anne["id"]]["checked_in_at"] - scanned) < dt.timedelta(seconds=1)
    assert {r["method"] for r in rows} == {"offline"}
    assert await CheckinConflict.count() == 0  # the door knew Anne was in: no conflict


async def test_two_offline_doors_letting_one_person_in_keep_one_check_in_and_a_duplicate(
    client, login
):
    event = await make_event()
    anne = await person(event, "Anne de Vries")
    slug = await slug_of(event)
    await login(Role.ORGANISER)
    east, west = (
        await _new_link(client, slug, "Ingang oost"),
        await _new_link(client, slug, "Ingang west"),
    )
    await underway(event)
    client.cookies.clear()

    from_east = await client.post(
        f"/scan/{east}/batch", json={"scans": [offline(anne["ticket_code"], "e-1", 5)]}
    )
    from_west = await client.post(
        f"/scan/{west}/batch", json={"scans": [offline(anne["ticket_code"], "w-1", 4)]}
    )
    west_again = await client.post(
        f"/scan/{west}/batch", json={"scans": [offline(anne["ticket_code"], "w-1", 4)]}
    )

    assert from_east.json()["results"][0]["conflict"] is None
    [answer] = from_west.json()["results"]
    assert (answer["status"], answer["conflict"]) == ("already_checked_in", "duplicate")
    assert answer["checked_in_by"] == "Ingang oost"
    assert west_again.json() == from_west.json()
    assert await Checkin.count() == 1
    [conflict] = await CheckinConflict.select(CheckinConflict.kind, CheckinConflict.by_name)
    assert conflict == {"kind": "duplicate", "by_name": "Ingang west"}


async def test_a_person_cancelled_meanwhile_is_a_refused_conflict(client, api_headers):
    event = await make_event()
    anne = await person(event, "Anne de Vries")
    slug = await slug_of(event)
    await underway(event)
    await change_status(anne["id"], RegistrationStatus.CANCELLED, notify=False)

    response = await client.post(
        "/api/v1/checkin/batch",
        json={"event": slug, "scans": [offline(anne["ticket_code"], "x-1")]},
        headers=await api_headers(Role.CHECKIN),
    )

    [answer] = response.json()["results"]
    assert (answer["status"], answer["conflict"]) == ("cancelled", "refused")
    assert answer["message"] == "Geannuleerd: Anne de Vries"
    assert await Checkin.count() == 0
    [conflict] = await CheckinConflict.select(CheckinConflict.kind, CheckinConflict.outcome)
    assert conflict == {"kind": "refused", "outcome": "cancelled"}


async def test_a_malformed_batch_is_refused_whole_and_writes_nothing(client, login):
    event, other = await make_event(), await make_event(title="Ander evenement")
    anne = await person(event, "Anne de Vries")
    guest = await person(other, "Eva Visser")
    room_elsewhere = await session_of(other)
    slug = await slug_of(event)
    await login(Role.ORGANISER)
    token = await _new_link(client, slug)
    await underway(event)
    client.cookies.clear()
    code = anne["ticket_code"]
    batches = {
        "twice": [offline(code, "same"), offline(code, "same")],
        "future": [offline(code, "f-1", minutes_ago=-60)],
        "before the link": [offline(code, "b-1", minutes_ago=60 * 24 * 400)],
        "no nonce": [offline(code, " ")],
        "a session elsewhere": [offline(code, "s-1", session=room_elsewhere)],
    }

    answers = {
        name: await client.post(f"/scan/{token}/batch", json={"scans": scans})
        for name, scans in batches.items()
    }
    foreign = await client.post(
        f"/scan/{token}/batch", json={"scans": [offline(guest["ticket_code"], "g-1")]}
    )

    assert {name: a.status_code for name, a in answers.items()} == dict.fromkeys(batches, 422)
    assert answers["twice"].json()["errors"] == {
        "scans[1].nonce": "Deze scan-id staat twee keer in de batch."
    }
    assert "scans[0].scanned_at" in answers["future"].json()["errors"]
    assert "scans[0].scanned_at" in answers["before the link"].json()["errors"]
    assert "scans[0].session" in answers["a session elsewhere"].json()["errors"]
    assert foreign.json()["results"][0]["status"] == "wrong_event"
    assert await Checkin.count() == 0 and await CheckinConflict.count() == 0


async def test_a_stopped_link_gets_no_pack_and_no_batch(client, login):
    event = await make_event()
    anne = await person(event, "Anne de Vries")
    slug = await slug_of(event)
    await login(Role.ORGANISER)
    token = await _new_link(client, slug)
    link_id = (await CheckinLink.select(CheckinLink.id).first())["id"]
    await post_form(client, f"/beheer/events/{slug}/checkin/links/{link_id}/revoke", {})
    client.cookies.clear()

    pack = await client.get(f"/scan/{token}/pack")
    batch = await client.post(
        f"/scan/{token}/batch", json={"scans": [offline(anne["ticket_code"], "r-1")]}
    )
    anonymous = await client.get(f"/api/v1/events/{slug}/door-pack")

    assert (pack.status_code, batch.status_code, anonymous.status_code) == (404, 404, 401)
    assert await Checkin.count() == 0


async def test_the_pack_says_who_may_enter_a_session_as_the_apps_answer(client, api_headers):
    event = await make_event()
    room = await session_of(event)
    anne = await person(event, "Anne de Vries")
    await person(event, "Bram Bakker")

    async def only_anne(event_id: int) -> dict[int, list[int]]:
        return {room: [anne["id"]]} if event_id == event else {}

    hooks.session_admissions.register(only_anne)
    try:
        response = await client.get(
            f"/api/v1/events/{await slug_of(event)}/door-pack",
            headers=await api_headers(Role.CHECKIN),
        )
    finally:
        hooks.session_admissions.forget(only_anne)

    pack = response.json()
    assert pack["admissions"] == {str(room): [anne["id"]]}
    assert pack["sessions"] == [{"id": room, "title": "Workshop", "room": "Zaal 1"}]
