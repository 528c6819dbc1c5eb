"""Background work of the congress app: its mail builders (and, later, actors).
Importing this module makes every worker know them."""

from __future__ import annotations

from congress.services.abstract_mail import received_mail

MAIL_BUILDERS = (received_mail,)
