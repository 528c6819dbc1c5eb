"""What a registrant can do with their personal link: look, change, cancel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from events.enums import ChangedBy, RegistrationStatus
from events.services.catalogue.listing import get_event
from events.services.registration.core import RegistrationClosed, RegistrationInput
from events.services.registration.questions import (
    check_answers,
    decode_answer,
    encode_answer,
    questions_for,
)
from events.services.registration.rules import check_person, window_error
from events.services.registration.seats import change_status, waitlist_position
from events.tables import Answer, Event, Registration
from events.views import RegistrationView
from werkplaats.db import atomic
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _


async def answers_of(registration_id: int) -> dict[int, Any]:
    rows = await Answer.select(Answer.question, Answer.value).where(
        Answer.registration == registration_id
    )
    return {row["question"]: decode_answer(row["value"]) for row in rows}


async def registration_by_token(token: str) -> RegistrationView | None:
    if not token or len(token) > 64:
        return None
    row = await Registration.select().where(Registration.token == token).first()
    if row is None:
        return None
    event_row = await Event.select().where(Event.id == row["event"]).first()
    event = await get_event(event_row["slug"], include_drafts=True)
    assert event is not None
    return RegistrationView(
        id=row["id"],
        token=row["token"],
        status=RegistrationStatus(row["status"]),
        position=await waitlist_position(row),
        name=row["name"],
        email=row["email"],
        organisation=row["organisation"],
        organisation_type=row["organisation_type"],
        job_role=row["job_role"],
        registerplein_number=row["registerplein_number"],
        accessibility_needs=row["accessibility_needs"],
        dietary_needs=row["dietary_needs"],
        ticket_code=row["ticket_code"],
        language=row["language"],
        version=row["version"],
        created_at=row["created_at"],
        event=event,
        questions=await questions_for(row["event"]),
        answers=await answers_of(row["id"]),
        closed_reason=window_error(event_row),
    )


async def update_details(token: str, data: RegistrationInput) -> None:
    """Change one's own details and answers while registration is open."""
    row = await Registration.select().where(Registration.token == token).first()
    if row is None:
        raise LookupError(token)
    event = await Event.select().where(Event.id == row["event"]).first()
    closed = window_error(event)
    if closed or not RegistrationStatus(row["status"]).is_active:
        raise RegistrationClosed(closed or _("This registration can no longer be changed."))
    data.email, data.privacy_consent = row["email"], True  # neither changes here
    errors = check_person(data)
    try:
        answers = check_answers(await questions_for(row["event"]), data.answers or {})
    except FieldErrors as exc:
        errors.update(exc.errors)
    if errors:
        raise FieldErrors(errors)
    async with atomic():
        await Registration.update(
            {
                Registration.name: data.name.strip(),
                Registration.organisation: data.organisation.strip(),
                Registration.organisation_type: data.organisation_type,
                Registration.job_role: data.job_role.strip(),
                Registration.registerplein_number: data.registerplein_number,
                Registration.accessibility_needs: data.accessibility_needs.strip(),
                Registration.dietary_needs: data.dietary_needs.strip(),
                Registration.version: Registration.version + 1,
                Registration.updated_at: dt.datetime.now(dt.UTC),
            }
        ).where(Registration.id == row["id"])
        await Answer.delete().where(Answer.registration == row["id"])
        if answers:
            await Answer.insert(
                *[
                    Answer(registration=row["id"], question=q, value=encode_answer(v))
                    for q, v in answers.items()
                ]
            )


async def cancel_by_token(token: str) -> bool:
    """Cancel one's own registration; False if it was not active, or the event is over
    (nothing to do: the attendance of a past event stays as it was)."""
    row = (
        await Registration.select(
            Registration.id, Registration.status, Registration.event.ends_at.as_alias("ends_at")
        )
        .where(Registration.token == token)
        .first()
    )
    if row is None:
        raise LookupError(token)
    if not RegistrationStatus(row["status"]).is_active or row["ends_at"] <= dt.datetime.now(dt.UTC):
        return False
    await change_status(row["id"], RegistrationStatus.CANCELLED, by=ChangedBy.REGISTRANT)
    return True
