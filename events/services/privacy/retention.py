"""How long registrations keep personal data (AVG), and the job that removes it.

Each event has a retention period (`Event.retention_months`, 12 by default). The day
after the event, the answers about dietary wishes and accessibility go: they were
only needed for the day itself. When the retention period after the event has
passed, each registration is anonymised: what names or reaches a person goes (name,
e-mail address, job, Registerplein number, answers, the personal link), what the
programme's figures and accreditation need stays (status, type and name of
organisation, check-ins, the certificates that were issued). Mails in the outbox go
when they are older than the longest retention period of any event.

`apply_retention` is idempotent and safe to run twice at once: every write says in
its WHERE what it still has to do. A sweeper nudges the actor at most once an hour
per process.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from events.services.registration.rows import new_ticket_code, new_token
from events.tables import Answer, Consent, Event, Registration
from werkplaats import queue
from werkplaats.db import atomic
from werkplaats.enums import MailState
from werkplaats.i18n import TIMEZONE
from werkplaats.tables import OutgoingMail

DEFAULT_RETENTION_MONTHS = 12
# What anonymising removes, and what stays: shown to organisers and on /privacy.
REMOVED_FIELDS = ("name", "email", "job_role", "registerplein_number", "answers", "token")
KEPT_FIELDS = ("status", "organisation", "organisation_type", "checkins", "certificates")
NUDGE_SECONDS = 3600.0


def sensitive_answers_go_at(ends_at: dt.datetime) -> dt.datetime:
    """Midnight (Europe/Amsterdam) at the start of the day after the event."""
    day_after = ends_at.astimezone(TIMEZONE).date() + dt.timedelta(days=1)
    return dt.datetime.combine(day_after, dt.time(0), tzinfo=TIMEZONE)


def anonymised_at(ends_at: dt.datetime, months: int) -> dt.datetime:
    """`months` calendar months after the event's end (the last day of a shorter
    month where the day does not exist)."""
    local = ends_at.astimezone(TIMEZONE)
    month_index = local.month - 1 + months
    year, month = local.year + month_index // 12, month_index % 12 + 1
    day = local.day
    while True:  # 31 January + 1 month: 28 (or 29) February
        try:
            return local.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1


@dataclass(frozen=True)
class RetentionPlan:
    """What will be removed from an event's registrations, and when."""

    months: int
    sensitive_at: dt.datetime
    sensitive_count: int  # registrations that still hold such an answer
    anonymise_at: dt.datetime
    anonymise_count: int  # registrations not anonymised yet


async def retention_plan(event_id: int) -> RetentionPlan:
    event = (
        await Event.select(Event.ends_at, Event.retention_months)
        .where(Event.id == event_id)
        .first()
    )
    sensitive = await Registration.count().where(
        (Registration.event == event_id)
        & ((Registration.accessibility_needs != "") | (Registration.dietary_needs != ""))
    )
    remaining = await Registration.count().where(
        (Registration.event == event_id) & Registration.anonymised_at.is_null()
    )
    return RetentionPlan(
        months=event["retention_months"],
        sensitive_at=sensitive_answers_go_at(event["ends_at"]),
        sensitive_count=sensitive,
        anonymise_at=anonymised_at(event["ends_at"], event["retention_months"]),
        anonymise_count=remaining,
    )


async def anonymise_registrations(registration_ids: list[int]) -> None:
    """Remove the personal data of these registrations (in the caller's transaction,
    or one of its own); their status and figures stay. A new random token and ticket
    code: the old personal link and QR code no longer lead anywhere."""
    if not registration_ids:
        return
    now = dt.datetime.now(dt.UTC)
    async with atomic():
        for registration_id in registration_ids:
            await Registration.update(
                {
                    Registration.name: "",
                    # unique per event; .invalid is no one's domain (RFC 2606)
                    Registration.email: f"{registration_id}@anonymised.invalid",
                    Registration.job_role: "",
                    Registration.registerplein_number: "",
                    Registration.accessibility_needs: "",
                    Registration.dietary_needs: "",
                    Registration.token: new_token(),
                    Registration.ticket_code: new_ticket_code(),
                    Registration.anonymised_at: now,
                    Registration.updated_at: now,
                }
            ).where((Registration.id == registration_id) & Registration.anonymised_at.is_null())
        await Answer.delete().where(Answer.registration.is_in(registration_ids))
        await Consent.update({Consent.email: ""}).where(
            Consent.registration.is_in(registration_ids)
        )


async def apply_retention(now: dt.datetime | None = None) -> tuple[int, int]:
    """Clear the sensitive answers of events that ended before today and anonymise the
    registrations of events past their retention period; (cleared, anonymised)."""
    now = now or dt.datetime.now(dt.UTC)
    ended = await Event.select(Event.id, Event.ends_at, Event.retention_months).where(
        Event.ends_at < now
    )
    cleared = anonymised = 0
    for event in ended:
        if sensitive_answers_go_at(event["ends_at"]) <= now:
            cleared += await _clear_sensitive(event["id"])
        if anonymised_at(event["ends_at"], event["retention_months"]) <= now:
            anonymised += await _anonymise_event(event["id"])
    await _prune_outbox(now)
    return cleared, anonymised


async def longest_retention_months() -> int:
    row = (
        await Event.select(Event.retention_months)
        .order_by(Event.retention_months, ascending=False)
        .first()
    )
    return max(row["retention_months"] if row else 0, DEFAULT_RETENTION_MONTHS)


async def _prune_outbox(now: dt.datetime) -> None:
    """Mails sent (or given up) longer ago than the longest retention period go: a
    mail holds a name and what it was about."""
    cutoff = anonymised_at(now, -await longest_retention_months())
    await OutgoingMail.delete().where(
        OutgoingMail.state.is_in([MailState.SENT, MailState.FAILED, MailState.SUPPRESSED])
        & (OutgoingMail.created_at < cutoff)
    )


async def _clear_sensitive(event_id: int) -> int:
    rows = (
        await Registration.update(
            {Registration.accessibility_needs: "", Registration.dietary_needs: ""}
        )
        .where(
            (Registration.event == event_id)
            & ((Registration.accessibility_needs != "") | (Registration.dietary_needs != ""))
        )
        .returning(Registration.id)
    )
    return len(rows)


async def _anonymise_event(event_id: int) -> int:
    rows: list[dict[str, Any]] = await Registration.select(Registration.id).where(
        (Registration.event == event_id) & Registration.anonymised_at.is_null()
    )
    await anonymise_registrations([row["id"] for row in rows])
    return len(rows)


RETENTION_ACTOR = "run_retention"
# The first run an hour after the process starts, then hourly: a web or worker
# process lives for days, and a process that only starts (a test run, a CLI
# command) never removes anything by surprise.
_last_nudge = time.monotonic()


async def nudge_retention(min_age: float) -> int:
    """A sweeper: send the retention job at most once an hour from this process (it
    is safe to run twice, so several processes each sending it do no harm). It
    re-enqueues no rows, so it counts none."""
    global _last_nudge
    if time.monotonic() - _last_nudge < NUDGE_SECONDS:
        return 0
    _last_nudge = time.monotonic()
    queue.send(RETENTION_ACTOR)
    return 0
