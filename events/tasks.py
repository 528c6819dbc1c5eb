"""Background work of the events app: job handlers, one-line wrappers around a
service function, and the mail builders. Importing this module makes every worker
(in-process or `werkplaats worker`) know them."""

from __future__ import annotations

from events.services.documents.badges import BADGE_JOB, run_badge_batch
from events.services.documents.certificate_mail import CERTIFICATE_JOB, send_certificates
from events.services.privacy.retention import apply_retention, nudge_retention
from events.services.registration.mail import link_mail, status_mail
from werkplaats.jobs import JobContext, JobOutput, job_handler
from werkplaats.queue import actor, register_sweeper


@job_handler(BADGE_JOB)
async def badge_batch(job: JobContext) -> JobOutput:
    """A batch of badges: one PDF, sorted by surname; marks them printed when stored."""
    return await run_badge_batch(job)


@job_handler(CERTIFICATE_JOB)
async def certificates(job: JobContext) -> JobOutput:
    """Issue what is missing, then mail every certificate of the event not yet mailed."""
    return await send_certificates(job)


# The registration mails are rendered by the worker (see events.services.registration.seats).
MAIL_BUILDERS = (status_mail, link_mail)


@actor(max_retries=3)
async def run_retention() -> None:
    """Clear sensitive answers and anonymise registrations whose time has come."""
    await apply_retention()


register_sweeper(nudge_retention)
