"""What the mailings app registers at start-up: its outbox builders, its listeners on
`events.hooks` (publications on the event page, notices when an event moves or is
cancelled), and the sweeper that sends scheduled mailings when their time comes."""

from __future__ import annotations

from mailings import listeners, mail, notices
from mailings.services.sending import send_due_mailings
from werkplaats.queue import register_sweeper

register_sweeper(send_due_mailings)

__all__ = ["listeners", "mail", "notices"]
