"""Check-in over HTTP: the API, the door page for staff and for volunteer links, the
back-office list and links."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

from events.enums import RegistrationStatus
from events.tables import Checkin, CheckinLink, Event, Registration
from tests.conftest import csrf_token, post_form
from tests.events.helpers import flashes, log_in_without_backoffice
from tests.events.test_checkin import make_event, person, session_of
from tests.events.test_tickets import page_image, qr_codes
from werkplaats.enums import Role
from werkplaats.i18n import TIMEZONE


async def slug_of(event_id: int) -> str:
    return (await Event.select(Event.slug).where(Event.id == event_id).first())["slug"]


async def test_api_check_in_outcomes(client, api_headers):
    event = await make_event(capacity=1)
    slug = await slug_of(event)
    anne = await person(event, "Anne de Vries")
    waiting = await person(event, "Bram Bakker")
    headers = await api_headers(Role.CHECKIN)

    async def scan(code: str, **extra: Any) -> dict[str, Any]:
        body = {"code": code, "event": slug, **extra}
        response = await client.post("/api/v1/checkin", json=body, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    first = await scan(f"WPS1:{anne['ticket_code']}")
    again = await scan(anne["ticket_code"])
    wait = await scan(waiting["ticket_code"])
    unknown = await scan("WPS1:" + "Z" * 26)

    assert (first["status"], first["name"]) == ("ok", "Anne de Vries")
    assert first["checked_in_by"] == "Test checkin"
    assert again["status"] == "already_checked_in"
    assert again["checked_in_at"] == first["checked_in_at"]
    assert (wait["status"], wait["name"]) == ("not_admitted", "Bram Bakker")
    assert unknown == {
        "status": "unknown",
        "name": None,
        "checked_in_at": None,
        "checked_in_by": None,
        "message": "Onbekende code",
    }


async def test_api_check_in_needs_door_staff_and_a_known_event(client, api_headers):
    event = await make_event()
    anne = await person(event, "Anne de Vries")
    body = {"code": anne["ticket_code"], "event": await slug_of(event)}

    anonymous = await client.post("/api/v1/checkin", json=body)
    reviewer = await client.post(
        "/api/v1/checkin", json=body, headers=await api_headers(Role.REVIEWER)
    )
    unknown_event = await client.post(
        "/api/v1/checkin",
        json={**body, "event": "bestaat-niet"},
        headers=await api_headers(Role.ORGANISER),
    )
    extra_field = await client.post(
        "/api/v1/checkin", json={**body, "seat": 3}, headers=await api_headers(Role.ORGANISER)
    )

    assert (anonymous.status_code, reviewer.status_code) == (401, 403)
    assert unknown_event.status_code == 404
    assert extra_field.status_code == 422
    assert "seat" in extra_field.json()["errors"]
    assert await Checkin.count() == 0


async def test_api_retry_with_nonce_is_recorded_once(client, api_headers):
    event = await make_event()
    anne = await person(event, "Anne de Vries")
    headers = await api_headers(Role.CHECKIN)
    body = {"code": anne["ticket_code"], "event": await slug_of(event), "nonce": "a1b2c3"}

    answers = [
        (await client.post("/api/v1/checkin", json=body, headers=headers)).json() for _ in range(3)
    ]

    assert [a["status"] for a in answers] == ["ok", "ok", "ok"]
    assert len({a["checked_in_at"] for a in answers}) == 1
    assert await Checkin.count() == 1


async def test_api_session_check_in(client, api_headers):
    event = await make_event()
    room = await session_of(event)
    anne = await person(event, "Anne de Vries")
    headers = await api_headers(Role.CHECKIN)
    body = {"code": anne["ticket_code"], "event": await slug_of(event)}

    in_room = await client.post("/api/v1/checkin", json={**body, "session": room}, headers=headers)
    foreign = await client.post(
        "/api/v1/checkin", json={**body, "session": room + 1000}, headers=headers
    )

    assert in_room.json()["status"] == "ok"
    assert foreign.status_code == 404
    assert await Checkin.count() == 2  # the room and the entrance


async def test_api_refuses_a_guessing_scanner(client, api_headers):
    event = await make_event()
    headers = await api_headers(Role.CHECKIN)
    slug = await slug_of(event)
    answers = [
        await client.post(
            "/api/v1/checkin", json={"code": f"{n:026d}", "event": slug}, headers=headers
        )
        for n in range(31)
    ]

    assert [answer.status_code for answer in answers] == [200] * 30 + [429]
    assert 0 < int(answers[-1].headers["retry-after"]) <= 600


async def test_desk_page_form_scan_without_script(client, login):
    event = await make_event()
    slug = await slug_of(event)
    anne = await person(event, "Anne de Vries")
    await login(Role.ORGANISER)

    page = await client.get(f"/checkin/{slug}")
    nonce = re.search(r'name="nonce" value="([0-9a-f]+)"', page.text).group(1)
    first = await post_form(
        client, f"/checkin/{slug}", {"code": anne["ticket_code"], "nonce": nonce}
    )
    resent = await post_form(
        client, f"/checkin/{slug}", {"code": anne["ticket_code"], "nonce": nonce}
    )

    assert page.status_code == 200
    assert "0 van 1 binnen" in html.unescape(re.sub("<[^>]+>", "", page.text))
    assert "Welkom, Anne de Vries" in first.text
    assert "is-ok" in first.text
    assert "Welkom, Anne de Vries" in resent.text  # the browser sent the form again
    assert await Checkin.count() == 1


async def test_desk_search_and_one_tap_check_in_by_json(client, login):
    event = await make_event()
    slug = await slug_of(event)
    await person(event, "Anne de Vries")
    await person(event, "Anton Zwart", status=RegistrationStatus.CANCELLED)
    await login(Role.ORGANISER)
    headers = {"X-CSRFToken": await csrf_token(client), "Accept": "application/json"}

    found = (await client.get(f"/checkin/{slug}/search", params={"q": "an"})).json()
    anne = found["people"][0]
    tap = await client.post(
        f"/checkin/{slug}/scan", json={"registration": anne["registration"]}, headers=headers
    )
    status = (await client.get(f"/checkin/{slug}/status")).json()

    assert [(p["name"], p["status"]) for p in found["people"]] == [
        ("Anne de Vries", "registered"),
        ("Anton Zwart", "cancelled"),
    ]
    assert tap.status_code == 200
    assert tap.json()["status"] == "ok"
    assert tap.json()["counts"] == {"in": 1, "expected": 1}
    assert status["counts"] == {"in": 1, "expected": 1}
    assert [p["name"] for p in status["recent"]] == ["Anne de Vries"]
    method = (await Checkin.select(Checkin.method).first())["method"]
    assert method == "search"


async def test_desk_json_scan_needs_the_csrf_header(client, login):
    event = await make_event()
    anne = await person(event, "Anne de Vries")
    await login(Role.ORGANISER)

    response = await client.post(
        f"/checkin/{await slug_of(event)}/scan", json={"code": anne["ticket_code"]}
    )

    assert response.status_code == 403
    assert await Checkin.count() == 0


async def test_checkin_role_reaches_the_door_but_not_the_back_office(client, make_user):
    event = await make_event()
    slug = await slug_of(event)
    await log_in_without_backoffice(client, make_user, Role.CHECKIN)

    chooser = await client.get("/checkin/")
    door = await client.get(f"/checkin/{slug}")
    backoffice = await client.get(f"/beheer/events/{slug}/checkin")
    undo = await post_form(client, f"/checkin/{slug}/undo", {"registration": "1"})

    assert chooser.status_code == 200 and f"/checkin/{slug}" in chooser.text
    assert door.status_code == 200
    assert "Check-inlijst en ongedaan maken" not in door.text
    assert backoffice.status_code == 403
    assert undo.status_code == 403


async def test_anonymous_visitor_is_sent_to_log_in(client):
    event = await make_event()

    response = await client.get(f"/checkin/{await slug_of(event)}", follow_redirects=False)

    assert response.status_code in (302, 303)
    assert response.headers["location"].startswith("/login")


async def _new_link(client: Any, slug: str, label: str = "Vrijwilliger ingang") -> str:
    page = await post_form(client, f"/beheer/events/{slug}/checkin/links", {"label": label})
    assert page.status_code == 200, page.text
    return re.search(r'id="new-link" type="text" readonly value="[^"]*/scan/([^"]+)"', page.text)[1]


async def test_volunteer_link_checks_in_at_its_own_event_only(client, login):
    event, other = await make_event(), await make_event(title="Ander evenement")
    slug = await slug_of(event)
    anne, guest = await person(event, "Anne de Vries"), await person(other, "Eva Visser")
    await login(Role.ORGANISER)
    token = await _new_link(client, slug)
    client.cookies.clear()  # the volunteer has no account and no session

    page = await client.get(f"/scan/{token}")
    mine = await client.post(f"/scan/{token}/scan", json={"code": anne["ticket_code"]})
    theirs = await client.post(f"/scan/{token}/scan", json={"code": guest["ticket_code"]})
    form = await client.post(f"/scan/{token}", data={"code": anne["ticket_code"]})

    assert page.status_code == 200 and "Vrijwilliger ingang" in page.text
    assert "ongedaan" not in page.text
    assert mine.json()["status"] == "ok"
    assert mine.json()["checked_in_by"] == "Vrijwilliger ingang"
    assert theirs.json()["status"] == "wrong_event"
    assert "al binnen" in form.text
    stored = await CheckinLink.select(CheckinLink.token_hash, CheckinLink.last_used_at).first()
    assert stored["token_hash"] != token and stored["last_used_at"] is not None


async def test_revoked_or_unknown_link_is_a_plain_404(client, login):
    event = await make_event()
    slug = await slug_of(event)
    anne = await person(event, "Anne de Vries")
    await login(Role.ORGANISER)
    token = await _new_link(client, slug)
    link_id = (await CheckinLink.select(CheckinLink.id).first())["id"]

    revoked = await post_form(client, f"/beheer/events/{slug}/checkin/links/{link_id}/revoke", {})
    client.cookies.clear()
    page = await client.get(f"/scan/{token}")
    scan = await client.post(f"/scan/{token}/scan", json={"code": anne["ticket_code"]})
    unknown = await client.get("/scan/" + "x" * 43)

    assert "De link werkt niet meer." in flashes(revoked.text)
    assert (page.status_code, scan.status_code, unknown.status_code) == (404, 404, 404)
    assert await Checkin.count() == 0


async def test_link_needs_a_label(client, login):
    event = await make_event()
    await login(Role.ORGANISER)

    page = await post_form(
        client, f"/beheer/events/{await slug_of(event)}/checkin/links", {"label": " "}
    )

    assert page.status_code == 400
    assert "Geef aan wie deze link gebruikt" in html.unescape(page.text)
    assert await CheckinLink.count() == 0


async def test_backoffice_list_undo_and_export(client, login):
    event = await make_event()
    slug = await slug_of(event)
    anne = await person(event, "Anne de Vries")
    await person(event, "Bram Bakker")
    await login(Role.ORGANISER)
    headers = {"X-CSRFToken": await csrf_token(client), "Accept": "application/json"}
    await client.post(f"/checkin/{slug}/scan", json={"code": anne["ticket_code"]}, headers=headers)

    present = await client.get(f"/beheer/events/{slug}/checkin", params={"only": "in"})
    export = await client.get(f"/beheer/events/{slug}/checkin/list.csv")
    undo = await post_form(
        client,
        f"/checkin/{slug}/undo",
        {"registration": str(anne["id"]), "next": f"/beheer/events/{slug}/checkin"},
    )

    assert "Anne de Vries" in present.text and "Bram Bakker" not in present.text
    lines = export.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[:5] == [
        "Naam",
        "Organisatie",
        "E-mailadres",
        "Registerplein-nummer",
        "Ingecheckt om",
    ]
    assert lines[1].startswith("Anne de Vries;")
    assert lines[2].startswith("Bram Bakker;;")
    assert "De check-in is ongedaan gemaakt." in flashes(undo.text)
    live = await Checkin.count().where(Checkin.undone_at.is_null())
    assert live == 0
    assert (await Registration.count()) == 2


async def test_no_link_for_an_event_that_is_over(client, login):

    event = await make_event(
        starts_at=dt.datetime(2025, 3, 4, 13, 30, tzinfo=TIMEZONE),
        ends_at=dt.datetime(2025, 3, 4, 17, 0, tzinfo=TIMEZONE),
    )
    await login(Role.ORGANISER)

    page = await post_form(
        client, f"/beheer/events/{await slug_of(event)}/checkin/links", {"label": "Ingang"}
    )

    assert page.status_code == 400
    assert "Dit evenement is voorbij" in html.unescape(page.text)
    assert await CheckinLink.count() == 0


async def test_ticket_pdf_qr_decoded_by_zbar_checks_the_person_in(client, api_headers, tmp_path):
    event = await make_event()
    anne = await person(event, "Anne de Vries")
    pdf = await client.get(f"/r/{anne['token']}/ticket.pdf")
    scanned = [symbol.data.decode() for symbol in qr_codes(page_image(pdf.content, tmp_path))]
    headers = await api_headers(Role.CHECKIN)
    body = {"code": scanned[0], "event": await slug_of(event)}

    first = await client.post("/api/v1/checkin", json=body, headers=headers)
    second = await client.post("/api/v1/checkin", json=body, headers=headers)

    assert scanned == [f"WPS1:{anne['ticket_code']}"]
    assert (first.json()["status"], first.json()["name"]) == ("ok", "Anne de Vries")
    assert second.json()["status"] == "already_checked_in"


async def test_desk_script_gets_its_refusal_as_json_in_dutch(client, login):
    event = await make_event()
    slug = await slug_of(event)
    await login(Role.ORGANISER)
    headers = {"X-CSRFToken": await csrf_token(client), "Accept": "application/json"}
    for number in range(30):
        await client.post(f"/checkin/{slug}/scan", json={"code": f"{number:026d}"}, headers=headers)

    refused = await client.post(f"/checkin/{slug}/scan", json={"code": "x"}, headers=headers)

    assert refused.status_code == 429
    assert refused.json()["message"] == (
        "Te veel onbekende codes in korte tijd. Wacht een paar minuten."
    )


async def test_a_past_event_cannot_be_cancelled_from_the_personal_page(client):

    event = await make_event()
    anne = await person(event, "Anne de Vries")
    ended = dt.datetime(2025, 3, 4, 17, 0, tzinfo=dt.UTC)
    await Event.update(
        {Event.starts_at: ended - dt.timedelta(hours=3), Event.ends_at: ended}
    ).where(Event.id == event)

    page = await client.get(f"/r/{anne['token']}")
    cancelled = await client.delete(f"/api/v1/registrations/{anne['token']}")

    assert "Mijn aanmelding annuleren" not in page.text
    assert cancelled.json()["status"] == "registered"
    row = await Registration.select(Registration.status).where(Registration.id == anne["id"])
    assert row[0]["status"] == "registered"
