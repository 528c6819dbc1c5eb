"""What the mailings app registers at start-up: its outbox builder, its listeners on
`events.hooks`, and the sweeper that sends scheduled mailings when their time comes."""

from __future__ import annotations

from mailings import listeners, mail
from mailings.services.sending import send_due_mailings
from werkplaats.queue import register_sweeper

register_sweeper(send_due_mailings)

__all__ = ["listeners", "mail"]
