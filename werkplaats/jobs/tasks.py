"""The job actor: a thin wrapper that takes the job's id and runs its handler."""

from __future__ import annotations

from werkplaats.jobs.service import run_job as run_job_now
from werkplaats.jobs.service import sweep_jobs
from werkplaats.queue import actor, register_sweeper


# No retries from the queue: a failed job says why and an organiser starts it again;
# a job lost with its worker comes back through the sweeper.
@actor(max_retries=0, time_limit=3_600_000)
async def run_job(job_id: int) -> None:
    await run_job_now(job_id)


register_sweeper(sweep_jobs)
