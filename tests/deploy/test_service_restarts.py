"""Faults of the services underneath: PostgreSQL restarted in a registration rush,
Redis restarted in the middle of a mailing. Each on a server of the test's own
(tests/deploy/private_services.py), so the rest of the run is not disturbed.

They belong to the PostgreSQL + Redis configuration: on the embedded defaults there
is no database server to restart and no broker (SQLite and the in-process queue
live and die with the web process, which test_faults.py kills).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time

import asyncpg
import httpx
import pytest
from aiosmtpd.controller import Controller

from events.services.catalogue.events import create_event
from tests.conftest import USING_POSTGRES, demo_event_values, eventually, free_port
from tests.deploy.private_services import PrivatePostgres, PrivateRedis
from tests.deploy.rush import Inbox, register_all
from tests.servers import WERKPLAATS_APP, start_cluster
from werkplaats.enums import MailState, Role
from werkplaats.settings import PROJECT_ROOT
from werkplaats.tables import OutgoingMail

pytestmark = [
    pytest.mark.skipif(
        not USING_POSTGRES, reason="the PostgreSQL + Redis configuration's own faults"
    ),
    pytest.mark.usefixtures("no_sweeping_here"),  # see tests/conftest.py
]

RUSH = 120
OUTAGE_SECONDS = 3.0


def _in(database_url: str, *command: str) -> str:
    """Run `python -m …` against the private database; its stdout."""
    done = subprocess.run(
        [sys.executable, "-m", *command], cwd=PROJECT_ROOT, capture_output=True, text=True,
        timeout=300, env={**os.environ, "DATABASE_URL": database_url},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


async def _rows(url: str) -> tuple[set[str], list[asyncpg.Record]]:
    connection = await asyncpg.connect(url)
    try:
        registered = {r["email"] for r in await connection.fetch("SELECT email FROM registration")}
        mails = await connection.fetch("SELECT to_address, state FROM outgoing_mail")
    finally:
        await connection.close()
    return registered, mails


async def _health_during(url: str, seconds: float) -> set[int]:
    seen: set[int] = set()
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(trust_env=False, timeout=5.0) as client:
        while time.monotonic() < deadline:
            try:
                seen.add((await client.get(f"{url}/health")).status_code)
            except httpx.HTTPError:
                seen.add(0)
            await asyncio.sleep(0.2)
    return seen


async def test_postgres_restarted_in_a_rush_loses_nothing_and_health_says_so():
    database = PrivatePostgres()
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    cluster = None
    try:
        database.start()
        _in(database.url, "werkplaats.cli", "migrate")
        slug = _in(database.url, "tests.deploy.seed", str(RUSH))
        smtp.start()
        environment = {"DATABASE_URL": database.url, "SMTP_URL": f"smtp://127.0.0.1:{smtp.port}"}
        cluster = start_cluster(
            WERKPLAATS_APP, with_worker=True, servers=1, environment=environment
        )
        url = cluster.urls[0]
        rush = asyncio.create_task(register_all(url, slug, RUSH))
        await asyncio.sleep(1.5)  # a fifth of the rush is in
        database.stop("immediate")
        health = await _health_during(url, OUTAGE_SECONDS)
        database.start()
        back_at = time.monotonic()
        answers = await rush
        after = await register_all(url, slug, 1, first=RUSH)  # a newcomer, once it is back
        recovered = time.monotonic() - back_at
        registered, mails = await eventually(lambda: _all_sent(database.url, inbox), timeout=120)
        delivered = time.monotonic() - back_at
    finally:
        if cluster is not None:
            cluster.stop()
        smtp.stop()
        database.remove()

    assert 503 in health and 200 not in health  # /health said so meanwhile
    assert set(answers) <= {201, 503}, answers  # clean failure or success, nothing else
    assert 201 in answers and 503 in answers  # the outage fell inside the rush
    assert after == [201]
    # Every answered registration is there, with its confirmation (none half-written);
    # a 503 cut off while committing may have landed too, so at most that many more.
    assert answers.count(201) <= len(registered) <= answers.count(201) + answers.count(503) + 1
    assert {mail["to_address"] for mail in mails} == registered
    assert not inbox.twice()
    print(  # the figures for the note (pytest -s)
        f"\nPostgreSQL restart: {RUSH} requests, {answers.count(201)} answered 201, "
        f"{answers.count(503)} answered 503, {len(registered) - 1} of the rush registered, "
        f"health {sorted(health)} during the {OUTAGE_SECONDS:.0f} s outage, a new registration "
        f"{recovered:.1f} s after the start, every mail {delivered:.1f} s after it"
    )


async def _all_sent(url: str, inbox: Inbox) -> tuple[set[str], list] | None:
    """Registrations and mail rows once every registered person has their mail."""
    registered, mails = await _rows(url)
    if registered <= set(inbox.received) and all(m["state"] == MailState.SENT for m in mails):
        return registered, mails
    return None


RECIPIENTS = 150


async def test_redis_restarted_in_a_mailing_sends_each_mail_once(migrated, api_headers):
    broker = PrivateRedis()
    inbox = Inbox(subject="Na de bijeenkomst")
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    slug = await create_event(demo_event_values(capacity=RECIPIENTS))
    headers = await api_headers(Role.ORGANISER)
    cluster = None
    try:
        broker.start()
        smtp.start()
        environment = {"BROKER_URL": broker.url, "SMTP_URL": f"smtp://127.0.0.1:{smtp.port}"}
        cluster = start_cluster(
            WERKPLAATS_APP, with_worker=True, servers=1, environment=environment
        )
        url = cluster.urls[0]
        answers = await register_all(url, slug, RECIPIENTS, spread=0.01)
        async with httpx.AsyncClient(base_url=url, trust_env=False, timeout=30.0) as client:
            body = {
                "subject": "Na de bijeenkomst",
                "body": "Beste {{ voornaam }}, dank voor je komst.",
                "audience": {"event": slug},
            }
            mailing = (await client.post("/api/v1/mailings", json=body, headers=headers)).json()
            sent = await client.post(f"/api/v1/mailings/{mailing['id']}/send", headers=headers)
            await eventually(lambda: inbox.holds(10), timeout=60)
            broker.stop()  # a crash: the queued messages are gone with it
            await asyncio.sleep(2)
            broker.start()
            back_at = time.monotonic()
            await eventually(lambda: inbox.holds(RECIPIENTS), timeout=150)
            recovered = time.monotonic() - back_at
            counts = (await client.get(f"/api/v1/mailings/{mailing['id']}", headers=headers)).json()
    finally:
        if cluster is not None:
            cluster.stop()
        smtp.stop()
        broker.stop()

    assert answers == [201] * RECIPIENTS
    assert sent.status_code == 202
    assert len(inbox.received) == RECIPIENTS
    twice = inbox.twice()
    assert all(len(set(inbox.received[to])) == 1 for to in twice)  # the same message
    assert len(twice) <= 2, twice  # at most the worker's threads' mails in flight
    assert counts["counts"]["sent"] == RECIPIENTS
    assert await OutgoingMail.count().where(OutgoingMail.state != MailState.SENT) == 0
    print(
        f"\nRedis restart: a mailing to {RECIPIENTS}; all delivered {recovered:.1f} s after "
        f"Redis was back, {len(twice)} twice"
    )
