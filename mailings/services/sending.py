"""Sending a mailing: one delivery and one outbox row per recipient, in one transaction.

`send_mailing` takes the mailing's lock, checks it is not sent yet, resolves the
audience and writes every delivery with its outbox row before the mailing is
marked sent; the outbox enqueues them once that commits. A second call (a double
click, a second worker, the scheduler racing the button) finds it sent and writes
nothing. The outbox's claim (queued → sending) and stable Message-ID make each
delivery one mail; each row is rendered by the `mailing` builder just before it
is sent, so the transaction that sends 5,000 holds no templates.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from events.services.catalogue.listing import get_event
from events.views import EventView
from mailings import placeholders
from mailings.enums import MailingState
from mailings.letters import TEMPLATE, mail_context, render_letter
from mailings.services.audience import Recipient, event_audience, newsletter_audience
from mailings.services.evaluations import evaluation_links_for
from mailings.services.mailings import MailingView, get_mailing
from mailings.services.newsletter import tokens_for
from mailings.services.publications import publications_by_id
from mailings.services.suppression import suppressed_among
from mailings.tables import Mailing, MailingDelivery
from werkplaats.db import atomic, lock
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _
from werkplaats.mail.batches import batched
from werkplaats.mail.message import RenderedMail
from werkplaats.mail.outbox import queue_mail, requeue_failed, send_mail

BUILDER = "mailing"


async def audience_of(mailing: MailingView) -> list[Recipient]:
    if mailing.event_id is not None:
        return await event_audience(mailing.event_id, mailing.who)
    return await newsletter_audience(mailing.theme_id)


async def mailing_event(mailing: MailingView) -> EventView | None:
    if not mailing.event_slug:
        return None
    return await get_event(mailing.event_slug, include_drafts=True)


def dedupe_key(mailing_id: int, address: str) -> str:
    return f"mailing:{mailing_id}:{address}"


async def send_mailing(mailing_id: int) -> int:
    """Write the deliveries of a mailing not sent yet; how many (0: it was sent).

    An address on the suppression list gets a delivery marked suppressed and no mail.
    """
    async with atomic():
        await lock(f"mailing:{mailing_id}")
        mailing = await get_mailing(mailing_id)
        if mailing is None or mailing.state is MailingState.SENT:
            return 0
        recipients = await audience_of(mailing)
        if not recipients:
            raise FieldErrors({"audience": _("Nobody is in this audience yet.")})
        addresses = [r.address for r in recipients]
        blocked = await suppressed_among(addresses)
        if mailing.newsletter:  # each reader's own unsubscribe link, made now if need be
            await tokens_for([a for a in addresses if a not in blocked])
        if mailing.event_id is not None and placeholders.uses(mailing.body, "evaluatie_link"):
            await evaluation_links_for(
                mailing.event_id, [r.registration_id for r in recipients if r.registration_id]
            )
        now = dt.datetime.now(dt.UTC)
        with batched():  # 5,000 rows are a hundred queue messages
            rows = await _queue_deliveries(mailing_id, recipients, blocked, now)
        await MailingDelivery.insert(*rows)
        await Mailing.update(
            {Mailing.state: MailingState.SENT, Mailing.sent_at: now, Mailing.updated_at: now}
        ).where(Mailing.id == mailing_id)
    return len(rows)


async def _queue_deliveries(
    mailing_id: int, recipients: list[Recipient], blocked: set[str], now: dt.datetime
) -> list[MailingDelivery]:
    """A delivery per recipient, with its outbox row unless the address is blocked."""
    rows = []
    for recipient in recipients:
        if recipient.address in blocked:
            rows.append(_delivery(mailing_id, recipient, None, suppressed=True))
            continue
        mail_id = await queue_mail(
            to=recipient.address,
            name=recipient.name,
            language=recipient.language,
            template=TEMPLATE,
            dedupe_key=dedupe_key(mailing_id, recipient.address),
            builder=BUILDER,
            params={
                "mailing": mailing_id,
                "address": recipient.address,
                "sent_at": now.isoformat(),  # names this sending in the builder's cache
            },
        )
        rows.append(_delivery(mailing_id, recipient, mail_id))
    return rows


def _delivery(
    mailing_id: int, recipient: Recipient, mail_id: int | None, *, suppressed: bool = False
) -> MailingDelivery:
    return MailingDelivery(
        suppressed=suppressed,
        mailing=mailing_id,
        to_address=recipient.address,
        to_name=recipient.name,
        language=recipient.language,
        registration=recipient.registration_id,
        outgoing_mail=mail_id,
    )


async def schedule_mailing(mailing_id: int, send_at: dt.datetime) -> None:
    """Send it at `send_at` (the sweeper does); a moment in the past is refused."""
    if send_at <= dt.datetime.now(dt.UTC):
        raise FieldErrors({"send_at": _("Choose a moment in the future.")})
    async with atomic():
        await lock(f"mailing:{mailing_id}")
        changed = (
            await Mailing.update({Mailing.state: MailingState.SCHEDULED, Mailing.send_at: send_at})
            .where((Mailing.id == mailing_id) & (Mailing.state != MailingState.SENT.value))
            .returning(Mailing.id)
        )
    if not changed:
        raise FieldErrors({"send_at": _("This mailing has been sent already.")})


async def unschedule_mailing(mailing_id: int) -> None:
    await Mailing.update({Mailing.state: MailingState.DRAFT, Mailing.send_at: None}).where(
        (Mailing.id == mailing_id) & (Mailing.state == MailingState.SCHEDULED.value)
    )


async def send_due_mailings(min_age: float = 0) -> int:
    """Send every scheduled mailing whose moment has come (a sweeper, every 30 s)."""
    due = await Mailing.select(Mailing.id).where(
        (Mailing.state == MailingState.SCHEDULED.value)
        & (Mailing.send_at <= dt.datetime.now(dt.UTC))
    )
    sent = 0
    for row in due:
        try:
            sent += await send_mailing(row["id"])
        except FieldErrors:  # nobody in the audience: it stays scheduled, visibly
            continue
    return sent


async def retry_failed(mailing_id: int) -> int:
    """Queue the mailing's failed deliveries once more; how many."""
    failed = await MailingDelivery.select(MailingDelivery.outgoing_mail).where(
        (MailingDelivery.mailing == mailing_id)
        & MailingDelivery.outgoing_mail.is_not_null()
        & (MailingDelivery.outgoing_mail.state == "failed")
    )
    return await requeue_failed([row["outgoing_mail"] for row in failed])


