"""What the mailings app registers at start-up: its outbox builders, its listeners on
`events.hooks` (publications on the event page, notices when an event moves or is
cancelled, a person's data in their download and erasure), and the sweepers that
send scheduled mailings, the reminders before an event and the follow-up after it
when their time comes."""

from __future__ import annotations

from mailings import listeners, mail, notices, privacy_listeners
from mailings.followup import follow_up_when_due
from mailings.notices import remind_when_due
from mailings.services.sending import send_due_mailings
from werkplaats.queue import register_sweeper

register_sweeper(send_due_mailings)
register_sweeper(remind_when_due)
register_sweeper(follow_up_when_due)

__all__ = ["listeners", "mail", "notices", "privacy_listeners"]
