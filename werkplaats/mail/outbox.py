"""The mail outbox.

A mail is a row before it is anything else, written in the transaction of the
change it tells about and enqueued once that commits. Two ways to write one:

- `queue_mail` writes only who, which template and a few ids; the worker renders it
  (its builder reads the ids) just before sending. This keeps templates, QR codes
  and calendar files out of the caller's transaction, and its locks.
- `send_mail` renders at once, for callers that have everything at hand.

`deliver_outgoing` (run by the worker) claims the row atomically with an owner and
a short lease (`werkplaats.leases`), so two workers or a retried message never send
it twice and a late outcome never overwrites a row taken back; `message_id` is fixed when the row is
written, so even a resend after a crash between sending and marking is
recognisable downstream. What was rendered is stored in the row before it is sent.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import make_msgid
from typing import Any

from werkplaats import i18n, queue
from werkplaats.db import on_commit
from werkplaats.enums import MailState
from werkplaats.leases import Lease
from werkplaats.mail.backends import backend_for, is_permanent
from werkplaats.mail.batches import enqueue_once_committed
from werkplaats.mail.message import Attachment, RenderedMail, build_message, render_mail
from werkplaats.settings import get_settings
from werkplaats.tables import OutgoingMail

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
DELIVER_ACTOR = "deliver_mail"  # declared in werkplaats.mail.tasks


@dataclass(frozen=True)
class MailContent:
    """What a builder hands the worker: the template's context and the attachments."""

    context: dict[str, Any]
    attachments: Sequence[Attachment] = ()
    template: str = ""  # set: the template to render, chosen when the mail is built
    headers: Mapping[str, str] = field(default_factory=dict)  # e.g. List-Unsubscribe
    rendered: RenderedMail | None = None  # set: the parts as they go, rendered already


class MailNotWanted(Exception):
    """Raised by a builder: what the mail was about is gone; it is not sent."""


MailBuilder = Callable[[dict[str, Any]], Awaitable[MailContent]]
_builders: dict[str, MailBuilder] = {}


def mail_builder(name: str) -> Callable[[MailBuilder], MailBuilder]:
    """Register `builder(params) -> MailContent` for mails queued with `builder=name`.

    The apps register their builders in a module the worker imports (their tasks
    module); the shell knows none of them.
    """

    def register(builder: MailBuilder) -> MailBuilder:
        _builders[name] = builder
        return builder

    return register


# Every column written out: a registration rush queues one row each, and Piccolo's
# query building cost more than the statement.
_COLUMNS = (
    "dedupe_key",
    "message_id",
    "to_address",
    "to_name",
    "subject",
    "body_text",
    "body_html",
    "attachments",
    "headers",
    "template",
    "builder",
    "params",
    "language",
    "state",
    "attempts",
    "last_error",
    "created_at",
    "enqueued_at",
)
_INSERT = (
    f"INSERT INTO outgoing_mail ({', '.join(_COLUMNS)}) "
    f"VALUES ({', '.join('{}' for _ in _COLUMNS)}) "
    "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id"
)


async def _insert(row: dict[str, Any]) -> int | None:
    now = dt.datetime.now(dt.UTC)
    values = {
        "body_html": "",
        "attachments": [],
        "headers": {},
        "builder": "",
        "params": {},
        **row,
        "message_id": make_msgid(domain=get_settings().host),
        "state": MailState.QUEUED.value,
        "attempts": 0,
        "last_error": "",
        "created_at": now,
        "enqueued_at": now,
    }
    values["attachments"] = json.dumps(values["attachments"])
    values["headers"] = json.dumps(values["headers"])
    values["params"] = json.dumps(values["params"])
    inserted = await OutgoingMail.raw(_INSERT, *(values[name] for name in _COLUMNS))
    if not inserted:
        return None
    mail_id = inserted[0]["id"]
    enqueue_once_committed(mail_id, _enqueue)
    return mail_id


