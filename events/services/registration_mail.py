"""The mails that tell registrants where they stand.

Each status mail is named by the registration, its version and its status, so a
retry never sends it twice; a confirmation carries the QR code inline and the
event as an `.ics` file.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from typing import Any

from events.enums import RegistrationStatus
from events.ical import event_ics
from events.services.listing import EventView, get_event
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


# The event as mails show it, by (id, updated_at): a change of the event itself
# moves updated_at; a changed venue shows within a minute. Keeps three queries and
# the .ics out of each registration's seat lock.
_EVENTS: dict[tuple[int, Any], tuple[float, EventView, bytes]] = {}
_EVENTS_KEPT = 64
_EVENT_SECONDS = 60.0


async def _event_and_ics(event_row: dict[str, Any]) -> tuple[EventView, bytes]:
    key = (event_row["id"], event_row["updated_at"])
    found = _EVENTS.get(key)
    if found is None or time.monotonic() - found[0] > _EVENT_SECONDS:
        event = await get_event(event_row["slug"], include_drafts=True)
        assert event is not None
        found = (time.monotonic(), event, event_ics(event, base_url=get_settings().base_url))
        if len(_EVENTS) >= _EVENTS_KEPT:
            _EVENTS.pop(next(iter(_EVENTS)))
        _EVENTS[key] = found
    return found[1], found[2]


async def _context(registration: dict[str, Any], event_row: dict[str, Any]) -> tuple[dict, Any]:
    event, _ics = await _event_and_ics(event_row)
    context = {
        "event": event,
        "registration": registration,
        "personal_url": personal_url(registration),
        "event_url": f"{get_settings().base_url}/events/{event_row['slug']}",
    }
    return context, event


async def _confirmation_attachments(
    registration: dict[str, Any], event_row: dict[str, Any]
) -> list[Attachment]:
    event, ics = await _event_and_ics(event_row)
    return [
        Attachment(
            "ticket-qr.png", "image/png", qr_png(registration["ticket_code"]), cid="ticket-qr"
        ),
        Attachment(f"{event.slug}.ics", "text/calendar", ics),
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
    context, _event = await _context(registration, event_row)
    attachments = (
        await _confirmation_attachments(registration, event_row)
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
