"""Registration: the rules of seats, the waiting list and approval.

Every change of who holds a seat happens inside `atomic()` under the event's seat
lock (an advisory lock on PostgreSQL; SQLite's single writer), and counts seats
after taking it: so no number of simultaneous clicks, web processes or organisers
can fill more seats than the capacity. Pending registrations (moderated events)
hold no seat until approved. The mails that tell people are written in the same
transaction and sent after it commits.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from events.codes import random_code
from events.enums import EventStatus, RegistrationStatus
from events.services.questions import check_answers, encode_answer, questions_for
from events.services.registration_mail import mail_link_again, mail_status
from events.services.registration_rules import check_person, window_error
from events.tables import Answer, Consent, Event, Registration
from werkplaats.db import atomic, lock
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _

TICKET_CODE_LENGTH = 26
PRIVACY_WORDING_VERSION = "2026-1"
NEWSLETTER_WORDING_VERSION = "2026-1"


def new_token() -> str:
    """256 bits for the personal link."""
    return secrets.token_urlsafe(32)


def new_ticket_code() -> str:
    """130 bits in 26 characters that cannot be mistaken for each other."""
    return random_code(TICKET_CODE_LENGTH)


@dataclass
class RegistrationInput:
    name: str
    email: str
    privacy_consent: bool
    organisation: str = ""
    organisation_type: str = ""
    job_role: str = ""
    registerplein_number: str = ""
    accessibility_needs: str = ""
    dietary_needs: str = ""
    answers: dict[int, Any] | None = None
    newsletter_consent: bool = False
    language: str = "nl"
    source: str = "web"


@dataclass(frozen=True)
class Outcome:
    status: RegistrationStatus | None  # None: already registered, the link was sent again
    position: int | None
    token: str | None

    @property
    def duplicate(self) -> bool:
        return self.status is None


class RegistrationClosed(Exception):
    """Registration is not possible now; the message says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def seat_lock(event_id: int) -> str:
    return f"seats:{event_id}"


async def seats_taken(event_id: int) -> int:
    return await Registration.count().where(
        (Registration.event == event_id) & (Registration.status == RegistrationStatus.REGISTERED)
    )


async def waitlist_position(registration: dict[str, Any]) -> int | None:
    if registration["status"] != RegistrationStatus.WAITLISTED:
        return None
    ahead = await Registration.count().where(
        (Registration.event == registration["event"])
        & (Registration.status == RegistrationStatus.WAITLISTED)
        & (
            (Registration.waitlisted_at < registration["waitlisted_at"])
            | (
                (Registration.waitlisted_at == registration["waitlisted_at"])
                & (Registration.id < registration["id"])
            )
        )
    )
    return ahead + 1


async def availability(event_id: int) -> tuple[str | None, int | None]:
    """Why registration is closed now (or None), and the seats left (None: no limit)."""
    event = await Event.select().where(Event.id == event_id).first()
    if event["capacity"] is None:
        return window_error(event), None
    return window_error(event), max(event["capacity"] - await seats_taken(event_id), 0)


def _admission(event: dict[str, Any], taken: int) -> RegistrationStatus:
    if event["moderated"]:
        return RegistrationStatus.PENDING
    if event["capacity"] is None or taken < event["capacity"]:
        return RegistrationStatus.REGISTERED
    return RegistrationStatus.WAITLISTED


def _person_columns(data: RegistrationInput) -> dict[str, Any]:
    return {
        "name": data.name.strip(),
        "organisation": data.organisation.strip(),
        "organisation_type": data.organisation_type,
        "job_role": data.job_role.strip(),
        "registerplein_number": data.registerplein_number.strip(),
        "accessibility_needs": data.accessibility_needs.strip(),
        "dietary_needs": data.dietary_needs.strip(),
    }


async def _save_answers(registration_id: int, answers: dict[int, Any]) -> None:
    await Answer.delete().where(Answer.registration == registration_id)
    if answers:
        await Answer.insert(
            *[
                Answer(registration=registration_id, question=q, value=encode_answer(v))
                for q, v in answers.items()
            ]
        )


async def _save_consents(registration_id: int, data: RegistrationInput, source: str) -> None:
    email = data.email.strip().lower()
    await Consent.insert(
        Consent(
            registration=registration_id,
            email=email,
            kind="privacy",
            given=True,
            source=source,
            wording_version=PRIVACY_WORDING_VERSION,
        ),
        Consent(
            registration=registration_id,
            email=email,
            kind="newsletter",
            given=data.newsletter_consent,
            source=source,
            wording_version=NEWSLETTER_WORDING_VERSION,
        ),
    )


async def _event_for_registration(slug: str) -> dict[str, Any]:
    event = await Event.select().where(Event.slug == slug).first()
    if event is None or event["status"] == EventStatus.DRAFT:
        raise LookupError(slug)
    return event


