"""Two Werkplaatsen on this machine: this one (the test app) reads another one,
a real `werkplaats serve` with its own database. What the other publishes appears
here, a cancellation travels at the next fetch, and when the other goes down the
last copy stays, with its age."""

from __future__ import annotations

import pytest

from federation.services.refresh import refresh_source
from federation.services.sources import add_source, list_sources
from tests.federation.instances import start_instance

pytestmark = pytest.mark.usefixtures("no_sweeping_here")

EVENT = {
    "title": "Schuldhulp in de wijk",
    "kind": "themabijeenkomst",
    "status": "published",
    "starts_at": "2030-03-12T13:30:00+01:00",
    "ends_at": "2030-03-12T17:00:00+01:00",
    "summary": "Wat werkt bij vroegsignalering van schulden?",
    "venue": {"name": "Stadskantoor", "address": "Stadsplateau 1", "city": "Utrecht"},
}
PUBLICATION = {
    "title": "Casuïstiekbundel vroegsignalering",
    "kind": "casuistiekbundel",
    "url": "https://utrecht.example/vroegsignalering.pdf",
    "authors": "Lectoraat Schulden en Incasso",
    "published_on": "2026-10-01",
}


@pytest.fixture
def utrecht():
    instance = start_instance("Werkplaats Sociaal Domein Utrecht", "Utrecht")
    try:
        yield instance
    finally:
        instance.cluster.stop()


async def test_another_werkplaats_appears_changes_and_stays_when_down(client, utrecht):
    with utrecht.api() as api:
        created = api.post("/events", json=EVENT)
        assert created.status_code == 201, created.text
        slug = created.json()["slug"]
        assert api.post("/publications", json=PUBLICATION).status_code == 201
    source_id = await add_source(
        {
            "name": "Werkplaats Sociaal Domein Utrecht",
            "region": "Utrecht",
            "events_url": f"{utrecht.url}/api/v1/federation/events.json",
            "publications_url": f"{utrecht.url}/api/v1/federation/publications.json",
        }
    )

    assert await refresh_source(source_id)
    agenda = (await client.get("/landelijk")).text
    catalogue = (await client.get("/landelijk/publicaties")).text
    assert "Schuldhulp in de wijk" in agenda
    assert f'href="{utrecht.url}/events/{slug}"' in agenda
    assert "Aanmelden bij Werkplaats Sociaal Domein Utrecht" in agenda
    assert "Casuïstiekbundel vroegsignalering" in catalogue

    with utrecht.api() as api:
        assert api.patch(f"/events/{slug}", json={"status": "cancelled"}).status_code == 200
    assert await refresh_source(source_id)
    agenda = (await client.get("/landelijk")).text
    assert "Schuldhulp in de wijk" in agenda
    assert "Geannuleerd" in agenda
    assert "Aanmelden bij Werkplaats Sociaal Domein Utrecht" not in agenda

    utrecht.cluster.stop()
    assert not await refresh_source(source_id)
    agenda = (await client.get("/landelijk")).text
    [source] = await list_sources()
    assert "Schuldhulp in de wijk" in agenda
    assert "Bron niet bereikbaar; kopie van" in agenda
    assert source.state == "failing"
    assert source.events == 1 and source.publications == 1
