"""Jobs: a row first, run once by the real worker after commit, progress visible,
the file kept and served; lost or crashed jobs come back through the sweeper."""

from __future__ import annotations

import asyncio
import datetime as dt

from tests.conftest import eventually
from werkplaats.db import atomic
from werkplaats.enums import JobState, Role
from werkplaats.jobs import JobContext, JobOutput, create_job, job_handler, job_view
from werkplaats.jobs.service import run_job, sweep_jobs
from werkplaats.queue import sweep_once
from werkplaats.tables import Job

RUNS: list[int] = []


@job_handler("test-count")
async def count_to(job: JobContext) -> JobOutput:
    total = job.params["n"]
    for done in range(1, total + 1):
        await job.progress(done, total, force=True)
    RUNS.append(job.id)
    return JobOutput(content=b"%PDF-1.7 " + str(total).encode(), filename="telling.pdf")


@job_handler("test-fails")
async def fails(job: JobContext) -> JobOutput:
    raise ValueError("Dit evenement heeft geen deelnemers.")


async def running_elsewhere(*, lease_left: float) -> int:
    """A job claimed by a worker on another machine, its lease ending in `lease_left` s."""
    lease_until = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=lease_left)
    rows = await Job.insert(
        Job(kind="test-count", params={"n": 2}, state=JobState.RUNNING,
            claimed_by="other-machine:4242:1:ab12cd34", lease_until=lease_until)
    ).returning(Job.id)  # fmt: skip
    return rows[0]["id"]


async def finished(job_id: int):
    view = await job_view(job_id)
    return view if view and view.finished else None


async def test_job_runs_after_commit_and_its_file_is_served(client, api_headers):
    headers = await api_headers(Role.ORGANISER)
    async with atomic():
        job_id = await create_job("test-count", params={"n": 3}, scope="event:1")
        queued = await job_view(job_id)

    done = await eventually(lambda: finished(job_id))
    body = (await client.get(f"/api/v1/jobs/{job_id}", headers=headers)).json()
    file = await client.get(body["url"], headers=headers)

    assert queued is not None and queued.state is JobState.QUEUED
    assert (done.state, done.done, done.total, done.percent) == (JobState.DONE, 3, 3, 100)
    assert body["state"] == "done" and body["progress"] == 100
    assert body["url"] == f"/api/v1/jobs/{job_id}/file"
    assert file.status_code == 200
    assert file.content == b"%PDF-1.7 3"
    assert 'filename="telling.pdf"' in file.headers["content-disposition"]


async def test_job_that_raises_is_failed_with_its_message(client, api_headers):
    headers = await api_headers(Role.ORGANISER)
    async with atomic():
        job_id = await create_job("test-fails", params={})

    await eventually(lambda: finished(job_id))
    body = (await client.get(f"/api/v1/jobs/{job_id}", headers=headers)).json()

    assert body["state"] == "failed"
    assert body["error"] == "Dit evenement heeft geen deelnemers."
    assert body["url"] is None
    assert (await client.get(f"/api/v1/jobs/{job_id}/file", headers=headers)).status_code == 404


async def test_job_is_run_once_when_two_workers_claim_it():
    RUNS.clear()  # ids start again in every test
    rows = await Job.insert(Job(kind="test-count", params={"n": 1})).returning(Job.id)
    job_id = rows[0]["id"]

    outcomes = await asyncio.gather(run_job(job_id), run_job(job_id))

    assert set(outcomes) == {JobState.DONE, None}
    assert RUNS.count(job_id) == 1


async def test_sweeper_brings_back_a_job_whose_worker_died():
    job_id = await running_elsewhere(lease_left=-1)

    swept = await sweep_jobs(min_age=0)
    done = await eventually(lambda: finished(job_id))

    assert swept == 1
    assert done.state is JobState.DONE


async def test_sweeper_leaves_a_running_job_whose_claim_holds():
    job_id = await running_elsewhere(lease_left=30)

    await sweep_once(min_age=0)

    view = await job_view(job_id)
    assert view is not None and view.state is JobState.RUNNING


async def test_job_api_needs_an_organiser(client, api_headers):
    async with atomic():
        job_id = await create_job("test-count", params={"n": 1})
    checkin = await api_headers(Role.CHECKIN)

    anonymous = await client.get(f"/api/v1/jobs/{job_id}")
    door = await client.get(f"/api/v1/jobs/{job_id}", headers=checkin)
    unknown = await client.get("/api/v1/jobs/999999", headers=await api_headers(Role.ORGANISER))

    assert (anonymous.status_code, door.status_code, unknown.status_code) == (401, 403, 404)
