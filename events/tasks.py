"""Background work of the events app: job handlers, one-line wrappers around a
service function. Importing this module makes every worker (in-process or
`werkplaats worker`) know them."""

from __future__ import annotations

from events.services.badges import BADGE_JOB, run_badge_batch
from events.services.certificate_mail import CERTIFICATE_JOB, send_certificates
from werkplaats.jobs import JobContext, JobOutput, job_handler


@job_handler(BADGE_JOB)
async def badge_batch(job: JobContext) -> JobOutput:
    """A batch of badges: one PDF, sorted by surname; marks them printed when stored."""
    return await run_badge_batch(job)


@job_handler(CERTIFICATE_JOB)
async def certificates(job: JobContext) -> JobOutput:
    """Issue what is missing, then mail every certificate of the event not yet mailed."""
    return await send_certificates(job)
