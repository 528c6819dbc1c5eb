"""Sending the certificates of an event by mail, in one go, after the event.

An organiser starts a job (`start_sending`); the worker issues the certificates
still missing, then mails each one not mailed yet, with the PDF attached and the
personal link. Each mail is named `certificate:<id>` in the outbox, so a second
click, a second job running beside the first, or a job the sweeper starts again
from the beginning never mails anyone twice. `mailed_at` says the mail is in the
outbox; the outbox delivers it (and retries) on its own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from events.certificate_pdf import certificate_filename, certificate_pdf
from events.enums import EventStatus
from events.services.documents.certificates import (
    CertificateOverview,
    CertificateView,
    attended_count,
    certificates_for_event,
    event_has_ended,
    issue_for_event,
)
from events.tables import Certificate, Registration
from werkplaats.db import atomic, lock
from werkplaats.i18n import _
from werkplaats.jobs import JobContext, JobOutput, JobView, create_job, jobs_for
from werkplaats.mail import Attachment, send_mail
from werkplaats.pdf import in_pdf_thread
from werkplaats.settings import get_settings

CERTIFICATE_JOB = "certificates"


class CannotSendYet(Exception):
    """Sending is not possible now; the message says why, for the organiser."""


def job_scope(event_id: int) -> str:
    return f"event:{event_id}"


def sending_refusal(event: dict[str, Any]) -> str | None:
    """Why certificates cannot be sent for this event now, or None."""
    if event_has_ended(event):
        return None
    if event["status"] == EventStatus.CANCELLED:
        return _("This event has been cancelled: there are no certificates to send.")
    return _("Certificates can be sent once the event has ended.")


async def latest_job(event_id: int) -> JobView | None:
    """The event's latest send job, finished or not."""
    jobs = await jobs_for(job_scope(event_id), kind=CERTIFICATE_JOB, limit=1)
    return jobs[0] if jobs else None


def send_button_refusal(
    event: dict[str, Any], counts: CertificateOverview, job: JobView | None
) -> str:
    """Why the back office's send button is off now, or "" when it may be pressed:
    a send under way, an event not (or never to be) held, nobody checked in, or
    everyone mailed already."""
    if job is not None and not job.finished:
        return _("The certificates are being sent.")
    refusal = sending_refusal(event)
    if refusal:
        return refusal
    if counts.checked_in == 0:
        return _("Nobody has been checked in at this event.")
    if counts.to_mail == 0:
        return _("Everyone who attended has been sent their certificate.")
    return ""


async def start_sending(event: dict[str, Any], *, by: int | None) -> int:
    """Start mailing the certificates of `event`; returns the job's id.

    A job already under way is returned instead of starting another: the lock
    makes two clicks at the same moment agree on one.
    """
    refusal = sending_refusal(event)
    if refusal:
        raise CannotSendYet(refusal)
    async with atomic():
        await lock(f"certificates:{event['id']}")
        running = await latest_job(event["id"])
        if running is not None and not running.finished:
            return running.id
        return await create_job(
            CERTIFICATE_JOB,
            params={"event": event["id"]},
            scope=job_scope(event["id"]),
            by=by,
            total=await attended_count(event["id"]),
        )


async def send_certificates(job: JobContext) -> JobOutput:
    """Issue what is missing, then mail every certificate of the event not yet mailed.

    Safe to run again: a certificate already mailed is skipped, and the outbox's key
    per certificate turns a second mail into nothing."""
    event_id = int(job.params["event"])
    await issue_for_event(event_id)
    certificates = await certificates_for_event(event_id)
    total, mailed = len(certificates), 0
    await job.progress(0, total, force=True)
    for done, certificate in enumerate(certificates, start=1):
        if certificate.mailed_at is None and await mail_certificate(certificate):
            mailed += 1
        await job.progress(done, total)
    return JobOutput(result={"certificates": total, "mailed": mailed})


async def _recipient(certificate: CertificateView) -> dict[str, Any]:
    row = (
        await Registration.select(
            Registration.email,
            Registration.token,
            Registration.event.slug.as_alias("slug"),
            Registration.event.contact_email.as_alias("contact_email"),
        )
        .where(Registration.id == certificate.registration_id)
        .first()
    )
    assert row is not None  # a certificate is deleted with its registration
    return row


async def mail_certificate(certificate: CertificateView) -> bool:
    """Put this certificate's mail in the outbox; False if it was there already.

    The PDF is rendered before the transaction (in a thread: ~60 ms of CPU), so no
    write lock is held while it renders.
    """
    if await Certificate.exists().where(
        (Certificate.id == certificate.id) & Certificate.mailed_at.is_not_null()
    ):
        return False
    recipient = await _recipient(certificate)
    pdf = await in_pdf_thread(certificate_pdf, certificate)
    base_url = get_settings().base_url
    async with atomic():
        queued = await send_mail(
            to=recipient["email"],
            name=certificate.name,
            template="certificate",
            dedupe_key=f"certificate:{certificate.id}",
            language=certificate.language,
            context={
                "certificate": certificate,
                "personal_url": f"{base_url}/r/{recipient['token']}",
                "event_url": f"{base_url}/events/{recipient['slug']}",
                "contact_email": recipient["contact_email"],
            },
            attachments=[Attachment(certificate_filename(certificate), "application/pdf", pdf)],
        )
        await Certificate.update({Certificate.mailed_at: dt.datetime.now(dt.UTC)}).where(
            (Certificate.id == certificate.id) & Certificate.mailed_at.is_null()
        )
    return queued is not None
