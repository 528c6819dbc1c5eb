"""Three Werkplaatsen on this machine: this one (the test app) reads two others,
each a real `werkplaats serve` with its own database. What they publish appears
here, a cancellation travels at the next fetch, and when one goes down its last copy
stays, with its age, while the other stays current."""

from __future__ import annotations

import pytest

from federation.services.refresh import refresh_source
from federation.services.sources import add_source, list_sources
from tests.federation.instances import EVENT, start_instance

pytestmark = pytest.mark.usefixtures("no_sweeping_here")

PUBLICATION = {
    "title": "Casuïstiekbundel vroegsignalering",
    "kind": "casuistiekbundel",
    "url": "https://utrecht.example/vroegsignalering.pdf",
    "authors": "Lectoraat Schulden en Incasso",
    "published_on": "2026-10-01",
}


@pytest.fixture
def brabant():
    instance = start_instance("Werkplaats Sociaal Domein Brabant", "Noord-Brabant")
    try:
        yield instance
    finally:
        instance.cluster.stop()


async def _subscribe(instance, name: str, region: str) -> int:
    return await add_source(
        {
            "name": name,
            "region": region,
            "events_url": f"{instance.url}/api/v1/federation/events.json",
            "publications_url": f"{instance.url}/api/v1/federation/publications.json",
        }
    )


async def test_other_werkplaatsen_appear_change_and_stay_when_down(client, utrecht, brabant):
    with brabant.api() as api:
        brabant_event = {**EVENT, "title": "Jeugd en gezin in de Meierij", "venue": None}
        assert api.post("/events", json=brabant_event).status_code == 201
    with utrecht.api() as api:
        created = api.post("/events", json=EVENT)
        assert created.status_code == 201, created.text
        slug = created.json()["slug"]
        assert api.post("/publications", json=PUBLICATION).status_code == 201
    source_id = await _subscribe(utrecht, "Werkplaats Sociaal Domein Utrecht", "Utrecht")
    other_id = await _subscribe(brabant, "Werkplaats Sociaal Domein Brabant", "Noord-Brabant")

    assert await refresh_source(source_id) and await refresh_source(other_id)
    agenda = (await client.get("/landelijk")).text
    in_brabant = (await client.get("/landelijk", params={"region": "Noord-Brabant"})).text
    assert "Jeugd en gezin in de Meierij" in agenda
    assert "Jeugd en gezin in de Meierij" in in_brabant and "Schuldhulp" not in in_brabant
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
    assert await refresh_source(other_id)
    agenda = (await client.get("/landelijk")).text
    [other, source] = await list_sources()
    assert other.state == "ok"
    assert "Schuldhulp in de wijk" in agenda
    assert "Bron niet bereikbaar; kopie van" in agenda
    assert source.state == "failing"
    assert source.events == 1 and source.publications == 1
