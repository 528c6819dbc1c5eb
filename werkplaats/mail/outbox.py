"""The mail outbox.

`send_mail` renders a message in the recipient's language and writes it as a row;
the row is enqueued once the surrounding transaction commits. `deliver_outgoing`
(run by the worker) claims the row atomically, so two workers or a retried message
never send it twice; `message_id` is fixed when the row is written, so even a
resend after a crash between sending and marking is recognisable downstream.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from jinja2 import TemplateNotFound

from werkplaats import i18n
from werkplaats.db import on_commit
from werkplaats.enums import MailState
from werkplaats.mail.backends import backend_for
from werkplaats.render import environment, render, render_block
from werkplaats.settings import get_settings
from werkplaats.tables import OutgoingMail

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
STUCK_SENDING_SECONDS = 900


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


def _render_parts(template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    subject = render_block(f"mail/{template}.txt", "subject", **context)
    body_text = render(f"mail/{template}.txt", **context).strip() + "\n"
    try:
        environment().get_template(f"mail/{template}.html")
    except TemplateNotFound:
        return subject, body_text, ""
    return subject, body_text, render(f"mail/{template}.html", subject=subject, **context)


async def send_mail(
    *,
    to: str,
    template: str,
    dedupe_key: str,
    name: str = "",
    language: str = i18n.DEFAULT_LANGUAGE,
    context: dict[str, Any] | None = None,
    attachments: Sequence[Attachment] = (),
) -> int | None:
    """Queue one templated mail; returns its row id, or None if `dedupe_key` was used.

    `dedupe_key` names this mail to this person (e.g. `confirmation:<registration>`):
    asking twice sends once. Call inside `atomic()` to tie the mail to the change
    that causes it; the message is enqueued only after that commits.
    """
    language = i18n.normalise_language(language)
    with i18n.language(language):
        subject, body_text, body_html = _render_parts(
            template, {"name": name, "language": language, **(context or {})}
        )
    row = {
        OutgoingMail.dedupe_key: dedupe_key,
        OutgoingMail.message_id: make_msgid(domain=get_settings().host),
        OutgoingMail.to_address: to,
        OutgoingMail.to_name: name,
        OutgoingMail.subject: subject,
        OutgoingMail.body_text: body_text,
        OutgoingMail.body_html: body_html,
        OutgoingMail.attachments: [a.to_json() for a in attachments],
        OutgoingMail.template: template,
        OutgoingMail.language: language,
        OutgoingMail.enqueued_at: dt.datetime.now(dt.UTC),
    }
    inserted = (
        await OutgoingMail.insert(OutgoingMail(_data=row))
        .on_conflict(target=OutgoingMail.dedupe_key, action="DO NOTHING")
        .returning(OutgoingMail.id)
    )
    if not inserted:
        return None
    mail_id = inserted[0]["id"]
    on_commit(lambda: _enqueue(mail_id))
    return mail_id


def _enqueue(mail_id: int) -> None:
    from werkplaats.mail.tasks import deliver_mail

    deliver_mail.send(mail_id)


def build_message(row: dict[str, Any]) -> EmailMessage:
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


async def _claim(mail_id: int) -> dict[str, Any] | None:
    """Move one queued row to `sending`; only one caller can win."""
    rows = await OutgoingMail.raw(
        "UPDATE outgoing_mail SET state = {}, attempts = attempts + 1, enqueued_at = {} "
        "WHERE id = {} AND state = {} RETURNING id",
        MailState.SENDING.value,
        dt.datetime.now(dt.UTC),
        mail_id,
        MailState.QUEUED.value,
    )
    if not rows:
        return None
    return (
        await OutgoingMail.select().where(OutgoingMail.id == mail_id).output(load_json=True).first()
    )


async def deliver_outgoing(mail_id: int) -> MailState | None:
    """Send one outbox row. Safe to run twice: a row no longer queued is left alone.

    A failure puts the row back to `queued` and re-raises so the queue retries;
    after MAX_ATTEMPTS the row is `failed` and the back office shows the error.
    """
    row = await _claim(mail_id)
    if row is None:
        return None
    try:
        message = build_message(row)
        await backend_for(get_settings()).deliver(message, name=_file_name(row))
    except Exception as exc:
        state = MailState.FAILED if row["attempts"] >= MAX_ATTEMPTS else MailState.QUEUED
        await OutgoingMail.update(
            {OutgoingMail.state: state, OutgoingMail.last_error: f"{type(exc).__name__}: {exc}"}
        ).where(OutgoingMail.id == mail_id)
        if state is MailState.FAILED:
            log.error("mail %s failed for good: %s", mail_id, exc)
            return state
        raise
    await OutgoingMail.update(
        {
            OutgoingMail.state: MailState.SENT,
            OutgoingMail.sent_at: dt.datetime.now(dt.UTC),
            OutgoingMail.last_error: "",
        }
    ).where(OutgoingMail.id == mail_id)
    return MailState.SENT


def _file_name(row: dict[str, Any]) -> str:
    created = row["created_at"] or dt.datetime.now(dt.UTC)
    # The Message-ID part keeps names unique even when ids restart (a new database).
    unique = uuid.uuid5(uuid.NAMESPACE_OID, row["message_id"]).hex[:8]
    return f"{created:%Y%m%d-%H%M%S}-{row['id']:08d}-{unique}"


async def sweep_outbox(min_age: float) -> int:
    """Re-enqueue rows left queued (a lost message) or stuck in `sending` (a crash)."""
    now = dt.datetime.now(dt.UTC)
    await OutgoingMail.update({OutgoingMail.state: MailState.QUEUED}).where(
        (OutgoingMail.state == MailState.SENDING)
        & (OutgoingMail.enqueued_at < now - dt.timedelta(seconds=STUCK_SENDING_SECONDS))
    )
    stale = await OutgoingMail.select(OutgoingMail.id).where(
        (OutgoingMail.state == MailState.QUEUED)
        & (OutgoingMail.enqueued_at <= now - dt.timedelta(seconds=min_age))
    )
    ids = [row["id"] for row in stale]
    if ids:
        await OutgoingMail.update({OutgoingMail.enqueued_at: now}).where(OutgoingMail.id.is_in(ids))
        for mail_id in ids:
            _enqueue(mail_id)
    return len(ids)


async def outbox_counts() -> dict[str, int]:
    rows = await OutgoingMail.raw("SELECT state, COUNT(*) AS n FROM outgoing_mail GROUP BY state")
    return {row["state"]: row["n"] for row in rows}
