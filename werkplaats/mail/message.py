"""What a mail is made of: its parts rendered from templates, and the MIME message."""

from __future__ import annotations

import base64
import datetime as dt
import email
from dataclasses import dataclass
from email import encoders, policy
from email.charset import QP, Charset
from email.header import Header
from email.message import EmailMessage, Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr
from typing import Any

from jinja2 import TemplateNotFound

from werkplaats import i18n
from werkplaats.render import environment, render, render_block
from werkplaats.settings import get_settings

# Text parts in quoted-printable: 7-bit safe for every relay, and still legible.
UTF8 = Charset("utf-8")
UTF8.body_encoding = QP


class UnsafeHeader(ValueError):
    """A header value with a line break or control character: it could start a
    header of its own (header injection), so the mail is not built."""


def checked_header(value: str) -> str:
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise UnsafeHeader(f"control character in a header value: {value!r}")
    return value


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


def build_message(row: dict[str, Any]) -> Message:
    """The MIME message of an outbox row (its stored parts, headers and attachments).

    Text, and HTML as its alternative; inline images beside the HTML in a related
    part; other attachments after, in a mixed one. Built with the classic `email.mime`
    classes (policy compat32): the same structure and headers as `EmailMessage`'s
    `set_content`/`add_alternative`, in a quarter of the time, which the worker pays
    for every mail. Read it back with `parse` (or any MIME parser).
    """
    settings = get_settings()
    attachments = [Attachment.from_json(a) for a in row["attachments"] or []]
    inline = [a for a in attachments if a.cid] if row["body_html"] else []
    downloads = [a for a in attachments if a not in inline]
    body: Message = _text(row["body_text"], "plain")
    if row["body_html"]:
        html: Message = _text(row["body_html"], "html")
        if inline:
            html = _multipart("related", [html, *(_part(a, inline=True) for a in inline)])
        body = _multipart("alternative", [body, html])
    message = _multipart("mixed", [body, *map(_part, downloads)]) if downloads else body
    message["From"] = settings.mail_from
    to_name, to_address = checked_header(row["to_name"] or ""), checked_header(row["to_address"])
    message["To"] = formataddr((to_name, to_address), charset="utf-8")
    message["Subject"] = _header(checked_header(row["subject"]))  # type: ignore[assignment]
    message["Message-ID"] = row["message_id"]
    message["Date"] = format_datetime(row["created_at"] or dt.datetime.now(dt.UTC))
    message["MIME-Version"] = "1.0"
    message["Content-Language"] = row["language"]
    for name, value in (row.get("headers") or {}).items():
        message[checked_header(name)] = checked_header(value)
    return _with_headers_first(message)


def parse(data: bytes) -> EmailMessage:
    """A message as a receiver reads it (policy default: `get_body`, `get_content`),
    its CRLF line ends (on the wire, in the `.eml` files) read as the text's own."""
    data = data.replace(b"\r\n", b"\n")
    return email.message_from_bytes(data, policy=policy.default)  # type: ignore[return-value]


class _OneLine:
    """An ASCII header value kept on one line: compat32 folds every header at 78
    characters, so a subject of 75 went onto a second line; RFC 5322 allows 998. A
    non-ASCII value stays a `Header`, whose encoded words must be split at 75."""

    def __init__(self, text: str) -> None:
        self.text = text

    def encode(self, linesep: str = "\n", maxlinelen: int | None = None) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


def _header(text: str) -> _OneLine | Header:
    """The Subject header."""
    if text.isascii() and len(text) < 990:
        return _OneLine(text)
    return Header(text, "utf-8", header_name="Subject")


def _text(text: str, subtype: str) -> Message:
    return _bare(MIMEText(text, subtype, UTF8))


def _bare(part: Message) -> Message:
    del part["MIME-Version"]  # once, on the message itself
    return part


def _multipart(subtype: str, parts: list[Message]) -> Message:
    container = _bare(MIMEMultipart(subtype))
    for part in parts:
        container.attach(part)
    return container


def _part(item: Attachment, *, inline: bool = False) -> Message:
    maintype, subtype = item.content_type.split("/", 1)
    part = _bare(MIMEBase(maintype, subtype))
    part.set_payload(item.data)
    encoders.encode_base64(part)
    if inline:
        part["Content-ID"] = f"<{item.cid}>"
    part.add_header(
        "Content-Disposition", "inline" if inline else "attachment", filename=item.filename
    )
    return part


def _with_headers_first(message: Message) -> Message:
    """The envelope headers before Content-Type, as mail programs write them."""
    content = [(name, message[name]) for name in ("Content-Type", "Content-Transfer-Encoding")]
    for name, value in content:
        if value is not None:
            del message[name]
            message[name] = value
    return message
