"""Actors of the outbox: thin wrappers that take ids and call the service."""

from __future__ import annotations

from werkplaats.mail.batches import deliver_batch
from werkplaats.mail.outbox import deliver_outgoing, sweep_outbox
from werkplaats.queue import actor, register_sweeper


@actor
async def deliver_mail(mail_id: int) -> None:
    await deliver_outgoing(mail_id)


@actor
async def deliver_mails(mail_ids: list[int]) -> None:
    await deliver_batch(mail_ids, deliver_outgoing)


register_sweeper(sweep_outbox)
