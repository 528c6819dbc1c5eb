"""Fetching a source: copies stored as plain text, conditional GETs, limits, and the
last good copy kept when a source fails."""

from __future__ import annotations

import asyncio
import json

import pytest

from federation.parse import NO_NAME
from federation.services import fetch
from federation.services.fetch import FetchError, fetch_feed
from federation.services.refresh import refresh_due_sources, refresh_source
from federation.services.sources import add_source, list_sources
from federation.tables import RemoteEvent, RemotePublication
from tests.conftest import eventually
from tests.federation.feed_server import Answer, feed_server
from werkplaats.errors import FieldErrors

# The test app sweeps in the background; the tests fetch by hand.
pytestmark = pytest.mark.usefixtures("no_sweeping_here")


@pytest.fixture
def source_server():
    yield from feed_server()


def _event(number: int, **changes) -> dict:
    return {
        "@type": "Event",
        "identifier": f"event-{number}@elders",
        "name": f"Bijeenkomst {number}",
        "startDate": "2030-05-01T13:00:00+02:00",
        "endDate": "2030-05-01T16:00:00+02:00",
        "url": f"https://elders.example/events/{number}",
        "keywords": ["Jeugd"],
        **changes,
    }


def _feed(*items) -> bytes:
    return json.dumps({"@type": "DataFeed", "dataFeedElement": list(items)}).encode()


async def _source(server) -> int:
    return await add_source(
        {"name": "Werkplaats Elders", "region": "Utrecht", "events_url": f"{server.url}/e.json"}
    )


async def test_refresh_stores_the_items_and_lists_the_skipped(source_server):
    source_server.answers["/e.json"] = Answer(_feed(_event(1), _event(2, name="")))
    source_id = await _source(source_server)

    assert await refresh_source(source_id)

    rows = await RemoteEvent.select(RemoteEvent.name, RemoteEvent.themes)
    assert rows == [{"name": "Bijeenkomst 1", "themes": '["Jeugd"]'}]
    [source] = await list_sources()
    assert source.state == "ok"
    assert source.skipped == [{"id": "event-2@elders", "reason": NO_NAME, "feed": "events"}]


async def test_refresh_asks_conditionally_and_keeps_the_copy_on_304(source_server):
    source_server.answers["/e.json"] = Answer(_feed(_event(1)), headers={"ETag": '"v1"'})
    source_id = await _source(source_server)
    await refresh_source(source_id)

    again = await refresh_source(source_id)

    assert again, (await list_sources())[0].last_error
    assert source_server.requests[-1]["If-None-Match"] == '"v1"'
    assert await RemoteEvent.count() == 1


async def test_a_failing_source_keeps_its_last_good_copy(source_server):
    source_server.answers["/e.json"] = Answer(_feed(_event(1)))
    source_id = await _source(source_server)
    await refresh_source(source_id)
    source_server.answers["/e.json"] = Answer(b"{not json")

    assert not await refresh_source(source_id)

    assert await RemoteEvent.count() == 1
    [source] = await list_sources()
    assert source.state == "failing"
    assert source.last_error == "De feed is geen geldige JSON."
    assert source.last_success_at is not None


async def test_an_item_that_changes_or_goes_is_changed_or_gone_here(source_server):
    source_server.answers["/e.json"] = Answer(_feed(_event(1), _event(2)))
    source_id = await _source(source_server)
    await refresh_source(source_id)
    cancelled = _event(1, eventStatus="https://schema.org/EventCancelled")
    source_server.answers["/e.json"] = Answer(_feed(cancelled))

    await refresh_source(source_id)

    rows = await RemoteEvent.select(RemoteEvent.remote_id, RemoteEvent.cancelled)
    assert [(r["remote_id"], bool(r["cancelled"])) for r in rows] == [("event-1@elders", True)]


async def test_publications_are_fetched_from_their_own_feed(source_server):
    source_server.answers["/e.json"] = Answer(_feed())
    source_server.answers["/p.json"] = Answer(
        _feed(
            {
                "@type": "CreativeWork",
                "@id": "p1",
                "name": "Handreiking",
                "url": "https://elders.example/h.pdf",
                "author": "A. Auteur",
            }
        )
    )
    source_id = await add_source(
        {
            "name": "Elders",
            "events_url": f"{source_server.url}/e.json",
            "publications_url": f"{source_server.url}/p.json",
        }
    )

    await refresh_source(source_id)

    rows = await RemotePublication.select(RemotePublication.name, RemotePublication.authors)
    assert rows == [{"name": "Handreiking", "authors": "A. Auteur"}]


async def test_fetch_stops_a_body_larger_than_5_mb(source_server):
    source_server.answers["/big"] = Answer(endless=True)

    with pytest.raises(FetchError, match="5 MB"):
        await fetch_feed(f"{source_server.url}/big")


async def test_fetch_refuses_a_redirect_to_another_host(source_server):
    source_server.answers["/moved"] = Answer(
        status=302, headers={"Location": "http://localhost:1/e.json"}
    )

    with pytest.raises(FetchError, match="andere host"):
        await fetch_feed(f"{source_server.url}/moved")


async def test_fetch_follows_a_redirect_on_the_same_host(source_server):
    source_server.answers["/moved"] = Answer(status=301, headers={"Location": "/e.json"})
    source_server.answers["/e.json"] = Answer(b"[]")

    fetched = await fetch_feed(f"{source_server.url}/moved")

    assert fetched.body == b"[]"


async def test_source_must_be_https_unless_its_host_is_allowed():
    with pytest.raises(FieldErrors) as caught:
        await add_source({"name": "Elders", "events_url": "http://elders.example/e.json"})

    assert caught.value.errors == {"events_url": "Alleen https-adressen kunnen worden opgehaald."}


async def test_sweeper_claims_a_due_source_once(source_server, no_sweeping_here):
    await _source(source_server)

    first, second = await refresh_due_sources(), await refresh_due_sources()

    assert (first, second) == (1, 0)


async def test_fetch_gives_up_on_a_source_that_answers_too_slowly(source_server, monkeypatch):
    monkeypatch.setattr(fetch, "TIME_OUT", 0.3)
    source_server.answers["/slow"] = Answer(b"[]", delay=2.0)

    with pytest.raises(FetchError, match="antwoordde niet binnen"):
        await fetch_feed(f"{source_server.url}/slow")


async def test_the_worker_refreshes_what_the_sweeper_queued(client, source_server):
    source_server.answers["/e.json"] = Answer(_feed(_event(1)))
    source_id = await _source(source_server)

    await refresh_due_sources()

    async def copied() -> bool:
        return await RemoteEvent.count().where(RemoteEvent.source == source_id) == 1

    assert await eventually(copied)


async def test_two_refreshes_of_one_source_at_once_both_succeed(source_server):
    source_server.answers["/e.json"] = Answer(_feed(*(_event(n) for n in range(50))))
    source_id = await _source(source_server)

    results = await asyncio.gather(*(refresh_source(source_id) for _ in range(3)))

    assert results == [True, True, True]
    assert await RemoteEvent.count() == 50


async def test_refresh_stores_a_feed_of_2000_items(source_server):
    source_server.answers["/e.json"] = Answer(_feed(*(_event(n) for n in range(2000))))
    source_id = await _source(source_server)

    assert await refresh_source(source_id)

    assert await RemoteEvent.count() == 2000
