"""Decisions on abstracts, and what speakers do after: confirm, add materials.

A decision is taken under the abstract's decision lock (`review.decision_lock`), the
lock a review takes too: no review lands after the decision. It writes the new
state and, in the same transaction, the decision mail (one per abstract and state:
deciding "accept" twice mails once). An acceptance names a date to confirm before;
a speaker who has not confirmed `remind_after_days` after the decision gets one
reminder (`remind_unconfirmed`, run by the worker's sweeper).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from congress.enums import AbstractState, Decision
from congress.services.abstracts import abstract_by_id, abstract_by_token
from congress.services.review import decision_lock
from congress.tables import Abstract
from congress.views import AbstractView
from werkplaats.db import atomic, lock
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _
from werkplaats.mail import queue_mail

DECISION_MAIL = "abstract_decision"  # built by congress.services.abstract_mail
REMINDER_MAIL = "abstract_reminder"
DECISION_TEMPLATES = {
    AbstractState.ACCEPTED: "abstract_accepted",
    AbstractState.REJECTED: "abstract_rejected",
    AbstractState.WAITLISTED: "abstract_waitlisted",
}
# From where each decision may be taken: a waiting list can still become yes or no.
DECIDABLE = {
    Decision.ACCEPT: {AbstractState.SUBMITTED, AbstractState.WAITLISTED},
    Decision.REJECT: {AbstractState.SUBMITTED, AbstractState.WAITLISTED},
    Decision.WAITLIST: {AbstractState.SUBMITTED},
}
URL_LIMIT = 500


async def decide(
    abstract_id: int, decision: Decision, *, format: str = "", track: str = ""
) -> AbstractView:
    """Accept (in the format and track given, or as submitted), reject or waitlist."""
    async with atomic():
        await lock(decision_lock(abstract_id))
        view = await abstract_by_id(abstract_id)
        if view is None:
            raise LookupError(abstract_id)
        if view.state not in DECIDABLE[decision]:
            raise FieldErrors(
                {
                    "decision": _(
                        "This abstract is {state}: that decision is not possible."
                    ).format(state=_(view.state.label).lower())
                }
            )
        values = _decision_values(view, decision, format=format, track=track)
        await Abstract.update(values).where(Abstract.id == abstract_id)
        state = decision.state
        await queue_mail(
            to=view.contact.email,
            name=view.contact.name,
            template=DECISION_TEMPLATES[state],
            dedupe_key=f"abstract:{abstract_id}:decided:{state.value}",
            language=view.language,
            builder=DECISION_MAIL,
            params={"abstract": abstract_id, "state": state.value},
        )
    decided = await abstract_by_id(abstract_id)
    assert decided is not None
    return decided


def _decision_values(view: AbstractView, decision: Decision, *, format: str, track: str) -> dict:
    errors: dict[str, str] = {}
    if format and view.call.format_of(format) is None:
        errors["format"] = _("Choose one of the formats of this call.")
    chosen_track = view.call.track_of(track) if track else None
    if track and chosen_track is None:
        errors["track"] = _("Choose one of the themes of this congress.")
    if errors:
        raise FieldErrors(errors)
    now = dt.datetime.now(dt.UTC)
    values = {Abstract.state: decision.state, Abstract.decided_at: now, Abstract.updated_at: now}
    if decision is Decision.ACCEPT:
        values[Abstract.confirm_before] = now + dt.timedelta(days=view.call.confirm_within_days)
        if format:
            values[Abstract.format] = format
        if chosen_track:
            values[Abstract.track] = chosen_track["id"]
    return values


async def confirm_participation(token: str) -> bool:
    """The speaker confirms an accepted abstract; False if there was nothing to confirm."""
    now = dt.datetime.now(dt.UTC)
    changed = (
        await Abstract.update({Abstract.confirmed_at: now, Abstract.updated_at: now})
        .where(
            (Abstract.token == token)
            & (Abstract.state == AbstractState.ACCEPTED)
            & Abstract.confirmed_at.is_null()
        )
        .returning(Abstract.id)
    )
    return bool(changed)


def _url_error(text: str) -> str | None:
    if not text:
        return None
    parts = urlsplit(text)
    if parts.scheme not in {"http", "https"} or not parts.netloc or len(text) > URL_LIMIT:
        return _("Enter a web address that starts with https://.")
    return None


async def save_materials(token: str, *, slides_url: str, publication_url: str) -> None:
    """Links to the slides and to the publication the contribution led to."""
    view = await abstract_by_token(token)
    if view is None:
        raise LookupError(token)
    slides_url, publication_url = slides_url.strip(), publication_url.strip()
    errors = {
        name: message
        for name, value in (("slides_url", slides_url), ("publication_url", publication_url))
        if (message := _url_error(value))
    }
    if not view.can_add_materials:
        errors["form"] = _("Materials can be added to an accepted abstract only.")
    if errors:
        raise FieldErrors(errors)
    await Abstract.update(
        {Abstract.slides_url: slides_url, Abstract.publication_url: publication_url}
    ).where(Abstract.id == view.id)


async def remind_unconfirmed(min_age: float = 0.0, *, now: dt.datetime | None = None) -> int:
    """Queue one reminder for each accepted speaker who has not confirmed
    `remind_after_days` after the decision; how many were queued. A conditional
    UPDATE claims each abstract, so two sweepers at once remind once."""
    now = now or dt.datetime.now(dt.UTC)
    due = await Abstract.select(
        Abstract.id, Abstract.decided_at, Abstract.call.remind_after_days.as_alias("days")
    ).where(
        (Abstract.state == AbstractState.ACCEPTED)
        & Abstract.confirmed_at.is_null()
        & Abstract.reminded_at.is_null()
    )
    queued = 0
    for row in due:
        if row["decided_at"] is None or row["decided_at"] + dt.timedelta(days=row["days"]) > now:
            continue
        async with atomic():
            claimed = (
                await Abstract.update({Abstract.reminded_at: now})
                .where((Abstract.id == row["id"]) & Abstract.reminded_at.is_null())
                .returning(Abstract.id)
            )
            if not claimed:
                continue
            view = await abstract_by_id(row["id"])
            assert view is not None
            await queue_mail(
                to=view.contact.email,
                name=view.contact.name,
                template=REMINDER_MAIL,
                dedupe_key=f"abstract:{row['id']}:reminder",
                language=view.language,
                builder=REMINDER_MAIL,
                params={"abstract": row["id"]},
            )
            queued += 1
    return queued
