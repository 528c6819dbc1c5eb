"""Mailings over HTTP: the back office's compose → preview → send → progress, and the API."""

from __future__ import annotations

import re

import pytest

from events.services.registration.core import RegistrationInput, register
from mailings.services.mailings import delivery_counts
from mailings.tables import Mailing, MailingDelivery
from tests.conftest import eventually, post_form
from tests.mailings.helpers import an_event, delivered, mails_to
from werkplaats.enums import Role


async def event_with(*people: tuple[str, str]) -> str:
    slug = await an_event()
    for name, address in people:
        await register(slug, RegistrationInput(name=name, email=address, privacy_consent=True))
    return slug


FORM = {
    "audience": "event",
    "who": "all",
    "subject": "Terugblik op {{ evenement }}",
    "body": "Beste {{ voornaam }},\n\nDank voor je komst.",
}


async def test_compose_preview_as_a_recipient_and_send(client, login):
    user = await login(Role.ORGANISER)
    slug = await event_with(
        ("Fatima el Amrani", "fatima@example.nl"), ("Jan de Boer", "jan@example.nl")
    )

    created = await post_form(
        client, "/beheer/mailings/new", FORM | {"event": slug}, follow_redirects=False
    )
    preview_url = created.headers["location"]
    as_jan = await client.get(f"{preview_url}?to=jan@example.nl")
    mailing_id = int(re.search(r"/beheer/mailings/(\d+)/", preview_url).group(1))
    test = await post_form(client, f"/beheer/mailings/{mailing_id}/test", {"to": "jan@example.nl"})
    sent = await post_form(
        client, f"/beheer/mailings/{mailing_id}/send", {"when": "now"}, follow_redirects=False
    )
    progress = await client.get(sent.headers["location"])

    assert created.status_code in (302, 303)
    assert (
        "Beste Jan," in as_jan.text and "Terugblik op Regionale bijeenkomst voorjaar" in as_jan.text
    )
    assert test.status_code == 200
    assert progress.status_code == 200
    assert 'aria-live="polite"' in progress.text and "jan@example.nl" in progress.text
    assert "<h1>Voortgang: Terugblik op Regionale bijeenkomst voorjaar</h1>" in progress.text
    await eventually(lambda: _sent(mailing_id, 2))
    [test_mail] = await eventually(lambda: _mails(user.email))
    assert test_mail["Subject"] == "[Test] Terugblik op Regionale bijeenkomst voorjaar"
    assert len(await delivered(mailing_id, "jan@example.nl")) == 1
    states = (await client.get(f"/beheer/mailings/{mailing_id}/progress.json")).json()
    assert states["counts"]["sent"] == 2 and set(states["states"].values()) == {"sent"}


async def _mails(address: str):
    return [m for m in mails_to(address) if m["Subject"].startswith("[Test]")]


async def _sent(mailing_id: int, n: int) -> bool:
    return (await delivery_counts(mailing_id))["sent"] == n


async def test_unknown_placeholder_rerenders_the_form_with_the_message(client, login):
    await login(Role.ORGANISER)
    slug = await event_with(("Jan de Boer", "jan@example.nl"))

    response = await post_form(
        client, "/beheer/mailings/new", FORM | {"event": slug, "body": "Hoi {{ bijnaam }}"}
    )

    assert response.status_code == 400
    assert "{{ bijnaam }}" in response.text and 'aria-invalid="true"' in response.text
    assert await Mailing.count() == 0


async def test_send_at_a_time_in_the_past_is_refused_on_the_page(client, login):
    await login(Role.ORGANISER)
    slug = await event_with(("Jan de Boer", "jan@example.nl"))
    created = await post_form(
        client, "/beheer/mailings/new", FORM | {"event": slug}, follow_redirects=False
    )
    mailing_id = int(re.search(r"/beheer/mailings/(\d+)/", created.headers["location"]).group(1))

    response = await post_form(
        client,
        f"/beheer/mailings/{mailing_id}/send",
        {"when": "later", "send_at": "2020-01-01T09:00"},
    )

    assert response.status_code == 400
    assert 'id="send_at-error"' in response.text
    assert await MailingDelivery.count() == 0


async def test_api_creates_sends_and_counts_a_mailing(client, api_headers):
    headers = await api_headers(Role.ORGANISER)
    slug = await event_with(
        ("Fatima el Amrani", "fatima@example.nl"), ("Jan de Boer", "jan@example.nl")
    )
    body = {"subject": "Tot straks", "body": "Beste {{ voornaam }}", "audience": {"event": slug}}

    created = await client.post("/api/v1/mailings", json=body, headers=headers)
    mailing_id = created.json()["id"]
    sent = await client.post(f"/api/v1/mailings/{mailing_id}/send", headers=headers)
    again = await client.post(f"/api/v1/mailings/{mailing_id}/send", headers=headers)
    await eventually(lambda: _sent(mailing_id, 2))
    detail = await client.get(f"/api/v1/mailings/{mailing_id}", headers=headers)

    assert created.status_code == 201, created.text
    assert created.json()["state"] == "draft"
    assert sent.status_code == 202 and again.status_code == 202
    assert detail.json()["counts"] == {
        "queued": 0,
        "sending": 0,
        "sent": 2,
        "failed": 0,
        "suppressed": 0,
    }
    assert detail.json()["total"] == 2
    assert detail.json()["audience"] == {"event": slug, "who": "all"}


async def test_api_refuses_bad_mailings_with_field_errors(client, api_headers):
    headers = await api_headers(Role.ORGANISER)
    slug = await an_event()
    good = {"subject": "Nieuws", "body": "Hallo", "audience": {"event": slug}}

    past = await client.post(
        "/api/v1/mailings", json=good | {"send_at": "2020-01-01T09:00:00+01:00"}, headers=headers
    )
    unknown = await client.post("/api/v1/mailings", json=good | {"colour": "red"}, headers=headers)
    both = await client.post(
        "/api/v1/mailings",
        json=good | {"audience": {"event": slug, "list": "newsletter"}},
        headers=headers,
    )
    draft = (await client.post("/api/v1/mailings", json=good, headers=headers)).json()
    empty = await client.post(f"/api/v1/mailings/{draft['id']}/send", headers=headers)
    anonymous = await client.get("/api/v1/mailings/1")

    assert (past.status_code, set(past.json()["errors"])) == (422, {"send_at"})
    assert unknown.status_code == 422
    assert (both.status_code, set(both.json()["errors"])) == (422, {"audience"})
    assert (empty.status_code, set(empty.json()["errors"])) == (422, {"audience"})
    assert anonymous.status_code == 401
    assert await Mailing.count() == 1


@pytest.mark.parametrize(
    "extra",
    [
        {"send_at": "2030-01-01T09:00:00"},  # no offset: no moment
        {"publications": [2**40]},  # past what an id column holds
        {"publications": list(range(1, 60))},
        {"audience": {"list": "newsletter", "theme": "\x00"}},  # PostgreSQL takes no NUL
        {"audience": {"event": "x" * 500}},
    ],
)
async def test_api_refuses_a_body_the_database_cannot_take_as_a_4xx(client, api_headers, extra):
    """Found by schemathesis: each of these was a 500."""
    slug = await an_event()
    good = {"subject": "Nieuws", "body": "Hallo", "audience": {"event": slug}}

    response = await client.post(
        "/api/v1/mailings", json=good | extra, headers=await api_headers(Role.ORGANISER)
    )

    assert response.status_code in (400, 422), response.text
    assert await Mailing.count() == 0