async def register(slug: str, data: RegistrationInput) -> Outcome:
    """Register someone for the event `slug`.

    Raises LookupError for an unknown event, RegistrationClosed when registration
    is not open, FieldErrors for bad input; in each case nothing is written.
    The same e-mail address twice takes no second seat: the link is mailed again.
    """
    event = await _event_for_registration(slug)
    errors = check_person(data)
    questions = await questions_for(event["id"])
    try:
        answers = check_answers(questions, data.answers or {})
    except FieldErrors as exc:
        errors.update(exc.errors)
        answers = {}
    if errors:  # in the order of the form: needs and consent come last
        last = ("accessibility_needs", "dietary_needs", "privacy_consent")
        raise FieldErrors(
            {k: v for k, v in errors.items() if k not in last}
            | {k: errors[k] for k in last if k in errors}
        )
    email = data.email.strip().lower()
    async with atomic():
        await lock(seat_lock(event["id"]))
        event = await Event.select().where(Event.id == event["id"]).first()
        closed = window_error(event)
        if closed:
            raise RegistrationClosed(closed)
        existing = (
            await Registration.select()
            .where((Registration.event == event["id"]) & (Registration.email == email))
            .first()
        )
        if existing and RegistrationStatus(existing["status"]).is_active:
            await mail_link_again(existing, event)
            return Outcome(status=None, position=None, token=None)
        status = _admission(event, await seats_taken(event["id"]))
        now = dt.datetime.now(dt.UTC)
        columns = _person_columns(data) | {
            "status": status,
            "language": data.language,
            "source": data.source,
            "waitlisted_at": now if status is RegistrationStatus.WAITLISTED else None,
            "cancelled_at": None,
            "updated_at": now,
        }
        if existing:  # registering again after a cancellation: the same row, a new link
            columns |= {"token": new_token(), "version": existing["version"] + 1}
            await Registration.update(
                {Registration._meta.get_column_by_name(k): v for k, v in columns.items()}
            ).where(Registration.id == existing["id"])
            registration_id = existing["id"]
        else:
            columns |= {
                "token": new_token(),
                "ticket_code": new_ticket_code(),
                "email": email,
                "event": event["id"],
            }
            rows = await Registration.insert(
                Registration(
                    _data={Registration._meta.get_column_by_name(k): v for k, v in columns.items()}
                )
            ).returning(Registration.id)
            registration_id = rows[0]["id"]
        await _save_answers(registration_id, answers)
        await _save_consents(registration_id, data, source=data.source)
        registration = await Registration.select().where(Registration.id == registration_id).first()
        position = await waitlist_position(registration)
        await mail_status(registration, event, position=position)
    return Outcome(status=status, position=position, token=registration["token"])


async def promote_from_waiting_list(event_id: int) -> int:
    """Give free seats to the first in line; call under the event's seat lock.

    Returns how many were promoted. Each of them gets a mail.
    """
    event = await Event.select().where(Event.id == event_id).first()
    if event is None or event["status"] != EventStatus.PUBLISHED:
        return 0
    free = None if event["capacity"] is None else event["capacity"] - await seats_taken(event_id)
    if free is not None and free <= 0:
        return 0
    query = (
        Registration.select()
        .where(
            (Registration.event == event_id)
            & (Registration.status == RegistrationStatus.WAITLISTED)
        )
        .order_by(Registration.waitlisted_at)
        .order_by(Registration.id)
    )
    if free is not None:
        query = query.limit(free)
    promoted = await query
    for registration in promoted:
        await _set_status(registration, RegistrationStatus.REGISTERED)
        registration = (
            await Registration.select().where(Registration.id == registration["id"]).first()
        )
        await mail_status(registration, event, position=None, promoted=True)
    return len(promoted)


async def _set_status(registration: dict[str, Any], status: RegistrationStatus) -> None:
    now = dt.datetime.now(dt.UTC)
    values: dict[Any, Any] = {
        Registration.status: status,
        Registration.version: registration["version"] + 1,
        Registration.updated_at: now,
    }
    if status is RegistrationStatus.CANCELLED:
        values[Registration.cancelled_at] = now
    if status is RegistrationStatus.WAITLISTED:
        values[Registration.waitlisted_at] = now
    await Registration.update(values).where(Registration.id == registration["id"])


async def change_status(
    registration_id: int, status: RegistrationStatus, *, notify: bool = True
) -> RegistrationStatus:
    """Move a registration to `status` (cancel, approve, reject, move up).

    An approval or a move from the waiting list takes a seat only if one is free:
    otherwise the registration goes to (or stays on) the waiting list. A cancel
    frees a seat for the first in line. Returns the status it ended in.
    """
    async with atomic():
        registration = await Registration.select().where(Registration.id == registration_id).first()
        if registration is None:
            raise LookupError(registration_id)
        await lock(seat_lock(registration["event"]))
        registration = await Registration.select().where(Registration.id == registration_id).first()
        event = await Event.select().where(Event.id == registration["event"]).first()
        current = RegistrationStatus(registration["status"])
        if status is RegistrationStatus.REGISTERED and current is not RegistrationStatus.REGISTERED:
            full = (
                event["capacity"] is not None
                and await seats_taken(event["id"]) >= event["capacity"]
            )
            if full:
                if current is RegistrationStatus.WAITLISTED:
                    raise FieldErrors({"status": _("There is no free seat.")})
                status = RegistrationStatus.WAITLISTED
        if status is current:
            return current
        await _set_status(registration, status)
        if notify:
            updated = await Registration.select().where(Registration.id == registration_id).first()
            await mail_status(updated, event, position=await waitlist_position(updated))
        if current is RegistrationStatus.REGISTERED:
            await promote_from_waiting_list(event["id"])
    return status
