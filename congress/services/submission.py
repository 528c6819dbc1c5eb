"""Submitting an abstract, and the speaker's own changes behind /s/{token}.

A speaker needs no account: `submit_abstract` writes the abstract and its
contributors in one transaction with the confirmation mail (an outbox row the
worker renders after the commit), and the mail carries the only key, the token.
Every rule is checked against the call as it is read inside that transaction: a
form sent one second after the deadline is refused, field by field, nothing
written.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

from congress.enums import AbstractState, ContributorRole
from congress.services.abstracts import abstract_by_token
from congress.services.call import call_by_id, call_for_event
from congress.services.submission_rules import check_abstract
from congress.tables import Abstract, Contributor
from congress.views import WITHDRAWABLE, AbstractView, CallView
from werkplaats.db import atomic, lock
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _
from werkplaats.mail import queue_mail

RECEIVED_MAIL = "abstract_received"  # built by congress.services.abstract_mail


@dataclass
class PersonInput:
    name: str = ""
    email: str = ""
    organisation: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.name.strip() or self.email.strip() or self.organisation.strip())


@dataclass
class AbstractInput:
    title: str
    abstract: str
    format: str
    track: str = ""  # a theme slug
    learning_goals: str = ""
    target_audience: str = ""
    speakers: list[PersonInput] = field(default_factory=list)
    co_authors: list[PersonInput] = field(default_factory=list)
    publish_consent: bool = False
    answers: dict[str, str] = field(default_factory=dict)  # call question id → text
    language: str = "nl"


class CallClosed(Exception):
    """The call is not open (not yet, no more, or the event is cancelled)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def new_token() -> str:
    """256 bits for the speaker's link."""
    return secrets.token_urlsafe(32)


def _row_values(call: CallView, entry: AbstractInput) -> dict:
    track = call.track_of(entry.track) if entry.track else None
    return {
        "title": entry.title.strip(),
        "abstract": entry.abstract.strip(),
        "format": entry.format,
        "track": track["id"] if track else None,
        "learning_goals": entry.learning_goals.strip(),
        "target_audience": entry.target_audience.strip(),
        "publish_consent": entry.publish_consent,
        "answers": {k: v.strip() for k, v in entry.answers.items() if v.strip()},
    }


async def _write_contributors(abstract_id: int, entry: AbstractInput) -> None:
    await Contributor.delete().where(Contributor.abstract == abstract_id)
    rows = [
        Contributor(
            abstract=abstract_id,
            role=role,
            name=person.name.strip(),
            email=person.email.strip().lower(),
            organisation=person.organisation.strip(),
            position=position,
        )
        for role, people in (
            (ContributorRole.SPEAKER, entry.speakers),
            (ContributorRole.CO_AUTHOR, entry.co_authors),
        )
        for position, person in enumerate(p for p in people if not p.is_empty)
    ]
    await Contributor.insert(*rows)


def _checked(call: CallView, entry: AbstractInput) -> None:
    reason = call.closed_reason()
    if reason is not None:
        raise CallClosed(reason)
    errors = check_abstract(call, entry)
    if errors:
        raise FieldErrors(errors)


async def submit_abstract(slug: str, entry: AbstractInput) -> AbstractView:
    """Write a new abstract from `entry` and queue its confirmation mail.

    Raises LookupError for an event without a (published) call, CallClosed outside
    its window, FieldErrors for bad input; in each case nothing is written.
    """
    call = await call_for_event(slug)
    if call is None:
        raise LookupError(slug)
    _checked(call, entry)  # before the transaction: a bad form takes no write lock
    token = new_token()
    async with atomic():
        call = await call_by_id(call.id)
        _checked(call, entry)
        now = dt.datetime.now(dt.UTC)
        rows = await Abstract.insert(
            Abstract(
                call=call.id,
                token=token,
                state=AbstractState.SUBMITTED,
                language=entry.language,
                created_at=now,
                updated_at=now,
                **_row_values(call, entry),
            )
        ).returning(Abstract.id)
        abstract_id = rows[0]["id"]
        await _write_contributors(abstract_id, entry)
        contact = next(p for p in entry.speakers if not p.is_empty)
        await queue_mail(
            to=contact.email.strip().lower(),
            name=contact.name.strip(),
            template=RECEIVED_MAIL,
            dedupe_key=f"abstract:{abstract_id}:received",
            language=entry.language,
            builder=RECEIVED_MAIL,
            params={"abstract": abstract_id},
        )
    view = await abstract_by_token(token)
    assert view is not None
    return view


async def update_abstract(token: str, entry: AbstractInput) -> AbstractView:
    """The speaker's edit: allowed while the abstract awaits review and the call is open."""
    async with atomic():
        await lock(f"abstract:{token}")
        view = await abstract_by_token(token)
        if view is None:
            raise LookupError(token)
        if view.state is not AbstractState.SUBMITTED:
            raise CallClosed(
                _("This abstract can no longer be changed; its state: {state}.").format(
                    state=_(view.state.label)
                )
            )
        _checked(view.call, entry)
        await Abstract.update(
            {**_row_values(view.call, entry), "updated_at": dt.datetime.now(dt.UTC)}
        ).where(Abstract.id == view.id)
        await _write_contributors(view.id, entry)
    updated = await abstract_by_token(token)
    assert updated is not None
    return updated


async def withdraw_abstract(token: str) -> bool:
    """Withdraw (before the event); False if it was withdrawn or decided against already."""
    now = dt.datetime.now(dt.UTC)
    async with atomic():
        view = await abstract_by_token(token)
        if view is None:
            raise LookupError(token)
        if view.state not in WITHDRAWABLE or not view.can_withdraw:
            return False
        changed = await (
            Abstract.update(
                {
                    Abstract.state: AbstractState.WITHDRAWN,
                    Abstract.withdrawn_at: now,
                    Abstract.updated_at: now,
                }
            )
            .where((Abstract.id == view.id) & Abstract.state.is_in([s.value for s in WITHDRAWABLE]))
            .returning(Abstract.id)
        )
    return bool(changed)
