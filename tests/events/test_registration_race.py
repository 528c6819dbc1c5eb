"""Capacity holds under real concurrency: the real app as server processes, hit at once.

On SQLite one server process (with its own in-process worker); on PostgreSQL two
server processes behind two ports and one `werkplaats worker` process on the broker,
on a namespace of their own so only that worker can send the mails. A control app
that counts and inserts without a lock (`race_app.py`) gets the same load and must
overbook: that shows the load really races.
"""

from __future__ import annotations

import asyncio
import email
from collections import Counter
from collections.abc import Iterator
from email import policy
from pathlib import Path
from typing import Any

import httpx
import pytest

from events.enums import RegistrationStatus
from events.services.catalogue.events import create_event
from events.services.registration.seats import waitlist_position
from events.tables import Registration
from tests.conftest import demo_event_values, eventually
from tests.servers import WERKPLAATS_APP, Cluster, start_cluster
from werkplaats.enums import MailState
from werkplaats.settings import get_settings
from werkplaats.tables import OutgoingMail

pytestmark = pytest.mark.usefixtures("no_sweeping_here")  # see tests/conftest.py

CAPACITY = 20
RUSH = 60
SAME_EMAIL_RUSH = 30
CONTROL_APP = ("tests.events.race_app:app", False)


@pytest.fixture(scope="module")
def werkplaats_servers(migrated: None) -> Iterator[Cluster]:
    cluster = start_cluster(WERKPLAATS_APP, with_worker=True)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def control_servers(migrated: None) -> Iterator[Cluster]:
    cluster = start_cluster(CONTROL_APP, with_worker=False)
    try:
        yield cluster
    finally:
        cluster.stop()


def body(number: int, email: str | None = None) -> dict[str, Any]:
    return {
        "name": f"Deelnemer {number}",
        "email": email or f"deelnemer{number}@wijkteam-zaanstad.example",
        "privacy_consent": True,
    }


async def rush(urls: list[str], slug: str, bodies: list[dict[str, Any]]) -> list[httpx.Response]:
    """POST every body at once, spread over the servers: each waits for one start signal.

    No warm-up on purpose: with sixty idle keep-alive connections in its pool httpx
    hands the requests out one by one (measured: 1.4 s spread instead of 6 ms).
    """
    limits = httpx.Limits(max_connections=len(bodies), max_keepalive_connections=len(bodies))
    async with httpx.AsyncClient(trust_env=False, timeout=60.0, limits=limits) as client:
        start = asyncio.Event()

        async def post(number: int, data: dict[str, Any]) -> httpx.Response:
            await start.wait()
            url = urls[number % len(urls)]
            return await client.post(f"{url}/api/v1/events/{slug}/registrations", json=data)

        tasks = [asyncio.create_task(post(n, data)) for n, data in enumerate(bodies)]
        await asyncio.sleep(0.05)  # every task is now waiting at the start line
        start.set()
        return await asyncio.gather(*tasks)


async def _all_sent(count: int) -> list[dict[str, Any]] | None:
    rows = await OutgoingMail.select(
        OutgoingMail.state, OutgoingMail.template, OutgoingMail.message_id
    )
    done = len(rows) == count and all(r["state"] == MailState.SENT for r in rows)
    return rows if done else None


def message_ids_in(mail_dir: Path) -> set[str]:
    """The Message-IDs of the .eml files the file backend wrote."""
    found = set()
    for path in mail_dir.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        found.add(message["Message-ID"])
    return found


async def test_rush_never_fills_more_seats_than_the_capacity(werkplaats_servers):
    slug = await create_event(demo_event_values(capacity=CAPACITY))
    log_before = werkplaats_servers.log_text()

    responses = await rush(werkplaats_servers.urls, slug, [body(n) for n in range(RUSH)])

    assert Counter(r.status_code for r in responses) == {201: RUSH}, [r.text for r in responses]
    by_email = {body(n)["email"]: responses[n].json() for n in range(RUSH)}
    assert Counter(a["status"] for a in by_email.values()) == {
        "registered": CAPACITY,
        "waitlisted": RUSH - CAPACITY,
    }
    positions = sorted(a["position"] for a in by_email.values() if a["status"] == "waitlisted")
    assert positions == list(range(1, RUSH - CAPACITY + 1))
    rows = {row["email"]: row for row in await Registration.select()}
    assert len(rows) == RUSH
    assert {email: rows[email]["status"] for email in by_email} == {
        email: answer["status"] for email, answer in by_email.items()
    }
    assert {email: await waitlist_position(rows[email]) for email in by_email} == {
        email: answer["position"] for email, answer in by_email.items()
    }
    new_log = werkplaats_servers.log_text().removeprefix(log_before)
    assert "database is locked" not in new_log
    assert "Traceback" not in new_log


async def test_rush_mails_everyone_through_the_worker(werkplaats_servers):
    slug = await create_event(demo_event_values(capacity=CAPACITY))

    await rush(werkplaats_servers.urls, slug, [body(n) for n in range(RUSH)])

    rows = await eventually(lambda: _all_sent(RUSH), timeout=30)
    assert Counter(r["template"] for r in rows) == {
        "registration_registered": CAPACITY,
        "registration_waitlisted": RUSH - CAPACITY,
    }
    # Sent by the cluster's own worker: the files are in the cluster's DATA_DIR.
    written = message_ids_in(werkplaats_servers.data_dir / "mail")
    assert {r["message_id"] for r in rows} <= written
    if get_settings().broker_url:  # the web processes only enqueue; the worker sends
        worker_log = werkplaats_servers.data_dir / "worker.log"
        assert "worker: consuming from RedisBroker" in worker_log.read_text()


async def test_rush_with_one_email_address_makes_one_registration(werkplaats_servers):
    slug = await create_event(demo_event_values(capacity=CAPACITY))
    same = [body(n, email="fatima@gemeente-haarlem.example") for n in range(SAME_EMAIL_RUSH)]

    responses = await rush(werkplaats_servers.urls, slug, same)

    # Every answer is the one a first registration gets; one row, one seat.
    assert Counter(r.status_code for r in responses) == {201: SAME_EMAIL_RUSH}
    assert {r.json()["status"] for r in responses} == {"registered"}
    assert await Registration.count() == 1
    row = await Registration.select(Registration.status).first()
    assert row["status"] == RegistrationStatus.REGISTERED


async def test_control_without_lock_overbooks_under_the_same_rush(control_servers):
    slug = await create_event(demo_event_values(capacity=CAPACITY))

    responses = await rush(control_servers.urls, slug, [body(n) for n in range(RUSH)])

    assert Counter(r.status_code for r in responses) == {201: RUSH}
    registered = await Registration.count().where(
        Registration.status == RegistrationStatus.REGISTERED
    )
    assert registered > CAPACITY, registered  # the race is real, and this load finds it
