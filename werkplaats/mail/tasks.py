"""Actors of the outbox: thin wrappers that take ids and call the service."""

from __future__ import annotations

from werkplaats.mail.outbox import deliver_outgoing, sweep_outbox
from werkplaats.queue import actor, register_sweeper


@actor
async def deliver_mail(mail_id: int) -> None:
    await deliver_outgoing(mail_id)


register_sweeper(sweep_outbox)
