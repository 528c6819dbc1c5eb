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
from events.enums import ConsentKind, RegistrationStatus
from events.services.questions import encode_answer
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


async def write_row(event_id: int, email: str, person: dict[str, Any]) -> dict[str, Any] | None:
    """Insert the registration, or take up this person's inactive one again with a new
    link; None when they hold an active one. The row's status is `pending` until the
    seat decision, which the caller makes in the same transaction. Returns the id,
    token, version, and the status it had before (None: new)."""
    now = dt.datetime.now(dt.UTC)
    values = person | {
        "status": RegistrationStatus.PENDING,
        "updated_at": now,
        "token": new_token(),
    }
    new = values | {"ticket_code": new_ticket_code(), "email": email, "event": event_id}
    inserted = (
        await Registration.insert(Registration(_data=_columns(new)))
        .on_conflict(target=(Registration.event, Registration.email), action="DO NOTHING")
        .returning(Registration.id, Registration.token, Registration.version)
    )
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


async def save_answers(registration_id: int, answers: dict[int, Any]) -> None:
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
    await Consent.insert(
        *[
            Consent(
                registration=registration_id,
                email=email,
                kind=kind,
                given=given,
                source=source,
                wording_version=version,
            )
            for kind, given, version in (
                (ConsentKind.PRIVACY, True, PRIVACY_WORDING_VERSION),
                (ConsentKind.NEWSLETTER, newsletter, NEWSLETTER_WORDING_VERSION),
            )
        ]
    )
