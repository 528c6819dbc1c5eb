"""Automatic notices about an event to everyone registered, waiting or pending: when
its time or place changes (with the new .ics, its SEQUENCE raised by the catalogue)
and when it is cancelled; and the reminder some days before, to those registered
(`send_due_reminders`, a sweeper).

The listeners run inside the events app's transaction and only write outbox rows;
the `event_notice` builder renders each just before it is sent, with the text the
organiser chose (`automatic_texts`). The events app
itself mails nobody about a cancelled or moved event (only about a registration's
own status), so nobody gets two. A notice of a move that a later move superseded
is not sent: the dedupe key and the builder both name the SEQUENCE.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from events import hooks
from events.enums import EventStatus, RegistrationStatus
from events.services.calendars.versions import event_ics_file
from events.services.catalogue.listing import get_event
from events.tables import Event, Registration
from mailings.automatic import (
    AUTO_SUBMITTED,
    MAX_REMINDER_DAYS,
    QuarterlySweep,
    once_per_event,
    reminder_days,
    switched_on,
)
from mailings.automatic_texts import automatic_text
from mailings.enums import AutomaticMail
from mailings.letters import written
from mailings.services.audience import Recipient
from mailings.services.suppression import suppressed_among
from werkplaats import i18n
from werkplaats.mail.message import Attachment
from werkplaats.mail.outbox import MailContent, MailNotWanted, mail_builder, queue_mail
from werkplaats.settings import get_settings

NOTICE = "event_notice"
TOLD = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED, RegistrationStatus.PENDING)


@hooks.event_changed.register
async def notice_when_moved(change: hooks.EventChange) -> None:
    if change.created or not change.moved:
        return
    event = (
        await Event.select(Event.status, Event.sequence).where(Event.id == change.event_id).first()
    )
    if event is None or event["status"] != EventStatus.PUBLISHED.value:
        return  # a draft has nobody to tell; a cancellation tells its own
    await _queue_notices(change.event_id, AutomaticMail.MOVED, event["sequence"])


@hooks.event_cancelled.register
async def notice_when_cancelled(event_id: int) -> None:
    await _queue_notices(event_id, AutomaticMail.CANCELLED, 0)


async def _queue_notices(
    event_id: int, kind: AutomaticMail, sequence: int, *, told: tuple = TOLD
) -> None:
    """One notice to each of the event's people in `told`; the dedupe key names the
    event's `sequence` (for a reminder: the start it reminds of), so asking twice,
    in two processes, sends once."""
    if not await switched_on(event_id, kind):
        return
    people = await Registration.select(
        Registration.id, Registration.email, Registration.name, Registration.language
    ).where((Registration.event == event_id) & Registration.status.is_in(list(told)))
    blocked = await suppressed_among([p["email"] for p in people])
    for person in people:
        if person["email"] in blocked:
            continue
        await queue_mail(
            to=person["email"],
            name=person["name"],
            language=person["language"],
            template=f"event_{kind.value}",
            dedupe_key=f"event-{kind.value}:{event_id}:{sequence}:{person['id']}",
            builder=NOTICE,
            params={"registration": person["id"], "kind": kind.value, "sequence": sequence},
        )


@mail_builder(NOTICE)
async def build_notice(params: dict[str, Any]) -> MailContent:
    registration = (
        await Registration.select().where(Registration.id == params["registration"]).first()
    )
    if registration is None:
        raise MailNotWanted("the registration is gone")
    head = (
        await Event.select(Event.slug, Event.sequence)
        .where(Event.id == registration["event"])
        .first()
    )
    kind = AutomaticMail(params["kind"])
    if kind is AutomaticMail.MOVED and head["sequence"] != params["sequence"]:
        raise MailNotWanted("moved again since: the later notice tells")
    event = await get_event(head["slug"], include_drafts=True)
    assert event is not None
    recipient = Recipient(
        registration["email"],
        registration["name"],
        registration["language"] or "nl",
        registration["id"],
        registration["token"],
    )
    with i18n.language(recipient.language):
        text = await automatic_text(kind, event.id)
    base = get_settings().base_url
    context: dict[str, Any] = {
        "letter": written(text.subject, text.body, recipient, event),
        "event": event,
        "personal_url": f"{base}/r/{registration['token']}",
        "event_url": f"{base}/events/{event.slug}",
    }
    attachments = [Attachment(f"{event.slug}.ics", "text/calendar", await event_ics_file(event))]
    return MailContent(context=context, attachments=attachments, headers=AUTO_SUBMITTED)


async def _reminder_moment(event: dict[str, Any]) -> dt.datetime:
    return event["starts_at"] - dt.timedelta(days=await reminder_days(event["id"]))


async def _queue_reminders(event: dict[str, Any]) -> None:
    start = int(event["starts_at"].timestamp())
    await _queue_notices(
        event["id"], AutomaticMail.REMINDER, start, told=(RegistrationStatus.REGISTERED,)
    )


async def send_due_reminders() -> int:
    """Queue the reminders of every published event whose reminder moment has come:
    its *current* start minus its days, so a moved event is reminded of its new
    time (the start is in the dedupe key) and never twice of one time."""
    now = dt.datetime.now(dt.UTC)
    soon = await Event.select(Event.id, Event.starts_at).where(
        (Event.status == EventStatus.PUBLISHED.value)
        & (Event.starts_at > now)
        & (Event.starts_at <= now + dt.timedelta(days=MAX_REMINDER_DAYS))
    )
    return await once_per_event("reminders", soon, _reminder_moment, _queue_reminders)


remind_when_due = QuarterlySweep(send_due_reminders)
