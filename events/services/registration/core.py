"""Registration: from a filled-in form to a row, a seat decision and a queued mail.

`register` does, in order:

1. outside any transaction: read the event, check the person, the event's own
   questions and the other apps' form sections (`events.hooks`), and the
   registration window — bad input raises `FieldErrors` having written nothing;
2. in one transaction, before the seat lock: write the registration row (or take up
   the person's cancelled one again; an active one means "already registered", and
   the link is mailed again), its answers, consents and form sections;
3. under the event's seat lock (`events.services.registration.seats`), until the commit: read the
   capacity, window and seats taken in one statement, write the status, and queue
   the status mail as an outbox row naming the registration (the worker renders it
   after the commit, so no template, QR code or calendar file is made in the lock).

On PostgreSQL two registrations for one event overlap in step 2 and wait for each
other only in step 3; on SQLite the whole transaction is the single writer's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from events import hooks
from events.enums import SOURCE_ACTORS, ChangedBy, EventStatus, RegistrationStatus
from events.services.catalogue.listing import get_event
from events.services.registration.questions import check_answers, questions_for
from events.services.registration.rows import save_answers, save_consents, write_row
from events.services.registration.rules import check_person, window_error
from events.services.registration.seats import STATUS_MAIL, seat_lock, take_seat, waitlist_position
from events.tables import Event, Registration
from events.views import EventView
from werkplaats.db import atomic, lock
from werkplaats.errors import FieldErrors
from werkplaats.mail import queue_mail

LINK_MAIL = "registration_link"  # built by events.services.registration.mail
DECIDED_STATUS = "registration"  # a status mail's template until the worker knows it
LINK_AGAIN_MINUTES = 10
ORGANISER_SOURCES = frozenset({"backoffice"})
# Form errors in the order of the form: needs and consent come last.
LAST_FIELDS = ("accessibility_needs", "dietary_needs", "privacy_consent")


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
    status: RegistrationStatus
    position: int | None
    token: str | None  # None: already registered (the link was sent again)

    @property
    def duplicate(self) -> bool:
        return self.token is None


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


def _person_columns(data: RegistrationInput) -> dict[str, Any]:
    return {
        "name": data.name.strip(),
        "organisation": data.organisation.strip(),
        "organisation_type": data.organisation_type,
        "job_role": data.job_role.strip(),
        "registerplein_number": data.registerplein_number.strip(),
        "accessibility_needs": data.accessibility_needs.strip(),
        "dietary_needs": data.dietary_needs.strip(),
        "language": data.language,
        "source": data.source,
    }


async def tell_decided_status(row: dict[str, Any], email: str, data: RegistrationInput) -> None:
    """Queue the mail about the status this version of the row is about to get."""
    await queue_mail(
        to=email,
        name=data.name.strip(),
        template=DECIDED_STATUS,  # the worker renders the template of the status decided
        dedupe_key=f"registration:{row['id']}:v{row['version']}",
        language=data.language,
        builder=STATUS_MAIL,
        params={"registration": row["id"], "version": row["version"]},
    )


async def _mail_link_again(event_id: int, email: str) -> Outcome:
    """Someone registered again with this address: send the personal link again, and
    answer as a first registration would (its status and place), so an answer never
    tells whether an address was registered before.

    At most once per ten minutes per registration, so the form cannot be used to
    flood someone's inbox.
    """
    row = (
        await Registration.select(
            Registration.id,
            Registration.event,
            Registration.name,
            Registration.language,
            Registration.status,
            Registration.waitlisted_at,
        )
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
    position = await waitlist_position(row)
    return Outcome(status=RegistrationStatus(row["status"]), position=position, token=None)


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
        row = await write_row(event["id"], checked.email, _person_columns(data))
        if row is None:
            return await _mail_link_again(event["id"], checked.email)
        await save_answers(row["id"], checked.answers, new=row["status"] is None)
        await save_consents(row["id"], checked.email, data.source, data.newsletter_consent)
        for section, value in checked.sections:
            await section.save(row["id"], value)
        await tell_decided_status(row, checked.email, data)
        status, position = await _take_seat(event, row, data)
    return Outcome(status=status, position=position, token=row["token"])


async def _take_seat(
    event: dict[str, Any], row: dict[str, Any], data: RegistrationInput
) -> tuple[RegistrationStatus, int | None]:
    """Under the event's seat lock until the commit: decide and write, in one statement.

    The status mail was queued before the lock, naming this version of the row; the
    worker renders it for the status decided here. Returns the status and, on the
    waiting list, the place in line.
    """
    await lock(seat_lock(event["id"]))
    decided = await take_seat(row["id"], event["id"])
    _raise_if_closed(event | {"status": decided["event_status"]}, data)
    old = RegistrationStatus(row["status"]) if row["status"] else None
    by = SOURCE_ACTORS.get(data.source, ChangedBy.API)
    await hooks.registration_changed.call(
        hooks.RegistrationChange(row["id"], event["id"], old, decided["status"], by=by)
    )
    return decided["status"], decided["position"]


def _raise_if_closed(event: dict[str, Any], data: RegistrationInput) -> None:
    closed = window_error(event, ignore_window=data.by_organiser)
    if closed:
        raise RegistrationClosed(closed)