async def queue_mail(
    *,
    to: str,
    template: str,
    dedupe_key: str,
    builder: str,
    params: dict[str, Any],
    name: str = "",
    language: str = i18n.DEFAULT_LANGUAGE,
) -> int | None:
    """Queue one templated mail that the worker renders; None if `dedupe_key` was used.

    `builder` names a registered builder, `params` (JSON: ids, a status) is what it
    gets. `dedupe_key` names this mail to this person: asking twice sends once. Call
    inside `atomic()`: the row commits with the change it tells about, or not at all.
    """
    if builder not in _builders:
        raise ValueError(f"no mail builder {builder!r}")
    return await _insert(
        {
            "dedupe_key": dedupe_key,
            "to_address": to,
            "to_name": name,
            "subject": "",
            "body_text": "",
            "template": template,
            "language": i18n.normalise_language(language),
            "builder": builder,
            "params": params,
        }
    )


async def send_mail(
    *,
    to: str,
    template: str,
    dedupe_key: str,
    name: str = "",
    language: str = i18n.DEFAULT_LANGUAGE,
    context: dict[str, Any] | None = None,
    attachments: Sequence[Attachment] = (),
    headers: Mapping[str, str] | None = None,
) -> int | None:
    """Render one templated mail now and queue it; None if `dedupe_key` was used.

    `dedupe_key` names this mail to this person (e.g. `confirmation:<registration>`):
    asking twice sends once. Call inside `atomic()` to tie the mail to the change
    that causes it; the message is enqueued only after that commits.
    """
    language = i18n.normalise_language(language)
    parts = render_mail(template, name=name, language=language, context=context or {})
    return await _insert(
        {
            "dedupe_key": dedupe_key,
            "to_address": to,
            "to_name": name,
            "subject": parts.subject,
            "body_text": parts.body_text,
            "body_html": parts.body_html,
            "attachments": [a.to_json() for a in attachments],
            "headers": dict(headers or {}),
            "template": template,
            "language": language,
        }
    )


def _enqueue(mail_id: int) -> None:
    queue.send(DELIVER_ACTOR, mail_id)


async def prepared(row: dict[str, Any]) -> dict[str, Any]:
    """The row as it is sent: a mail queued with a builder is rendered first, from
    what its ids name now. `deliver_outgoing` stores what it rendered with the outcome
    (the back office shows it; a retry after a failure sends the same)."""
    if not row["builder"] or row["body_text"]:
        return row
    content = await _builders[row["builder"]](row["params"] or {})
    template = content.template or row["template"]
    parts = content.rendered or render_mail(
        template, name=row["to_name"], language=row["language"], context=content.context
    )
    return row | {
        "template": template,
        "subject": parts.subject[:300],
        "body_text": parts.body_text,
        "body_html": parts.body_html,
        "attachments": [a.to_json() for a in content.attachments],
        "headers": dict(content.headers),
    }


def _rendered(row: dict[str, Any], before: dict[str, Any]) -> dict[Any, Any]:
    """The rendered parts to store, if `prepared` made them just now."""
    if before["body_text"] or not row["body_text"]:
        return {}
    return {
        OutgoingMail.template: row["template"],
        OutgoingMail.subject: row["subject"],
        OutgoingMail.body_text: row["body_text"],
        OutgoingMail.body_html: row["body_html"],
        OutgoingMail.attachments: row["attachments"],
        OutgoingMail.headers: row["headers"],
    }


CLAIMS = Lease(
    OutgoingMail, MailState.QUEUED.value, MailState.SENDING.value, OutgoingMail.enqueued_at
)


async def _claim(mail_id: int) -> tuple[str, dict[str, Any]] | None:
    """Move one queued row to `sending`; only one caller can win. Its claim token
    and the row."""
    claimed = await CLAIMS.claim_row(
        mail_id, ", attempts = attempts + 1, enqueued_at = {}", dt.datetime.now(dt.UTC)
    )
    if claimed is None:
        return None
    token, row = claimed
    for name in ("attachments", "headers", "params"):
        if isinstance(row[name], str):
            row[name] = json.loads(row[name])
    return token, row


