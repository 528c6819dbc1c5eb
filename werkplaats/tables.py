"""The shell's own tables: accounts, API tokens, key-value storage, the mail outbox, jobs."""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    Boolean,
    Bytea,
    ForeignKey,
    Integer,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from werkplaats.enums import JobState, MailState, Role


class User(Table, tablename="account"):
    email = Varchar(length=254, unique=True, index=True, help_text="Lower-cased login name")
    name = Varchar(length=200, default="")
    password_hash = Varchar(length=200, default="", help_text="argon2id; empty = no login")
    role = Varchar(length=20, choices=Role, default=Role.ORGANISER)
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())
    last_login_at = Timestamptz(null=True, default=None)
    # Sessions begun before this moment are over (the account was disabled).
    sessions_since = Timestamptz(null=True, default=None)
    # The second factor: a TOTP secret (RFC 6238), used once it is confirmed; the last
    # time step accepted, so a code cannot be used twice.
    totp_secret = Varchar(length=64, default="", secret=True)
    totp_enabled_at = Timestamptz(null=True, default=None)
    totp_last_step = Integer(default=0)


class RecoveryCode(Table):
    """A one-time code for when the phone with the authenticator app is lost; only
    its SHA-256 is kept, the codes are shown once when the second factor is set up."""

    user = ForeignKey(references=User, null=False)
    code_hash = Varchar(length=64, index=True)
    used_at = Timestamptz(null=True, default=None)


class ApiToken(Table):
    """A bearer token; only its SHA-256 is stored, the token itself is shown once."""

    user = ForeignKey(references=User, null=False)
    token_hash = Varchar(length=64, unique=True, index=True)
    label = Varchar(length=100, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    last_used_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)


class StoredValue(Table):
    """Server-side sessions and rate-limit counters, shared by every process."""

    key = Varchar(length=200, unique=True, index=True)
    value = Bytea(default=b"")
    counter = Integer(default=0)
    expires_at = Timestamptz(null=True, default=None, index=True)


class OutgoingMail(Table):
    """One rendered message in the outbox.

    The row is written in the same transaction as whatever caused the mail and is
    enqueued after that commits. `dedupe_key` makes a second request for the same
    mail to the same person a no-op; `message_id` stays the same over retries.
    """

    dedupe_key = Varchar(length=200, unique=True, index=True)
    message_id = Varchar(length=200)
    to_address = Varchar(length=254)
    to_name = Varchar(length=200, default="")
    subject = Varchar(length=300)
    body_text = Text()
    body_html = Text(default="")
    attachments = JSON(default=[], help_text="[{filename, content_type, data_b64, cid?}]")
    headers = JSON(default={}, help_text="Extra headers: List-Unsubscribe, Auto-Submitted")
    template = Varchar(length=100, default="")
    builder = Varchar(length=50, default="", help_text="Set: the worker renders it first")
    params = JSON(default={}, help_text="What the builder reads: ids, a status")
    language = Varchar(length=5, default="nl")
    state = Varchar(length=10, choices=MailState, default=MailState.QUEUED, index=True)
    attempts = Integer(default=0)
    last_error = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    enqueued_at = Timestamptz(null=True, default=None)
    sent_at = Timestamptz(null=True, default=None)
    claimed_by = Varchar(length=120, default="", help_text="Claim token: process and claim")
    lease_until = Timestamptz(null=True, default=None, help_text="The claim holds until then")


class Job(Table):
    """A long piece of work (a badge batch, a mass mailing) with visible progress.

    The row is written before the queue hears of it, so a restart loses no job; the
    worker claims it (queued → running) and reports `progress` of `total` as it goes.
    """

    kind = Varchar(length=50)
    scope = Varchar(length=100, default="", index=True, help_text="What it is for, e.g. event:12")
    state = Varchar(length=10, choices=JobState, default=JobState.QUEUED, index=True)
    params = JSON(default={})
    progress = Integer(default=0)
    total = Integer(default=0)
    result_path = Varchar(length=500, default="", help_text="The file made, under DATA_DIR")
    result = JSON(default={}, help_text="What the job reports when done, e.g. counts")
    error = Text(default="")
    created_by = ForeignKey(references=User, null=True)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    claimed_by = Varchar(length=120, default="", help_text="Claim token: process and claim")
    lease_until = Timestamptz(null=True, default=None, help_text="The claim holds until then")


class AuditEntry(Table):
    """What an organiser, admin or door volunteer did, as it was done: kept apart from
    the rows it changed, so it outlives them (until AUDIT_RETENTION_DAYS)."""

    at = Timestamptz(default=TimestamptzNow(), index=True)
    actor_id = Integer(null=True, default=None, help_text="account id; none for a link or job")
    actor = Varchar(length=254, default="", help_text="e-mail, 'volunteer link …' or 'system'")
    address = Varchar(length=45, default="", help_text="client address")
    action = Varchar(length=60, index=True)
    subject = Varchar(length=200, default="", help_text="e.g. event:slug, registration:17")
    detail = Text(default="")
