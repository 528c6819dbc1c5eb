"""Faults in the middle of a mailing (issue 11): the SMTP server stopped for 10 s, and
every process of the app killed with -9 and started again. Afterwards every
recipient has exactly one mail, none lost (the one edge the protocol allows — a mail
the server accepted just before the kill, sent again — carries the same Message-ID).

On both configurations: on SQLite the in-process worker dies with the web process.
"""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from aiosmtpd.controller import Controller

from events.services.catalogue.events import create_event
from tests.conftest import demo_event_values, eventually, free_port
from tests.deploy.rush import Inbox, register_all
from tests.servers import WERKPLAATS_APP, start_cluster
from werkplaats.enums import MailState, Role
from werkplaats.tables import OutgoingMail

pytestmark = pytest.mark.usefixtures("no_sweeping_here")  # see tests/conftest.py

RECIPIENTS = 150
SUBJECT = "Terugblik en de handreiking"
SMTP_DOWN_SECONDS = 10.0


async def _mailing(url: str, slug: str, headers: dict[str, str]) -> int:
    async with httpx.AsyncClient(base_url=url, trust_env=False, timeout=30.0) as client:
        body = {
            "subject": SUBJECT,
            "body": "Beste {{ voornaam }}, dank voor je komst.",
            "audience": {"event": slug},
        }
        mailing = (await client.post("/api/v1/mailings", json=body, headers=headers)).json()
        sent = await client.post(f"/api/v1/mailings/{mailing['id']}/send", headers=headers)
        assert sent.status_code == 202, sent.text
        return mailing["id"]


async def _all_sent() -> bool:
    waiting = await OutgoingMail.count().where(
        OutgoingMail.dedupe_key.like("mailing:%") & (OutgoingMail.state != MailState.SENT)
    )
    return waiting == 0 and await OutgoingMail.count() > 0


def _each_once(inbox: Inbox) -> list[str]:
    assert len(inbox.received) == RECIPIENTS
    twice = inbox.twice()
    assert all(len(set(inbox.received[to])) == 1 for to in twice)  # the same message
    return twice


async def test_smtp_down_for_ten_seconds_in_a_mailing_delivers_each_mail_once(
    migrated, api_headers
):
    inbox = Inbox(subject=SUBJECT)
    port = free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    slug = await create_event(demo_event_values(capacity=RECIPIENTS))
    headers = await api_headers(Role.ORGANISER)
    cluster = start_cluster(
        WERKPLAATS_APP, with_worker=True, servers=1,
        environment={"SMTP_URL": f"smtp://127.0.0.1:{port}"},
    )  # fmt: skip
    try:
        url = cluster.urls[0]
        assert await register_all(url, slug, RECIPIENTS, spread=0.01) == [201] * RECIPIENTS
        await _mailing(url, slug, headers)
        await eventually(lambda: inbox.holds(10), timeout=60)
        smtp.stop()  # the organisation's mail server goes away mid-mailing
        down_at = len(inbox.received)
        await asyncio.sleep(SMTP_DOWN_SECONDS)
        smtp = Controller(inbox, hostname="127.0.0.1", port=port)
        smtp.start()
        back_at = time.monotonic()
        await eventually(lambda: inbox.holds(RECIPIENTS), timeout=240)
        recovered = time.monotonic() - back_at
        await eventually(_all_sent, timeout=60)
    finally:
        cluster.stop()
        smtp.stop()

    twice = _each_once(inbox)
    assert down_at < RECIPIENTS  # the outage fell inside the mailing
    assert len(twice) <= 2, twice  # at most the mails in flight when it went
    print(
        f"\nSMTP down {SMTP_DOWN_SECONDS:.0f} s in a mailing to {RECIPIENTS}: {down_at} "
        f"delivered before, all {RECIPIENTS} {recovered:.1f} s after it was back, "
        f"{len(twice)} twice"
    )


async def test_every_process_killed_in_a_mailing_delivers_each_mail_once_after_the_restart(
    migrated, api_headers
):
    inbox = Inbox(subject=SUBJECT)
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    environment = {"SMTP_URL": f"smtp://127.0.0.1:{smtp.port}", "WORKER_THREADS": "2"}
    slug = await create_event(demo_event_values(capacity=RECIPIENTS))
    headers = await api_headers(Role.ORGANISER)
    cluster = start_cluster(WERKPLAATS_APP, with_worker=True, servers=1, environment=environment)
    restarted = None
    try:
        url = cluster.urls[0]
        assert await register_all(url, slug, RECIPIENTS, spread=0.01) == [201] * RECIPIENTS
        await _mailing(url, slug, headers)
        await eventually(lambda: inbox.holds(10), timeout=60)
        cluster.kill()  # mid-mailing, mails in flight
        killed_at = len(inbox.received)
        namespace = {"BROKER_NAMESPACE": cluster.env.get("BROKER_NAMESPACE")}
        restarted = start_cluster(
            WERKPLAATS_APP, with_worker=True, servers=1, environment=environment | namespace
        )
        ready_at = time.monotonic()
        await eventually(lambda: inbox.holds(RECIPIENTS), timeout=120)
        recovered = time.monotonic() - ready_at
        await eventually(_all_sent, timeout=60)
    finally:
        for each in (restarted, cluster):
            if each is not None:
                each.stop()
        smtp.stop()

    twice = _each_once(inbox)
    assert killed_at < RECIPIENTS  # the kill fell inside the mailing
    assert len(twice) <= 2, twice  # at most the worker's threads' mails in flight
    assert recovered < 60
    print(
        f"\nkill -9 in a mailing to {RECIPIENTS}: {killed_at} delivered before, all "
        f"{RECIPIENTS} {recovered:.1f} s after the restart, {len(twice)} twice"
    )
