"""Claims with an owner and a lease (`werkplaats.leases`): a late outcome never
overwrites a row taken back, a restarted worker takes up its own rows at once, and
a long job keeps its claim while it runs."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import subprocess

from tests.conftest import eventually
from tests.shell.test_outbox import delivered, direct_row, outbox_row
from werkplaats import leases
from werkplaats.enums import JobState, MailState
from werkplaats.jobs import JobContext, JobOutput, job_handler
from werkplaats.jobs.service import run_job, sweep_jobs
from werkplaats.mail.outbox import MailContent, deliver_outgoing, mail_builder
from werkplaats.queue import sweep_once
from werkplaats.tables import Job, OutgoingMail


@mail_builder("test-taken-back")
async def _taken_back_while_rendering(params: dict) -> MailContent:
    """What the sweeper and another worker do to a row whose claim ran out."""
    await OutgoingMail.update(
        {
            OutgoingMail.state: MailState.QUEUED,
            OutgoingMail.claimed_by: "",
            OutgoingMail.attempts: 5,
        }
    ).where(OutgoingMail.id == params["id"])
    return MailContent(context={})


async def test_a_late_outcome_never_overwrites_a_mail_taken_back(client):
    mail_id = await direct_row(body_text="", builder="test-taken-back")
    await OutgoingMail.update({OutgoingMail.params: {"id": mail_id}}).where(
        OutgoingMail.id == mail_id
    )

    outcome = await deliver_outgoing(mail_id)

    row = await outbox_row(mail_id)
    assert outcome is None
    assert (row["state"], row["attempts"], row["sent_at"]) == (MailState.QUEUED, 5, None)


async def test_a_restarted_worker_takes_up_its_own_mail_at_once(client):
    crashed = subprocess.Popen(["sleep", "60"])  # the worker of before the restart
    started = leases._start_time(crashed.pid)
    token = f"{socket.gethostname()}:{crashed.pid}:{started}:0badc0de"
    now = dt.datetime.now(dt.UTC)
    mail_id = await direct_row(
        state=MailState.SENDING, attempts=1, enqueued_at=now, claimed_by=token,
        lease_until=now + dt.timedelta(seconds=50),
    )  # fmt: skip

    await sweep_once(0)
    while_it_runs = (await outbox_row(mail_id))["state"]
    crashed.kill()
    crashed.wait()
    await sweep_once(0)
    row = await delivered(mail_id)

    assert started is not None
    assert while_it_runs == MailState.SENDING
    assert row["attempts"] == 2 and row["claimed_by"] == ""


def test_only_a_stopped_process_of_this_machine_counts_as_gone():
    mine = leases.owner()
    host, pid, started = mine.split(":")

    assert not leases.owner_is_gone(f"{mine}:1234abcd")
    assert leases.owner_is_gone(f"{host}:{pid}:{int(started) + 1}:1234abcd")  # pid reused
    assert not leases.owner_is_gone(f"other-machine:{pid}:1:1234abcd")
    assert not leases.owner_is_gone("")


SLOW_RUNS: list[int] = []


@job_handler("test-slow")
async def _slow(job: JobContext) -> JobOutput:
    await asyncio.sleep(job.params["seconds"])
    SLOW_RUNS.append(job.id)
    return JobOutput(result={"slept": job.params["seconds"]})


async def test_a_job_that_outlasts_its_lease_keeps_its_claim(monkeypatch):
    monkeypatch.setattr(leases, "LEASE_SECONDS", 0.4)
    monkeypatch.setattr(leases, "RENEW_EVERY_SECONDS", 0.1)
    SLOW_RUNS.clear()
    rows = await Job.insert(Job(kind="test-slow", params={"seconds": 1.5})).returning(Job.id)
    job_id = rows[0]["id"]

    running = asyncio.create_task(run_job(job_id))
    states = []
    for _ in range(6):
        await asyncio.sleep(0.2)
        await sweep_jobs(min_age=3600)
        states.append((await Job.select(Job.state).where(Job.id == job_id).first())["state"])
    outcome = await running
    await asyncio.sleep(0.3)  # a second run, had the sweeper handed it out, would show

    assert set(states) == {JobState.RUNNING}
    assert outcome is JobState.DONE
    assert [job_id] == SLOW_RUNS


async def test_a_job_whose_worker_stopped_renewing_is_taken_back(monkeypatch):
    monkeypatch.setattr(leases, "LEASE_SECONDS", 0.2)
    now = dt.datetime.now(dt.UTC)
    rows = await Job.insert(
        Job(kind="test-slow", params={"seconds": 0}, state=JobState.RUNNING,
            claimed_by="other-machine:4242:1:ab12cd34", lease_until=now)
    ).returning(Job.id)  # fmt: skip

    await sweep_jobs(min_age=3600)
    done = await eventually(
        lambda: (
            Job.select(Job.state)
            .where((Job.id == rows[0]["id"]) & (Job.state == JobState.DONE))
            .first()
        )
    )

    assert done["state"] == JobState.DONE
