"""What a mail is made of: its parts rendered from templates, and the MIME message."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

from jinja2 import TemplateNotFound

from werkplaats import i18n
from werkplaats.render import environment, render, render_block
from werkplaats.settings import get_settings


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes
    cid: str | None = None  # set: shown inline in the HTML part as <img src="cid:…">

    def to_json(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "content_type": self.content_type,
            "data_b64": base64.b64encode(self.data).decode("ascii"),
            "cid": self.cid,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Attachment:
        return cls(
            filename=data["filename"],
            content_type=data["content_type"],
            data=base64.b64decode(data["data_b64"]),
            cid=data.get("cid"),
        )


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    body_text: str
    body_html: str


def render_mail(
    template: str, *, name: str, language: str, context: dict[str, Any]
) -> RenderedMail:
    """Subject, text and (if the template has one) HTML, in `language`."""
    with i18n.language(language):
        context = {"name": name, "language": language, **context}
        subject = render_block(f"mail/{template}.txt", "subject", **context)
        body_text = render(f"mail/{template}.txt", **context).strip() + "\n"
        try:
            environment().get_template(f"mail/{template}.html")
        except TemplateNotFound:
            return RenderedMail(subject, body_text, "")
        return RenderedMail(
            subject, body_text, render(f"mail/{template}.html", subject=subject, **context)
        )


def build_message(row: dict[str, Any]) -> EmailMessage:
    """The MIME message of an outbox row (its stored parts, headers and attachments)."""
    settings = get_settings()
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = Address(display_name=row["to_name"] or "", addr_spec=row["to_address"])
    message["Subject"] = row["subject"]
    message["Message-ID"] = row["message_id"]
    message["Date"] = format_datetime(row["created_at"] or dt.datetime.now(dt.UTC))
    message.set_content(row["body_text"])
    attachments = [Attachment.from_json(a) for a in row["attachments"] or []]
    if row["body_html"]:
        message.add_alternative(row["body_html"], subtype="html")
        html_part = message.get_payload()[-1]
        for item in attachments:
            if item.cid:
                maintype, subtype = item.content_type.split("/", 1)
                html_part.add_related(
                    item.data,
                    maintype,
                    subtype,
                    cid=f"<{item.cid}>",
                    filename=item.filename,
                    disposition="inline",
                )
    for item in attachments:
        if item.cid and row["body_html"]:
            continue
        maintype, subtype = item.content_type.split("/", 1)
        message.add_attachment(item.data, maintype, subtype, filename=item.filename)
    message["Content-Language"] = row["language"]  # after set_content, which clears Content-*
    return message
