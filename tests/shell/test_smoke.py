from __future__ import annotations

from events.services.catalogue.events import create_event
from tests.conftest import demo_event_values


async def test_health_reports_database_and_queue(client):
    response = await client.get("/health")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["queue"]["ok"] is True


async def test_event_page_shows_dutch_date(client):
    await create_event(demo_event_values())

    response = await client.get("/events/regionale-bijeenkomst-voorjaar")

    assert response.status_code == 200
    assert "dinsdag 16 april 2030, 13.30–17.00 uur" in response.text
