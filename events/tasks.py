"""Background work of the events app: Dramatiq actors and job handlers, one-line
wrappers around a service function (registration mails arrive with their issue)."""

from __future__ import annotations

from events.services.badges import BADGE_JOB, run_badge_batch
from werkplaats.jobs import JobContext, JobOutput, job_handler


@job_handler(BADGE_JOB)
async def badge_batch(job: JobContext) -> JobOutput:
    """A batch of badges: one PDF, sorted by surname; marks them printed when stored."""
    return await run_badge_batch(job)
