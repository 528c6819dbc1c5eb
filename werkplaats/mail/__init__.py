"""Templated mail through the outbox: `send_mail` is the one way to send a message."""

from werkplaats.mail.outbox import Attachment, send_mail

__all__ = ["Attachment", "send_mail"]
