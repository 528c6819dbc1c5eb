"""Templated mail through the outbox: `send_mail` and `queue_mail` are the ways to send."""

from werkplaats.mail.message import Attachment
from werkplaats.mail.outbox import MailContent, MailNotWanted, mail_builder, queue_mail, send_mail

__all__ = ["Attachment", "MailContent", "MailNotWanted", "mail_builder", "queue_mail", "send_mail"]
