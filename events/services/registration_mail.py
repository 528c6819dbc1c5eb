"""The mails that tell registrants where they stand.

Each status mail is named by the registration, its version and its status, so a
retry never sends it twice; a confirmation carries the QR code inline and the
event as an `.ics` file.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from events.enums import RegistrationStatus
from events.ical import event_ics
from events.services.listing import get_event
from events.tickets import qr_png
from werkplaats.mail import Attachment, send_mail
from werkplaats.settings import get_settings

TEMPLATES = {
    RegistrationStatus.REGISTERED: "registration_registered",
    RegistrationStatus.WAITLISTED: "registration_waitlisted",
    RegistrationStatus.PENDING: "registration_pending",
    RegistrationStatus.CANCELLED: "registration_cancelled",
    RegistrationStatus.REJECTED: "registration_rejected",
}
LINK_AGAIN_MINUTES = 10


def personal_url(registration: dict[str, Any]) -> str:
    return f"{get_settings().base_url}/r/{registration['token']}"


async def _context(registration: dict[str, Any], event_row: dict[str, Any]) -> tuple[dict, Any]:
    event = await get_event(event_row["slug"], include_drafts=True)
    context = {
        "event": event,
        "registration": registration,
        "personal_url": personal_url(registration),
        "event_url": f"{get_settings().base_url}/events/{event_row['slug']}",
    }
    return context, event


def _confirmation_attachments(registration: dict[str, Any], event: Any) -> list[Attachment]:
    return [
        Attachment(
            "ticket-qr.png", "image/png", qr_png(registration["ticket_code"]), cid="ticket-qr"
        ),
        Attachment(
            f"{event.slug}.ics",
            "text/calendar",
            event_ics(event, base_url=get_settings().base_url),
        ),
    ]


async def mail_status(
    registration: dict[str, Any],
    event_row: dict[str, Any],
    *,
    position: int | None,
    promoted: bool = False,
    dedupe_key: str | None = None,
) -> None:
    """Tell the registrant their (new) status; call inside the changing transaction."""
    status = RegistrationStatus(registration["status"])
    context, event = await _context(registration, event_row)
    attachments = (
        _confirmation_attachments(registration, event)
        if status is RegistrationStatus.REGISTERED
        else []
    )
    key = dedupe_key or f"registration:{registration['id']}:v{registration['version']}:{status}"
    await send_mail(
        to=registration["email"],
        name=registration["name"],
        template=TEMPLATES[status],
        dedupe_key=key,
        language=registration["language"],
        context={**context, "position": position, "promoted": promoted},
        attachments=attachments,
    )


async def resend_confirmation(registration: dict[str, Any], event_row: dict[str, Any]) -> None:
    """An organiser's explicit resend: a new mail each time it is asked for."""
    from events.services.registration import waitlist_position

    await mail_status(
        registration,
        event_row,
        position=await waitlist_position(registration),
        dedupe_key=f"registration:{registration['id']}:resend:{secrets.token_hex(6)}",
    )


async def mail_link_again(registration: dict[str, Any], event_row: dict[str, Any]) -> None:
    """Someone registered again with this address: send the personal link again.

    At most once per ten minutes per registration, so the form cannot be used to
    flood someone's inbox.
    """
    bucket = int(dt.datetime.now(dt.UTC).timestamp()) // (LINK_AGAIN_MINUTES * 60)
    context, _event = await _context(registration, event_row)
    await send_mail(
        to=registration["email"],
        name=registration["name"],
        template="registration_link",
        dedupe_key=f"registration:{registration['id']}:link:{bucket}",
        language=registration["language"],
        context=context,
    )
