"""Registration: from a filled-in form to a row, a seat decision and a queued mail.

`register` does, in order:

1. outside any transaction: read the event, check the person, the event's own
   questions and the other apps' form sections (`events.hooks`), and the
   registration window — bad input raises `FieldErrors` having written nothing;
2. in one transaction, before the seat lock: write the registration row (or take up
   the person's cancelled one again; an active one means "already registered", and
   the link is mailed again), its answers, consents and form sections;
3. under the event's seat lock (`events.services.seats`), until the commit: read the
   capacity, window and seats taken in one statement, write the status, and queue
   the status mail as an outbox row naming the registration (the worker renders it
   after the commit, so no template, QR code or calendar file is made in the lock).

On PostgreSQL two registrations for one event overlap in step 2 and wait for each
other only in step 3; on SQLite the whole transaction is the single writer's.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from events import hooks
from events.codes import random_code
from events.enums import EventStatus, RegistrationStatus
from events.services.listing import get_event
from events.services.questions import check_answers, encode_answer, questions_for
from events.services.registration_rules import check_person, window_error
from events.services.seats import (
    admission,
    seat_lock,
    seat_state,
    tell_status,
    waitlist_position,
    write_status,
)
from events.tables import Answer, Consent, Event, Registration
from events.views import EventView
from werkplaats.db import atomic, lock
from werkplaats.errors import FieldErrors
from werkplaats.mail import queue_mail

TICKET_CODE_LENGTH = 26
PRIVACY_WORDING_VERSION = "2026-1"
NEWSLETTER_WORDING_VERSION = "2026-1"
LINK_MAIL = "registration_link"  # built by events.services.registration_mail
LINK_AGAIN_MINUTES = 10
ORGANISER_SOURCES = frozenset({"backoffice"})
# Form errors in the order of the form: needs and consent come last.
LAST_FIELDS = ("accessibility_needs", "dietary_needs", "privacy_consent")


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
    # What the other apps' form sections read: the whole form, or the API's
    # `sections` object (section key → its fields).
    sections: Mapping[str, Any] = field(default_factory=dict)

    @property
    def by_organiser(self) -> bool:
        return self.source in ORGANISER_SOURCES


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


@dataclass(frozen=True)
class _Checked:
    """A registration that passed every check: what will be written."""

    email: str
    answers: dict[int, Any]
    sections: list[tuple[hooks.FormSection, Any]]


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


async def _open_event(slug: str) -> dict[str, Any]:
    event = await Event.select().where(Event.slug == slug).first()
    if event is None or event["status"] == EventStatus.DRAFT:
        raise LookupError(slug)
    return event


async def _check(
    event: dict[str, Any], view: EventView | None, data: RegistrationInput
) -> _Checked:
    """Every check on the input, all errors at once; raises FieldErrors."""
    errors = check_person(data)
    try:
        answers = check_answers(await questions_for(event["id"]), data.answers or {})
    except FieldErrors as exc:
        errors.update(exc.errors)
        answers = {}
    sections: list[tuple[hooks.FormSection, Any]] = []
    for section in await _sections(view):
        try:
            sections.append((section, await section.check(view, _section_data(data, section))))
        except FieldErrors as exc:
            errors.update(exc.errors)
    if errors:
        raise FieldErrors(
            {k: v for k, v in errors.items() if k not in LAST_FIELDS}
            | {k: errors[k] for k in LAST_FIELDS if k in errors}
        )
    return _Checked(email=data.email.strip().lower(), answers=answers, sections=sections)


async def _sections(view: EventView | None) -> list[hooks.FormSection]:
    if view is None or not hooks.registration_form_sections.listeners:
        return []
    return await hooks.registration_form_sections.collect(view)


def _section_data(data: RegistrationInput, section: hooks.FormSection) -> Mapping[str, Any]:
    own = data.sections.get(section.key)
    return own if isinstance(own, Mapping) else data.sections


async def _write_row(
    event: dict[str, Any], data: RegistrationInput, checked: _Checked
) -> dict[str, Any] | None:
    """Insert the registration, or take up this person's inactive one again (a new
    link); None when they hold an active one. The unique (event, e-mail) index
    decides between two such requests at once, not a lock."""
    now = dt.datetime.now(dt.UTC)
    columns = _person_columns(data) | {
        "status": RegistrationStatus.PENDING,  # decided under the seat lock, below
        "language": data.language,
        "source": data.source,
        "updated_at": now,
        "token": new_token(),
    }
    new = columns | {"ticket_code": new_ticket_code(), "email": checked.email, "event": event["id"]}
    inserted = (
        await Registration.insert(
            Registration(
                _data={Registration._meta.get_column_by_name(k): v for k, v in new.items()}
            )
        )
        .on_conflict(target=(Registration.event, Registration.email), action="DO NOTHING")
        .returning(Registration.id, Registration.token, Registration.version)
    )
    if inserted:
        return inserted[0] | {"status": None}
    # Registering again after a cancellation: the same row, a new link. Only an
    # inactive row is taken up; an active one (or one just taken up) is left alone.
    inactive = [RegistrationStatus.CANCELLED.value, RegistrationStatus.REJECTED.value]
    taken_up = (
        await Registration.update(
            {Registration._meta.get_column_by_name(k): v for k, v in columns.items()}
            | {Registration.version: Registration.version + 1, Registration.cancelled_at: None}
        )
        .where(
            (Registration.event == event["id"])
            & (Registration.email == checked.email)
            & Registration.status.is_in(inactive)
        )
        .returning(Registration.id, Registration.token, Registration.version, Registration.status)
    )
    return taken_up[0] if taken_up else None


async def _save_answers(registration_id: int, answers: dict[int, Any]) -> None:
    await Answer.delete().where(Answer.registration == registration_id)
    if answers:
        await Answer.insert(
            *[
                Answer(registration=registration_id, question=q, value=encode_answer(v))
                for q, v in answers.items()
            ]
        )


async def _save_consents(registration_id: int, data: RegistrationInput, email: str) -> None:
    await Consent.insert(
        *[
            Consent(
                registration=registration_id,
                email=email,
                kind=kind,
                given=given,
                source=data.source,
                wording_version=version,
            )
            for kind, given, version in (
                ("privacy", True, PRIVACY_WORDING_VERSION),
                ("newsletter", data.newsletter_consent, NEWSLETTER_WORDING_VERSION),
            )
        ]
    )


async def _mail_link_again(event_id: int, email: str) -> None:
    """Someone registered again with this address: send the personal link again.

    At most once per ten minutes per registration, so the form cannot be used to
    flood someone's inbox.
    """
    row = (
        await Registration.select(Registration.id, Registration.name, Registration.language)
        .where((Registration.event == event_id) & (Registration.email == email))
        .first()
    )
    bucket = int(dt.datetime.now(dt.UTC).timestamp()) // (LINK_AGAIN_MINUTES * 60)
    await queue_mail(
        to=email,
        name=row["name"],
        template="registration_link",
        dedupe_key=f"registration:{row['id']}:link:{bucket}",
        language=row["language"],
        builder=LINK_MAIL,
        params={"registration": row["id"]},
    )


async def register(slug: str, data: RegistrationInput, *, view: EventView | None = None) -> Outcome:
    """Register someone for the event `slug` (the steps are in this module's docstring).

    Raises LookupError for an unknown event, RegistrationClosed when registration
    is not open (an organiser may still add someone after it closed), FieldErrors
    for bad input; in each case nothing is written. The same e-mail address twice
    takes no second seat: the link is mailed again. `view`, when the caller has
    the event's view at hand, saves reading it again for the form sections.
    """
    event = await _open_event(slug)
    if view is None and hooks.registration_form_sections.listeners:
        view = await get_event(slug)
    checked = await _check(event, view, data)
    _raise_if_closed(event, data)
    async with atomic():
        row = await _write_row(event, data, checked)
        if row is None:
            await _mail_link_again(event["id"], checked.email)
            return Outcome(status=None, position=None, token=None)
        await _save_answers(row["id"], checked.answers)
        await _save_consents(row["id"], data, checked.email)
        for section, value in checked.sections:
            await section.save(row["id"], value)
        await lock(seat_lock(event["id"]))
        state = await seat_state(event["id"])
        _raise_if_closed(state, data)
        status = admission(state)
        written = await write_status(row["id"], status, bump_version=False)
        await tell_status(written, status)
        old = RegistrationStatus(row["status"]) if row["status"] else None
        await hooks.registration_changed.call(
            hooks.RegistrationChange(row["id"], event["id"], old, status, by=data.source)
        )
    position = None
    if status is RegistrationStatus.WAITLISTED:
        position = await waitlist_position(
            await Registration.select().where(Registration.id == row["id"]).first()
        )
    return Outcome(status=status, position=position, token=row["token"])


def _raise_if_closed(event: dict[str, Any], data: RegistrationInput) -> None:
    closed = window_error(event, ignore_window=data.by_organiser)
    if closed:
        raise RegistrationClosed(closed)