async def deliver_outgoing(mail_id: int) -> MailState | None:
    """Send one outbox row. Safe to run twice: a row no longer queued is left alone.

    A failure puts the row back to `queued` and re-raises so the queue retries with
    backoff; a refusal for good (SMTP 5xx, an unsafe header) or MAX_ATTEMPTS makes
    the row `failed` at once, and the back office shows the error. Every outcome is
    written only while the claim is still this call's (`werkplaats.leases`).
    """
    claim = await _claim(mail_id)
    if claim is None:
        return None
    token, claimed = claim
    row = claimed
    try:
        async with CLAIMS.held(mail_id, token):
            row = await prepared(claimed)
            message = build_message(row)
            await backend_for(get_settings()).deliver(message, name=_file_name(row))
    except MailNotWanted as exc:
        values = {OutgoingMail.state: MailState.SUPPRESSED, OutgoingMail.last_error: str(exc)}
        finished = await CLAIMS.finish(mail_id, token, _released(values))
        return MailState.SUPPRESSED if finished else None
    except Exception as exc:
        final = is_permanent(exc) or row["attempts"] >= MAX_ATTEMPTS
        state = MailState.FAILED if final else MailState.QUEUED
        values = {
            OutgoingMail.state: state,
            OutgoingMail.last_error: f"{type(exc).__name__}: {exc}",
        } | _rendered(row, claimed)
        if not await CLAIMS.finish(mail_id, token, _released(values)):
            return None  # taken back or erased meanwhile: not ours to retry
        if state is MailState.FAILED:
            log.error("mail %s failed for good: %s", mail_id, exc)
            return state
        raise
    values = {
        OutgoingMail.state: MailState.SENT,
        OutgoingMail.sent_at: dt.datetime.now(dt.UTC),
        OutgoingMail.last_error: "",
    } | _rendered(row, claimed)
    # Not finished: the row was taken back (this send outlived its lease) or erased.
    # The SMTP server has the mail: a database away now is waited for, not a resend.
    finished = await CLAIMS.finish(mail_id, token, _released(values), through_outage=True)
    return MailState.SENT if finished else None


def _released(values: dict[Any, Any]) -> dict[Any, Any]:
    return values | {OutgoingMail.claimed_by: "", OutgoingMail.lease_until: None}


def _file_name(row: dict[str, Any]) -> str:
    created = row["created_at"] or dt.datetime.now(dt.UTC)
    # The Message-ID part keeps names unique even when ids restart (a new database).
    unique = uuid.uuid5(uuid.NAMESPACE_OID, row["message_id"]).hex[:8]
    return f"{created:%Y%m%d-%H%M%S}-{row['id']:08d}-{unique}"


async def sweep_outbox(min_age: float) -> int:
    """Re-enqueue rows whose claim ended (a crash: at once if the process of this
    machine is gone, else when the lease runs out) or left queued (a lost message)."""
    return await CLAIMS.sweep(min_age, _enqueue)


async def requeue_failed(mail_ids: Sequence[int]) -> int:
    """Give failed rows another round of attempts (an organiser's retry); how many.

    They keep what was rendered and their Message-ID; a row not failed is left alone.
    """
    if not mail_ids:
        return 0
    rows = (
        await OutgoingMail.update(
            {
                OutgoingMail.state: MailState.QUEUED,
                OutgoingMail.attempts: 0,
                OutgoingMail.enqueued_at: dt.datetime.now(dt.UTC),
            }
        )
        .where(OutgoingMail.id.is_in(list(mail_ids)) & (OutgoingMail.state == MailState.FAILED))
        .returning(OutgoingMail.id)
    )
    for row in rows:
        on_commit(lambda mail_id=row["id"]: _enqueue(mail_id))
    return len(rows)


async def outbox_counts() -> dict[str, int]:
    rows = await OutgoingMail.raw("SELECT state, COUNT(*) AS n FROM outgoing_mail GROUP BY state")
    return {row["state"]: row["n"] for row in rows}
