"""The multi-machine set-up of deploy/, on one machine: two `werkplaats serve` processes
and two `werkplaats worker` processes on PostgreSQL and Redis, with a registration rush
spread over both web processes.

The workers are on a broker namespace of the cluster's own, so no other worker (of
another test run, say) takes their messages. They are the real worker command with
Dramatiq's line per received message switched on (`logged_worker`): that is how the
test knows that both did work.
"""

from __future__ import annotations

import asyncio
import email
import os
import re
import time
from collections import Counter
from collections.abc import Iterator
from email import policy
from typing import Any

import httpx
import pytest

from events.services.catalogue.events import create_event
from events.services.registration.seats import waitlist_position
from events.tables import Registration
from tests.conftest import USING_POSTGRES, demo_event_values, eventually
from tests.servers import WERKPLAATS_APP, Cluster, start_cluster
from werkplaats.enums import MailState
from werkplaats.tables import OutgoingMail

pytestmark = [
    pytest.mark.skipif(
        not (USING_POSTGRES and os.environ.get("TEST_BROKER_URL")),
        reason="several machines need a shared database and broker: "
        "TEST_DATABASE_URL=postgresql://… and TEST_BROKER_URL=redis://…",
    ),
    pytest.mark.usefixtures("no_sweeping_here"),  # see tests/conftest.py
]

CAPACITY = 25
RUSH = 120
RECEIVED = re.compile(r"Received message deliver_mail\((\d+)\)")
CONSUMING = "worker: consuming from "


@pytest.fixture(scope="module")
def machines(migrated: None) -> Iterator[Cluster]:
    cluster = start_cluster(
        WERKPLAATS_APP,
        with_worker=True,
        servers=2,
        workers=2,
        via_cli=True,
        worker_module="tests.deploy.logged_worker",
    )
    try:
        _wait_consuming(cluster)
        yield cluster
    finally:
        cluster.stop()


def _wait_consuming(cluster: Cluster, timeout: float = 60.0) -> None:
    """Both workers take messages before the rush, or one might get them all."""
    deadline = time.monotonic() + timeout
    while not all(CONSUMING in log.read_text(errors="replace") for log in cluster.worker_logs):
        if time.monotonic() > deadline:
            raise RuntimeError(f"the workers did not start:\n{cluster.log_text()[-3000:]}")
        time.sleep(0.1)


def body(number: int) -> dict[str, Any]:
    return {
        "name": f"Deelnemer {number}",
        "email": f"deelnemer{number}@buurtteam-hoorn.example",
        "privacy_consent": True,
    }


async def rush(urls: list[str], slug: str) -> list[httpx.Response]:
    """POST all registrations at once, in turn to each web process.

    No warm-up, as in tests/events/test_registration_race.py: a pool of idle
    keep-alive connections would hand the requests out one by one.
    """
    limits = httpx.Limits(max_connections=RUSH, max_keepalive_connections=RUSH)
    async with httpx.AsyncClient(trust_env=False, timeout=60.0, limits=limits) as client:
        start = asyncio.Event()

        async def post(number: int) -> httpx.Response:
            await start.wait()
            url = f"{urls[number % len(urls)]}/api/v1/events/{slug}/registrations"
            return await client.post(url, json=body(number))

        tasks = [asyncio.create_task(post(n)) for n in range(RUSH)]
        await asyncio.sleep(0.05)
        start.set()
        return await asyncio.gather(*tasks)


async def _all_sent() -> list[dict[str, Any]] | None:
    rows = await OutgoingMail.select(
        OutgoingMail.id,
        OutgoingMail.state,
        OutgoingMail.template,
        OutgoingMail.dedupe_key,
        OutgoingMail.to_address,
        OutgoingMail.message_id,
    )
    done = len(rows) >= RUSH and all(r["state"] == MailState.SENT for r in rows)
    return rows if done else None


def written_mails(cluster: Cluster) -> list[tuple[str, str]]:
    """(Message-ID, recipient) of every .eml file the workers wrote."""
    found = []
    for path in (cluster.data_dir / "mail").glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        found.append((message["Message-ID"], message["To"].addresses[0].addr_spec))
    return found


async def test_two_webs_and_two_workers_share_one_rush(machines):
    slug = await create_event(demo_event_values(capacity=CAPACITY))

    responses = await rush(machines.urls, slug)
    rows = await eventually(_all_sent, timeout=45)

    # Seats: exactly the capacity, the rest on the waiting list at 1..n, once each.
    assert Counter(r.status_code for r in responses) == {201: RUSH}, [r.text for r in responses]
    answers = {body(n)["email"]: responses[n].json() for n in range(RUSH)}
    assert Counter(a["status"] for a in answers.values()) == {
        "registered": CAPACITY,
        "waitlisted": RUSH - CAPACITY,
    }
    positions = sorted(a["position"] for a in answers.values() if a["status"] == "waitlisted")
    assert positions == list(range(1, RUSH - CAPACITY + 1))
    stored = {row["email"]: row for row in await Registration.select()}
    assert {e: stored[e]["status"] for e in answers} == {e: a["status"] for e, a in answers.items()}
    assert {e: await waitlist_position(stored[e]) for e in answers} == {
        e: a["position"] for e, a in answers.items()
    }

    # Mail: one per registration, each dedupe key and each recipient once, all sent,
    # and as many .eml files, with the rows' Message-IDs, one per recipient.
    assert len(rows) == RUSH
    assert Counter(r["template"] for r in rows) == {
        "registration_registered": CAPACITY,
        "registration_waitlisted": RUSH - CAPACITY,
    }
    assert len({r["dedupe_key"] for r in rows}) == RUSH
    assert sorted(r["to_address"] for r in rows) == sorted(answers)
    written = written_mails(machines)
    assert sorted(written) == sorted((r["message_id"], r["to_address"]) for r in rows)

    # Both workers worked, on different mails: each received a share of the
    # messages, none was received by both, and together they received them all.
    received = [
        {int(n) for n in RECEIVED.findall(log.read_text(errors="replace"))}
        for log in machines.worker_logs
    ]
    assert [bool(ids) for ids in received] == [True, True], [len(ids) for ids in received]
    assert received[0] & received[1] == set()
    assert received[0] | received[1] == {r["id"] for r in rows}
    assert "Traceback" not in machines.log_text()
