"""Faults: `kill -9` of every process in a registration rush with a real SMTP server,
and in the middle of a badge batch.

The app's processes (on SQLite one server with its in-process worker; on PostgreSQL
+ Redis a server and a `werkplaats worker`) are killed without warning while the
rush is under way and their mails are going out, then started again. Afterwards:
each request either succeeded or failed as a whole (every registration has its
confirmation row), and every registered person has their confirmation at the SMTP
server once, within a minute of the restart. The one edge the protocol allows (a mail the
server accepted just before the kill, sent again) is counted, and must carry the
same Message-ID.
"""

from __future__ import annotations

import asyncio
import io
import time

import httpx
import pytest
from aiosmtpd.controller import Controller
from pypdf import PdfReader

from events.services.catalogue.events import create_event
from events.services.registration.core import RegistrationInput, register
from events.tables import Registration
from tests.conftest import demo_event_values, eventually, free_port
from tests.deploy.rush import Inbox, register_all
from tests.servers import WERKPLAATS_APP, start_cluster
from werkplaats.enums import JobState, MailState, Role
from werkplaats.tables import Job, OutgoingMail

pytestmark = pytest.mark.usefixtures("no_sweeping_here")  # see tests/conftest.py

RUSH = 80
WORKER_THREADS = 2  # per worker process: at most this many mails in flight at the kill


async def test_kill_9_in_a_rush_loses_no_mail_and_sends_each_once(migrated):
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    environment = {"SMTP_URL": f"smtp://127.0.0.1:{smtp.port}", "WORKER_THREADS": "2"}
    slug = await create_event(demo_event_values(capacity=RUSH))
    cluster = start_cluster(WERKPLAATS_APP, with_worker=True, servers=1, environment=environment)
    restarted = None
    try:
        rush = asyncio.create_task(register_all(cluster.urls[0], slug, RUSH))
        await eventually(lambda: _some_sent(3), timeout=60)
        cluster.kill()  # while requests come in and mails go out
        answers = await rush
        # The same broker namespace: what Redis kept for the old worker is the new one's.
        namespace = {"BROKER_NAMESPACE": cluster.env.get("BROKER_NAMESPACE")}
        restarted = start_cluster(
            WERKPLAATS_APP, with_worker=True, servers=1, environment=environment | namespace
        )
        ready_at = time.monotonic()
        registered = {row["email"] for row in await Registration.select(Registration.email)}
        await eventually(lambda: _all_delivered(inbox, registered), timeout=90)
        recovered = time.monotonic() - ready_at
    finally:
        for each in (restarted, cluster):
            if each is not None:
                each.stop()
        smtp.stop()

    mails = await OutgoingMail.select(OutgoingMail.to_address, OutgoingMail.state)
    assert {mail["to_address"] for mail in mails} == registered  # none half-written
    assert all(mail["state"] == MailState.SENT for mail in mails)
    assert all(answer == 201 or isinstance(answer, str) for answer in answers), answers
    twice = [to for to, ids in inbox.received.items() if len(ids) > 1]
    assert all(len(set(inbox.received[to])) == 1 for to in twice)  # the same message
    assert len(twice) <= WORKER_THREADS, twice
    assert answers.count(201) < RUSH  # the kill did fall inside the rush
    assert recovered < 60
    print(  # the figures for the note (pytest -s)
        f"\nkill -9 rush: {RUSH} requests, {answers.count(201)} answered 201, "
        f"{len(registered)} registered, {len(mails)} mail rows, "
        f"{sum(len(ids) for ids in inbox.received.values())} mails received, "
        f"{len(twice)} twice, all delivered {recovered:.1f} s after the restart"
    )


async def _some_sent(count: int) -> bool:
    return await OutgoingMail.count().where(OutgoingMail.state == MailState.SENT) >= count


async def _all_delivered(inbox: Inbox, registered: set[str]) -> bool:
    return bool(registered) and registered <= set(inbox.received)


BADGES = 160


async def test_a_badge_job_whose_worker_is_killed_is_finished_after_the_restart(
    migrated, api_headers
):
    slug = await create_event(demo_event_values(capacity=BADGES))
    for number in range(BADGES):
        await register(
            slug,
            RegistrationInput(
                name=f"Deelnemer {number}",
                email=f"badge{number}@wijkteam-haarlem.example",
                privacy_consent=True,
            ),
        )
    headers = await api_headers(Role.ORGANISER)
    cluster = start_cluster(WERKPLAATS_APP, with_worker=True, servers=1)
    restarted = None
    try:
        url = cluster.urls[0]
        queued = httpx.post(f"{url}/api/v1/events/{slug}/badges", json={}, headers=headers)
        job_id = queued.json()["job"]
        await eventually(lambda: _running(job_id), timeout=120)
        cluster.kill()  # mid-batch: the job's row says `running`, its claim names the dead
        namespace = {"BROKER_NAMESPACE": cluster.env.get("BROKER_NAMESPACE")}
        restarted = start_cluster(
            WERKPLAATS_APP, with_worker=True, servers=1, environment=namespace
        )
        done = await eventually(lambda: _finished(job_id), timeout=180)
        pdf = httpx.get(f"{restarted.urls[0]}/api/v1/jobs/{job_id}/file", headers=headers)
    finally:
        for each in (restarted, cluster):
            if each is not None:
                each.stop()

    assert queued.status_code == 202
    assert (done["state"], done["progress"], done["total"]) == (JobState.DONE, BADGES, BADGES)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) == BADGES  # A6: one badge a page


async def _running(job_id: int) -> bool:
    row = await Job.select(Job.state, Job.progress).where(Job.id == job_id).first()
    return row is not None and row["state"] == JobState.RUNNING and row["progress"] > 0


async def _finished(job_id: int) -> dict | None:
    row = await Job.select(Job.state, Job.progress, Job.total).where(Job.id == job_id).first()
    return row if row and row["state"] in (JobState.DONE, JobState.FAILED) else None
