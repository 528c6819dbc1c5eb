"""Client addresses from X-Forwarded-For are believed from FORWARDED_ALLOW_IPS only.

Real `werkplaats serve` processes, each with its own FORWARDED_ALLOW_IPS, and the
registration rate limit per address (lowered to LIMIT) as the thing that shows which
address the app saw: it keys on `request.client.host`, which is what uvicorn's proxy
headers middleware leaves in the ASGI scope. The test client connects from 127.0.0.1.

X-Forwarded-Proto is not tested here: the app builds every link and cookie flag from
BASE_URL, so nothing it answers depends on the request's scheme.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from events.services.catalogue.events import create_event
from tests.conftest import demo_event_values
from tests.servers import WERKPLAATS_APP, Cluster, start_cluster

pytestmark = pytest.mark.usefixtures("no_sweeping_here")  # see tests/conftest.py

LIMIT = 3
TRUSTS: dict[str, str | None] = {
    "nobody": None,  # the default: FORWARDED_ALLOW_IPS unset (uvicorn's would be 127.0.0.1)
    "another proxy": "192.0.2.10",
    "this client": "127.0.0.1",
}
ADDRESS_WINDOW = 60  # RateLimits.registration_address_window


@pytest.fixture(scope="module")
def servers(migrated: None) -> Iterator[dict[str, Cluster]]:
    def start(trusted: str | None) -> Cluster:
        environment = {"FORWARDED_ALLOW_IPS": trusted, "REGISTRATION_LIMIT_PER_ADDRESS": str(LIMIT)}
        return start_cluster(
            WERKPLAATS_APP, with_worker=False, servers=1, via_cli=True, environment=environment
        )

    with ThreadPoolExecutor(len(TRUSTS)) as pool:
        futures = {name: pool.submit(start, trusted) for name, trusted in TRUSTS.items()}
    clusters = {}
    try:
        for name, future in futures.items():
            clusters[name] = future.result()
        yield clusters
    finally:
        for future in futures.values():
            if future.exception() is None:
                future.result().stop()


async def _fresh_window() -> None:
    """The limiter counts in fixed windows: do not let a test straddle two."""
    left = ADDRESS_WINDOW - time.time() % ADDRESS_WINDOW
    if left < 5:
        await asyncio.sleep(left + 0.2)


async def register(cluster: Cluster, slug: str, number: int, forwarded_for: str) -> int:
    async with httpx.AsyncClient(trust_env=False, timeout=30.0) as client:
        response = await client.post(
            f"{cluster.urls[0]}/api/v1/events/{slug}/registrations",
            json={
                "name": f"Deelnemer {number}",
                "email": f"deelnemer{number}@sociaal-team-purmerend.example",
                "privacy_consent": True,
            },
            headers={"X-Forwarded-For": forwarded_for, "X-Forwarded-Proto": "https"},
        )
    assert response.status_code in (201, 429), response.text
    return response.status_code


@pytest.mark.parametrize("trust", ["nobody", "another proxy"])
async def test_forged_forwarded_for_from_an_untrusted_client_is_ignored(servers, trust):
    slug = await create_event(demo_event_values(title=f"Leeratelier {trust}"))
    await _fresh_window()

    statuses = [
        await register(servers[trust], slug, n, forwarded_for=f"203.0.113.{n + 1}")
        for n in range(LIMIT + 1)
    ]

    # Every forged address differs, yet all count as 127.0.0.1: the last is refused.
    assert statuses == [201] * LIMIT + [429]


async def test_forwarded_for_from_the_trusted_proxy_is_the_client_address(servers):
    slug = await create_event(demo_event_values(title="Leeratelier achter de proxy"))
    await _fresh_window()
    cluster = servers["this client"]

    # As nginx's $proxy_add_x_forwarded_for sends it: whatever the client claimed
    # first, then the address the proxy saw. The claims differ; the address does not.
    same_client = [
        await register(cluster, slug, n, forwarded_for=f"198.51.100.{n + 1}, 203.0.113.7")
        for n in range(LIMIT + 1)
    ]
    other_client = await register(cluster, slug, 100, forwarded_for="203.0.113.8")

    assert same_client == [201] * LIMIT + [429]
    assert other_client == 201  # 127.0.0.1, with LIMIT + 1 hits already, was not the key
