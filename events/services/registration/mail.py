"""The mails that tell registrants where they stand, built by the worker.

The registration service queues a row naming the registration and the status it
tells about (`events.services.registration.seats.tell_status`); the builders here read the
registration and its event when the worker takes the row up, after the commit, and
hand over the context and attachments: the QR code inline and the event as an
`.ics` file with a confirmation. Each status mail is named by the registration, its
version and its status, so a retry never sends it twice.
"""

from __future__ import annotations

import secrets
from typing import Any

from events.enums import RegistrationStatus
from events.services.calendars.versions import event_ics_file
from events.services.catalogue.listing import get_event
from events.services.registration.core import LINK_MAIL
from events.services.registration.seats import STATUS_MAIL, TEMPLATES, waitlist_position
from events.tables import Event, Registration
from events.tickets import qr_png
from events.views import EventView
from werkplaats.mail import Attachment, MailContent, MailNotWanted, mail_builder, queue_mail
from werkplaats.memo import TimedCache
from werkplaats.settings import get_settings

# The event as mails show it, by (id, updated_at): a change of the event itself
# moves updated_at; a changed venue shows within a minute. A rush of confirmations
# for one event reads it and writes its .ics once.
_events = TimedCache(seconds=60, size=64)


def personal_url(registration: dict[str, Any]) -> str:
    return f"{get_settings().base_url}/r/{registration['token']}"


async def _event_and_ics(event_id: int) -> tuple[EventView, bytes]:
    head = await Event.select(Event.slug, Event.updated_at).where(Event.id == event_id).first()
    key = (event_id, head["updated_at"])
    found = _events.get(key)
    if found is None:
        event = await get_event(head["slug"], include_drafts=True)
        assert event is not None
        found = (event, await event_ics_file(event))
        _events.set(key, found)
    return found


async def _registration(params: dict[str, Any]) -> dict[str, Any]:
    row = await Registration.select().where(Registration.id == params["registration"]).first()
    if row is None:
        raise MailNotWanted("the registration is gone")
    return row


def _context(registration: dict[str, Any], event: EventView) -> dict[str, Any]:
    return {
        "event": event,
        "registration": registration,
        "personal_url": personal_url(registration),
        "event_url": f"{get_settings().base_url}/events/{event.slug}",
    }


@mail_builder(STATUS_MAIL)
async def status_mail(params: dict[str, Any]) -> MailContent:
    """The mail about one status: registered (with QR and .ics), waiting, pending,
    cancelled or rejected.

    `params` name the status, or (a new registration, queued before its seat was
    decided) the version of the row: then the status that version got. A version
    changed since is told by its own mail, so this one is not sent.
    """
    registration = await _registration(params)
    if "status" in params:
        status = RegistrationStatus(params["status"])
    elif registration["version"] == params["version"]:
        status = RegistrationStatus(registration["status"])
    else:
        raise MailNotWanted("superseded by a later change of the registration")
    event, ics = await _event_and_ics(registration["event"])
    context = _context(registration, event) | {
        "position": await waitlist_position(registration)
        if status is RegistrationStatus.WAITLISTED
        else None,
        "promoted": bool(params.get("promoted")),
    }
    attachments: list[Attachment] = []
    if status is RegistrationStatus.REGISTERED:
        attachments = [
            Attachment(
                "ticket-qr.png", "image/png", qr_png(registration["ticket_code"]), cid="ticket-qr"
            ),
            Attachment(f"{event.slug}.ics", "text/calendar", ics),
        ]
    return MailContent(context=context, attachments=attachments, template=TEMPLATES[status])


@mail_builder(LINK_MAIL)
async def link_mail(params: dict[str, Any]) -> MailContent:
    """The personal link again, for someone who registered twice."""
    registration = await _registration(params)
    event, _ics = await _event_and_ics(registration["event"])
    return MailContent(context=_context(registration, event))


async def resend_confirmation(registration: dict[str, Any]) -> None:
    """An organiser's explicit resend of the mail about the current status: a new
    mail each time it is asked for."""
    status = RegistrationStatus(registration["status"])
    await queue_mail(
        to=registration["email"],
        name=registration["name"],
        template=TEMPLATES[status],
        dedupe_key=f"registration:{registration['id']}:resend:{secrets.token_hex(6)}",
        language=registration["language"],
        builder=STATUS_MAIL,
        params={"registration": registration["id"], "status": status.value},
    )
