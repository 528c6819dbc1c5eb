"""Double scans under real concurrency: the same code at the same instant from many
scanners, against real server processes (two on PostgreSQL), on both databases."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from events.services.catalogue.events import create_event
from events.services.registration.core import RegistrationInput, register
from events.tables import Checkin, Registration
from tests.conftest import demo_event_values
from tests.servers import WERKPLAATS_APP, Cluster, start_cluster
from werkplaats.auth.accounts import create_user, issue_token
from werkplaats.enums import Role

pytestmark = pytest.mark.usefixtures("no_sweeping_here")  # see tests/conftest.py

SCANNERS = 20
PEOPLE = 15


@pytest.fixture(scope="module")
def servers(migrated: None) -> Iterator[Cluster]:
    cluster = start_cluster(WERKPLAATS_APP, with_worker=True)
    try:
        yield cluster
    finally:
        cluster.stop()


async def _event_with_people(count: int) -> tuple[str, list[str]]:
    slug = await create_event(demo_event_values(capacity=count))
    for number in range(count):
        entry = RegistrationInput(
            name=f"Deelnemer {number}", email=f"d{number}@ggd.example", privacy_consent=True
        )
        await register(slug, entry)
    codes = [row["ticket_code"] for row in await Registration.select(Registration.ticket_code)]
    return slug, codes


async def _tokens(count: int) -> list[str]:
    tokens = []
    for number in range(count):
        user = await create_user(f"deur{number}@werkplaats.test", role=Role.CHECKIN)
        tokens.append(await issue_token(user))
    return tokens


async def at_once(urls: list[str], requests: list[tuple[str, dict[str, Any]]]) -> list[Any]:
    """Send every (token, body) at the same moment, spread over the servers."""
    limits = httpx.Limits(max_connections=len(requests), max_keepalive_connections=len(requests))
    async with httpx.AsyncClient(trust_env=False, timeout=60.0, limits=limits) as client:
        start = asyncio.Event()

        async def post(number: int, token: str, body: dict[str, Any]) -> Any:
            await start.wait()
            url = urls[number % len(urls)]
            response = await client.post(
                f"{url}/api/v1/checkin", json=body, headers={"Authorization": f"Bearer {token}"}
            )
            assert response.status_code == 200, response.text
            return response.json()

        tasks = [asyncio.create_task(post(n, *request)) for n, request in enumerate(requests)]
        await asyncio.sleep(0.05)
        start.set()
        return await asyncio.gather(*tasks)


async def test_same_code_from_twenty_scanners_gives_one_ok(servers):
    slug, codes = await _event_with_people(1)
    tokens = await _tokens(SCANNERS)

    answers = await at_once(servers.urls, [(t, {"code": codes[0], "event": slug}) for t in tokens])

    assert Counter(a["status"] for a in answers) == {"ok": 1, "already_checked_in": SCANNERS - 1}
    first = next(a for a in answers if a["status"] == "ok")
    assert {a["checked_in_at"] for a in answers} == {first["checked_in_at"]}
    assert {a["checked_in_by"] for a in answers} == {first["checked_in_by"]}
    assert await Checkin.count() == 1


async def test_a_crowd_at_two_doors_is_each_checked_in_once(servers):
    slug, codes = await _event_with_people(PEOPLE)
    tokens = await _tokens(2)
    # Everyone's ticket is scanned at both doors at the same moment.
    requests = [(token, {"code": code, "event": slug}) for code in codes for token in tokens]

    answers = await at_once(servers.urls, requests)

    assert Counter(a["status"] for a in answers) == {"ok": PEOPLE, "already_checked_in": PEOPLE}
    assert await Checkin.count() == PEOPLE
    per_person = Counter(row["registration"] for row in await Checkin.select(Checkin.registration))
    assert set(per_person.values()) == {1}


async def test_retries_with_one_nonce_at_once_are_recorded_once(servers):
    slug, codes = await _event_with_people(1)
    tokens = await _tokens(1)
    body = {"code": codes[0], "event": slug, "nonce": "telefoon-3-scan-118"}

    answers = await at_once(servers.urls, [(tokens[0], body)] * 10)

    assert Counter(a["status"] for a in answers) == {"ok": 10}
    assert await Checkin.count() == 1
