"""The national agenda: own events beside every source's copy, filtered, labelled,
as pages and as feeds."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from events.enums import EventStatus
from events.services.catalogue.events import create_event
from federation.services.themes import save_mapping, theme_key
from federation.tables import RemoteEvent, RemotePublication, Source
from tests.conftest import demo_event_values
from tests.mailings.helpers import a_publication, a_theme

NOW = dt.datetime.now(dt.UTC)

# The test app sweeps in the background; the tests fetch by hand.
pytestmark = pytest.mark.usefixtures("no_sweeping_here")


async def _source(name: str, region: str, **changes) -> int:
    now = dt.datetime.now(dt.UTC)  # not NOW: the module's time is as old as the run
    [row] = await Source.insert(
        Source(
            name=name,
            region=region,
            events_url="https://x.example/e.json",
            last_success_at=now - dt.timedelta(minutes=20),
            last_attempt_at=now,  # not due: the sweeper leaves it alone
            **changes,
        )
    ).returning(Source.id)
    return row["id"]


async def _remote_event(source: int, name: str, *, themes=(), days=30, **changes) -> None:
    starts = NOW + dt.timedelta(days=days)
    await RemoteEvent.insert(
        RemoteEvent(
            source=source,
            remote_id=f"{name}@elders",
            name=name,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=3),
            themes=json.dumps(list(themes)),
            url=f"https://elders.example/events/{name}",
            kind="themabijeenkomst",
            place="Stadhuis",
            city="Utrecht",
            **changes,
        )
    )


@pytest.fixture
async def agenda():
    await a_theme("Armoede en schulden")
    await create_event(demo_event_values(title="Eigen bijeenkomst", themes=["armoede-en-schulden"]))
    await create_event(demo_event_values(title="Concept", status=EventStatus.DRAFT))
    utrecht = await _source("Werkplaats Utrecht", "Utrecht")
    brabant = await _source("Werkplaats Brabant", "Brabant", last_error="De bron antwoordde niet.")
    await _remote_event(utrecht, "Schulden-in-de-wijk", themes=["ARMOEDE EN SCHULDEN"])
    await _remote_event(brabant, "Jeugd-en-gezin", themes=["Jeugd"], days=60)
    await _remote_event(utrecht, "Afgelast", days=10, cancelled=True)
    await _remote_event(utrecht, "Voorbij", days=-10)


async def test_agenda_lists_own_and_remote_events_labelled_by_werkplaats(client, agenda):
    page = await client.get("/landelijk")

    text = page.text
    assert "Eigen bijeenkomst" in text and "Concept" not in text and "Voorbij" not in text
    assert text.index("Afgelast") < text.index("Schulden-in-de-wijk") < text.index("Jeugd-en-gezin")
    assert "Aanmelden bij Werkplaats Utrecht" in text
    assert 'href="https://elders.example/events/Schulden-in-de-wijk"' in text
    assert "Bron niet bereikbaar; kopie van 20 minuten geleden." in text


async def test_agenda_filters_by_region_and_by_theme_across_spellings(client, agenda):
    by_region = await client.get("/landelijk", params={"region": "Brabant"})
    by_theme = await client.get("/landelijk", params={"theme": theme_key("Armoede en Schulden")})

    assert "Jeugd-en-gezin" in by_region.text and "Schulden-in-de-wijk" not in by_region.text
    assert "Eigen bijeenkomst" in by_theme.text and "Schulden-in-de-wijk" in by_theme.text
    assert "Jeugd-en-gezin" not in by_theme.text


async def test_theme_mapping_reads_one_name_as_another(client, agenda):
    await save_mapping("Jeugd", "Armoede en schulden")

    page = await client.get("/landelijk", params={"theme": "armoede en schulden"})

    assert "Jeugd-en-gezin" in page.text


def test_theme_key_ignores_case_accents_and_spaces():
    assert theme_key(" Participätie  en Zorg") == theme_key("participatie en zorg")


async def test_agenda_filters_by_date(client, agenda):
    later = (NOW + dt.timedelta(days=45)).date().isoformat()

    page = await client.get("/landelijk", params={"day_from": later})

    assert "Jeugd-en-gezin" in page.text and "Schulden-in-de-wijk" not in page.text


async def test_agenda_calendar_has_every_werkplaats_and_cancellations(client, agenda):
    response = await client.get("/landelijk.ics")

    body = response.text
    assert response.headers["content-type"].startswith("text/calendar")
    assert "SUMMARY:Schulden-in-de-wijk" in body and "SUMMARY:Eigen bijeenkomst" in body
    assert body.count("STATUS:CANCELLED") == 1


async def test_a_source_cannot_write_html_into_the_agenda(client):
    source = await _source("Werkplaats <b>Vals</b>", "Elders")
    await _remote_event(source, "<script>alert(1)</script>")

    page = await client.get("/landelijk")

    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


async def test_catalogue_lists_own_and_remote_publications_and_their_feed(client):
    await a_publication()
    source = await _source("Werkplaats Utrecht", "Utrecht")
    await RemotePublication.insert(
        RemotePublication(
            source=source,
            remote_id="p1",
            name="Casuïstiek schulden",
            url="https://elders.example/c.pdf",
            genre="casuistiekbundel",
            published_on=dt.date(2026, 9, 1),
        )
    )

    page = await client.get("/landelijk/publicaties")
    feed = await client.get("/landelijk/publicaties.atom")

    assert page.text.index("Casuïstiek schulden") < page.text.index("Handreiking integraal")
    assert "Werkplaats Utrecht" in page.text
    assert "<title>Casuïstiek schulden</title>" in feed.text


async def test_agenda_shows_a_hundred_a_page(client):
    source = await _source("Werkplaats Utrecht", "Utrecht")
    for n in range(105):
        await _remote_event(source, f"Bijeenkomst-{n:03d}", days=10 + n)

    first = await client.get("/landelijk")
    second = await client.get("/landelijk", params={"pagina": "2"})

    assert "105 evenementen" in first.text and "Pagina 1 van 2" in first.text
    assert "Bijeenkomst-099" in first.text and "Bijeenkomst-100" not in first.text
    assert "Bijeenkomst-100" in second.text and "Bijeenkomst-099" not in second.text
