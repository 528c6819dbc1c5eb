"""A workshop's places hold under real concurrency: 60 attendees choose a session of 20
places at once, against the real app as server processes (two on PostgreSQL)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest

from congress.services.programme import place_contribution, publish_programme
from congress.services.programme_view import programme_of
from congress.tables import SessionChoice
from events.services.registration.core import RegistrationInput, register
from tests.congress.programme_helpers import congress_with_programme
from tests.servers import WERKPLAATS_APP, Cluster, start_cluster

pytestmark = pytest.mark.usefixtures("no_sweeping_here")  # see tests/conftest.py

PLACES = 20  # Zaal 2
RUSH = 60


@pytest.fixture(scope="module")
def servers(migrated: None) -> Iterator[Cluster]:
    cluster = start_cluster(WERKPLAATS_APP, with_worker=False)
    try:
        yield cluster
    finally:
        cluster.stop()


async def rush(urls: list[str], tokens: list[str], session_id: int) -> list[httpx.Response]:
    """Every choice at once, spread over the servers, each waiting for one start signal."""
    limits = httpx.Limits(max_connections=len(tokens), max_keepalive_connections=len(tokens))
    async with httpx.AsyncClient(trust_env=False, timeout=60.0, limits=limits) as client:
        start = asyncio.Event()

        async def choose(number: int, token: str) -> httpx.Response:
            await start.wait()
            url = urls[number % len(urls)]
            return await client.post(
                f"{url}/api/v1/registrations/{token}/sessions", json={"session": session_id}
            )

        tasks = [asyncio.create_task(choose(n, t)) for n, t in enumerate(tokens)]
        await asyncio.sleep(0.05)
        start.set()
        return await asyncio.gather(*tasks)


async def test_sixty_choices_for_twenty_places_give_exactly_twenty(servers):
    slug, event_id, rooms, slots, (first, *_rest) = await congress_with_programme()
    await place_contribution(first, slot_id=slots["Ronde 1"], room_id=rooms["Zaal 2"])
    await publish_programme(event_id)
    [session] = (await programme_of(event_id)).sessions
    tokens = []
    for n in range(RUSH):
        person = RegistrationInput(
            name=f"Deelnemer {n}", email=f"d{n}@wijkteam.example", privacy_consent=True
        )
        tokens.append((await register(slug, person)).token)
    log_before = servers.log_text()

    responses = await rush(servers.urls, tokens, session.id)

    assert Counter(r.status_code for r in responses) == {201: PLACES, 409: RUSH - PLACES}
    refused = {r.json()["message"] for r in responses if r.status_code == 409}
    assert refused == {"“Reflecteren in het wijkteam” is vol: kies een andere sessie."}
    assert await SessionChoice.count().where(SessionChoice.item == session.id) == PLACES
    new_log = servers.log_text().removeprefix(log_before)
    assert "Traceback" not in new_log and "database is locked" not in new_log
