"""Step one of federation: events and publications as schema.org, on their pages
(JSON-LD) and in the feeds other Werkplaatsen read."""

from __future__ import annotations

import datetime as dt
import json
import re

from events.enums import EventStatus
from events.services.catalogue.events import create_event
from events.tables import Theme
from federation.parse import parse_events, parse_publications
from tests.conftest import demo_event_values
from tests.mailings.helpers import a_publication, a_theme

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
# Google's required and recommended properties of an Event (Search Central)
EVENT_REQUIRED = {"name", "startDate", "location"}
EVENT_RECOMMENDED = {"description", "endDate", "eventStatus", "offers", "organizer"}


async def _event(**overrides) -> str:
    if not await Theme.exists().where(Theme.slug == "armoede-en-schulden"):
        await a_theme("Armoede en schulden")
    values = demo_event_values(
        themes=["armoede-en-schulden"],
        venue={"name": "Pletterij", "address": "Lange Herenvest 122", "city": "Haarlem"},
        **overrides,
    )
    return await create_event(values)


def _json_ld(html: str) -> dict:
    [found] = JSON_LD.findall(html)
    return json.loads(found)


async def test_event_page_carries_the_event_as_json_ld(client):
    slug = await _event()

    page = await client.get(f"/events/{slug}")

    data = _json_ld(page.text)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data.keys() >= EVENT_REQUIRED | EVENT_RECOMMENDED
    assert data["startDate"] == "2030-04-16T13:30:00+02:00"
    assert data["endDate"] == "2030-04-16T17:00:00+02:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"][0]["address"]["addressLocality"] == "Haarlem"
    assert data["offers"]["url"] == f"http://testserver.local/events/{slug}"
    assert data["keywords"] == ["Armoede en schulden"]
    assert data["additionalType"] == "regionale_bijeenkomst"
    assert data["organizer"]["name"] == "Werkplaats Sociaal Domein"


async def test_json_ld_cannot_end_its_script_element(client):
    slug = await _event(title="Avond </script><script>alert(1)</script> & meer")

    page = await client.get(f"/events/{slug}")

    assert "<script>alert" not in page.text
    assert _json_ld(page.text)["name"] == "Avond </script><script>alert(1)</script> & meer"


async def test_publication_page_carries_a_creative_work(client):
    theme = await a_theme("Jeugd")
    slug = await a_publication(themes=[theme])

    page = await client.get(f"/publicaties/{slug}")

    data = _json_ld(page.text)
    assert data["@type"] == "CreativeWork"
    assert data["name"] == "Handreiking integraal en wijkgericht werken in de K4"
    assert data["url"] == "https://werkplaats.example.org/k4.pdf"
    assert data["author"] == [
        {"@type": "Person", "name": "Leertraject K4"},
        {"@type": "Person", "name": "Hogeschool Inholland"},
    ]
    assert data["datePublished"] == "2026-06-15"
    assert data["genre"] == "handreiking"
    assert data["keywords"] == ["Jeugd"]


async def test_events_feed_has_public_events_only_and_nothing_personal(client):
    public = await _event(contact_email="organisator@example.nl", online_url="https://meet/x")
    await _event(title="Concept", status=EventStatus.DRAFT)
    cancelled = await _event(title="Gaat niet door", status=EventStatus.CANCELLED)

    response = await client.get("/api/v1/federation/events.json")

    feed = response.json()
    assert response.headers["content-type"].startswith("application/ld+json")
    assert feed["@type"] == "DataFeed"
    items = {item["url"].rsplit("/", 1)[1]: item for item in feed["dataFeedElement"]}
    assert set(items) == {public, cancelled}
    assert items[cancelled]["eventStatus"] == "https://schema.org/EventCancelled"
    assert "organisator@example.nl" not in response.text
    assert "https://meet/x" not in response.text


async def test_events_feed_answers_304_to_its_own_etag(client):
    await _event()
    first = await client.get("/api/v1/federation/events.json")

    again = await client.get(
        "/api/v1/federation/events.json", headers={"If-None-Match": first.headers["etag"]}
    )

    assert again.status_code == 304
    assert again.content == b""


async def test_feeds_round_trip_through_the_reader(client):
    await _event()
    await a_publication()

    events = parse_events((await client.get("/api/v1/federation/events.json")).content)
    publications = parse_publications(
        (await client.get("/api/v1/federation/publications.json")).content
    )

    [event] = events.items
    assert events.skipped == []
    assert event["name"] == "Regionale bijeenkomst voorjaar"
    assert event["starts_at"] == dt.datetime(2030, 4, 16, 11, 30, tzinfo=dt.UTC)
    assert event["themes"] == ["Armoede en schulden"]
    assert event["place"] == "Pletterij"
    assert event["city"] == "Haarlem"
    assert event["cancelled"] is False
    [publication] = publications.items
    assert publication["authors"] == "Leertraject K4, Hogeschool Inholland"
    assert publication["published_on"] == dt.date(2026, 6, 15)
