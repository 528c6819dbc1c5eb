"""The organiser adds and watches sources: in the back office and over the API."""

from __future__ import annotations

import json

import pytest

from federation.tables import ThemeMapping
from tests.conftest import post_form
from tests.federation.feed_server import Answer, feed_server
from werkplaats.enums import Role

pytestmark = pytest.mark.usefixtures("no_sweeping_here")

EVENT = {
    "@type": "Event",
    "identifier": "e1",
    "name": "Schulden in de wijk",
    "startDate": "2030-05-01T13:00:00+02:00",
    "url": "https://elders.example/events/schulden",
}


@pytest.fixture
def source_server():
    yield from feed_server()


async def test_organiser_adds_a_source_and_sees_its_copy(client, login, source_server):
    source_server.answers["/api/v1/federation/events.json"] = Answer(
        json.dumps([EVENT, {**EVENT, "identifier": "e2", "startDate": "morgen"}]).encode()
    )
    await login(Role.ORGANISER)
    form = {
        "name": "Werkplaats Utrecht",
        "region": "Utrecht",
        "events_url": f"{source_server.url}/api/v1/federation/events.json",
    }

    response = await post_form(client, "/beheer/landelijk/bronnen/", form)

    assert response.status_code == 200
    assert "De bron is opgehaald." in response.text
    assert "1 evenement, 0 publicaties" in response.text
    assert "1 item overgeslagen" in response.text
    assert "Geen begintijd met tijdzone." in response.text


async def test_a_source_gone_bad_shows_its_error_and_keeps_its_copy(client, login, source_server):
    path = "/api/v1/federation/events.json"
    source_server.answers[path] = Answer(json.dumps([EVENT]).encode())
    await login(Role.ORGANISER)
    url = f"{source_server.url}{path}"
    await post_form(client, "/beheer/landelijk/bronnen/", {"name": "Utrecht", "events_url": url})
    source_server.answers[path] = Answer(status=500)

    response = await post_form(client, "/beheer/landelijk/bronnen/1/ophalen", {})

    assert "Ophalen mislukt" in response.text
    assert "De bron antwoordde met HTTP 500." in response.text
    assert "1 evenement" in response.text


async def test_a_source_needs_https(client, login):
    await login(Role.ORGANISER)

    response = await post_form(
        client, "/beheer/landelijk/bronnen/", {"name": "X", "events_url": "ftp://x.example/e"}
    )

    assert response.status_code == 400
    assert "Alleen https-adressen kunnen worden opgehaald." in response.text


async def test_sources_page_is_for_organisers_only(client, login):
    await login(Role.CHECKIN)

    response = await client.get("/beheer/landelijk/bronnen/")

    assert response.status_code in (302, 403)


async def test_api_adds_a_source_and_lists_its_state(client, api_headers, source_server):
    source_server.answers["/api/v1/federation/events.json"] = Answer(b"[]")
    source_server.answers["/api/v1/federation/publications.json"] = Answer(b"[]")
    headers = await api_headers(Role.ORGANISER)
    body = {
        "name": "Utrecht",
        "region": "Utrecht",
        "url": f"{source_server.url}/api/v1/federation/events.json",
    }

    created = await client.post("/api/v1/federation/sources", json=body, headers=headers)
    listed = await client.get("/api/v1/federation/sources", headers=headers)

    assert created.status_code == 201
    assert created.json()["publications_url"].endswith("/api/v1/federation/publications.json")
    [source] = listed.json()
    assert source["state"] == "ok"
    assert source["age_seconds"] >= 0


async def test_organiser_maps_a_theme_name_and_removes_it(client, login):
    await login(Role.ORGANISER)

    saved = await post_form(
        client,
        "/beheer/landelijk/themas/",
        {"from_name": "Armoede en schulden", "to_name": "Bestaanszekerheid"},
    )
    again = await post_form(
        client,
        "/beheer/landelijk/themas/",
        {"from_name": "ARMOEDE EN SCHULDEN", "to_name": "Participatiewet in uitvoering"},
    )
    [mapping] = await ThemeMapping.select(ThemeMapping.id)
    removed = await post_form(client, f"/beheer/landelijk/themas/{mapping['id']}/verwijderen", {})

    assert "<td>Armoede en schulden</td><td>Bestaanszekerheid</td>" in saved.text
    assert "<td>ARMOEDE EN SCHULDEN</td><td>Participatiewet in uitvoering</td>" in again.text
    assert "Armoede en schulden</td>" not in again.text
    assert "Participatiewet in uitvoering" not in removed.text


async def test_fetching_a_source_that_is_gone_is_a_404(client, login):
    await login(Role.ORGANISER)

    response = await post_form(client, "/beheer/landelijk/bronnen/99/ophalen", {})

    assert response.status_code == 404
