"""Background work of the congress app: its mail builders and the reminder sweep.
Importing this module makes every worker know them."""

from __future__ import annotations

from congress.services.abstract_mail import decision_mail, received_mail, reminder_mail
from congress.services.decisions import remind_unconfirmed
from werkplaats.queue import register_sweeper

MAIL_BUILDERS = (received_mail, decision_mail, reminder_mail)

# Every pass of the worker's sweeper (half a minute) reminds speakers who are due.
register_sweeper(remind_unconfirmed)
