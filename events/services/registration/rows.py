"""The rows a registration writes before its seat is decided: itself, answers, consents.

None of this needs the event's seat lock: on PostgreSQL two registrations for one
event write these side by side, and the unique (event, e-mail) index, not a lock,
decides between two requests of one person at once.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from events.codes import random_code
from events.enums import ConsentKind, RegistrationStatus, Ribbon
from events.services.registration.questions import encode_answer
from events.tables import Answer, Consent, Registration

TICKET_CODE_LENGTH = 26
PRIVACY_WORDING_VERSION = "2026-1"
NEWSLETTER_WORDING_VERSION = "2026-1"
INACTIVE = [RegistrationStatus.CANCELLED.value, RegistrationStatus.REJECTED.value]


def new_token() -> str:
    """256 bits for the personal link."""
    return secrets.token_urlsafe(32)


def new_ticket_code() -> str:
    """130 bits in 26 characters that cannot be mistaken for each other."""
    return random_code(TICKET_CODE_LENGTH)


def _columns(values: dict[str, Any]) -> dict[Any, Any]:
    return {Registration._meta.get_column_by_name(k): v for k, v in values.items()}


# Every column written out: the hot path of a rush skips Piccolo's query building.
_NEW_ROW = (
    "event",
    "token",
    "ticket_code",
    "status",
    "name",
    "email",
    "organisation",
    "organisation_type",
    "job_role",
    "registerplein_number",
    "accessibility_needs",
    "dietary_needs",
    "language",
    "source",
    "version",
    "ribbon",
    "created_at",
    "updated_at",
)
_INSERT = (
    f"INSERT INTO registration ({', '.join(_NEW_ROW)}) "
    f"VALUES ({', '.join('{}' for _ in _NEW_ROW)}) "
    "ON CONFLICT (event, email) DO NOTHING RETURNING id, token, version"
)


async def write_row(event_id: int, email: str, person: dict[str, Any]) -> dict[str, Any] | None:
    """Insert the registration, or take up this person's inactive one again with a new
    link; None when they hold an active one. The row's status is `pending` until the
    seat decision, which the caller makes in the same transaction. Returns the id,
    token, version, and the status it had before (None: new)."""
    now = dt.datetime.now(dt.UTC)
    pending = RegistrationStatus.PENDING.value  # until the seat decision
    values = person | {"status": pending, "updated_at": now, "token": new_token()}
    new = values | {
        "event": event_id,
        "ticket_code": new_ticket_code(),
        "email": email,
        "version": 1,
        "ribbon": Ribbon.PARTICIPANT.value,
        "created_at": now,
    }
    inserted = await Registration.raw(_INSERT, *(new[name] for name in _NEW_ROW))
    if inserted:
        return inserted[0] | {"status": None}
    # Only an inactive row is taken up: an active one (or one another request took
    # up a moment ago) is left alone, and the caller mails the link again.
    taken_up = (
        await Registration.update(
            _columns(values)
            | {Registration.version: Registration.version + 1, Registration.cancelled_at: None}
        )
        .where(
            (Registration.event == event_id)
            & (Registration.email == email)
            & Registration.status.is_in(INACTIVE)
        )
        .returning(Registration.id, Registration.token, Registration.version, Registration.status)
    )
    return taken_up[0] if taken_up else None


async def save_answers(registration_id: int, answers: dict[int, Any], *, new: bool) -> None:
    """The answers given; a registration taken up again loses its old ones first."""
    if not new:
        await Answer.delete().where(Answer.registration == registration_id)
    if answers:
        await Answer.insert(
            *[
                Answer(registration=registration_id, question=q, value=encode_answer(v))
                for q, v in answers.items()
            ]
        )


async def save_consents(registration_id: int, email: str, source: str, newsletter: bool) -> None:
    """The privacy consent (always given: the form refuses without) and the
    newsletter's, with the wording version each was given to."""
    now = dt.datetime.now(dt.UTC)
    await Consent.raw(
        "INSERT INTO consent (registration, email, kind, given, given_at, source, "
        "wording_version) VALUES ({}, {}, {}, {}, {}, {}, {}), ({}, {}, {}, {}, {}, {}, {})",
        *(registration_id, email, ConsentKind.PRIVACY.value, True, now, source),
        PRIVACY_WORDING_VERSION,
        *(registration_id, email, ConsentKind.NEWSLETTER.value, newsletter, now, source),
        NEWSLETTER_WORDING_VERSION,
    )