async def recipients_for_preview(mailing: MailingView, limit: int = 200) -> Sequence[Recipient]:
    return (await audience_of(mailing))[:limit]


async def preview(
    mailing: MailingView, *, address: str = "", fallback: Recipient
) -> tuple[RenderedMail, Recipient, Sequence[Recipient]]:
    """The mail as `address` (one of the audience; else the first, else `fallback`)
    would get it, with the audience to choose from. Placeholders are checked again:
    an unknown one is refused here, never at send."""
    problem = placeholders.check(mailing.subject + mailing.body, for_event=mailing.for_event)
    if problem:
        raise FieldErrors({"body": problem})
    recipients = await recipients_for_preview(mailing)
    chosen = next((r for r in recipients if r.address == address), None)
    recipient = chosen or (recipients[0] if recipients else fallback)
    event = await mailing_event(mailing)
    publications = await publications_by_id(mailing.publication_ids)
    return render_letter(mailing, recipient, event, publications), recipient, recipients


async def send_test(mailing: MailingView, *, to: str, name: str, address: str = "") -> None:
    """The mail as `address` of the audience gets it, to the organiser's own address,
    with [Test] before its subject."""
    fallback = Recipient(to, name)
    _rendered, recipient, _recipients = await preview(mailing, address=address, fallback=fallback)
    event = await mailing_event(mailing)
    publications = await publications_by_id(mailing.publication_ids)
    await send_mail(
        to=to,
        name=name,
        template=TEMPLATE,
        dedupe_key=f"mailing-test:{mailing.id}:{uuid.uuid4().hex}",
        language=recipient.language,
        context=mail_context(mailing, recipient, event, publications) | {"test": True},
    )
