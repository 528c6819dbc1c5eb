"""JSON shapes of the registration API. Unknown fields are refused (422).

Lengths and formats are checked by the registration service, which says what is
wrong in the user's language; the structs only fix names and types. No database
id appears in a response: a registrant is known by the token in their link.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import annotated_types as at
from litestar.params import KwargDefinition
from msgspec import Struct

from events.enums import RegistrationStatus
from events.services.registration.core import RegistrationInput
from events.views import RegistrationView
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _


class RegistrationCreate(Struct, forbid_unknown_fields=True, kw_only=True):
    # Schema-only marks (msgspec ignores them): the service's own messages answer.
    name: Annotated[str, at.MinLen(1)]
    email: Annotated[str, at.MinLen(3)]
    privacy_consent: Annotated[bool, KwargDefinition(enum=[True])]
    organisation: str = ""
    organisation_type: str = ""
    job_role: str = ""
    registerplein_number: str = ""
    accessibility_needs: str = ""
    dietary_needs: str = ""
    answers: dict[str, Any] = {}
    newsletter_consent: bool = False
    language: Literal["nl", "en"] | None = None
    # What other apps add to the form (`events.hooks.registration_form_sections`):
    # section key → that section's fields, e.g. {"workshops": {"round-1": "w12"}}.
    sections: dict[str, dict[str, Any]] = {}


def answers_by_question(answers: dict[str, Any]) -> dict[int, Any]:
    """`{"12": value}` → `{12: value}`; a key that is no question id is a field error."""
    converted: dict[int, Any] = {}
    for key, value in answers.items():
        if not (key.isascii() and key.isdigit()):  # isdigit alone lets "²" through
            raise FieldErrors({"answers": _("This question does not belong to this event.")})
        converted[int(key)] = value
    return converted


def to_input(data: RegistrationCreate, *, language: str) -> RegistrationInput:
    """The API body as the service's input; `language` when the body names none."""
    return RegistrationInput(
        name=data.name,
        email=data.email,
        privacy_consent=data.privacy_consent,
        organisation=data.organisation,
        organisation_type=data.organisation_type,
        job_role=data.job_role,
        registerplein_number=data.registerplein_number,
        accessibility_needs=data.accessibility_needs,
        dietary_needs=data.dietary_needs,
        answers=answers_by_question(data.answers),
        newsletter_consent=data.newsletter_consent,
        language=data.language or language,
        source="api",
        sections=data.sections,
    )


def answer_errors(errors: dict[str, str]) -> dict[str, str]:
    """The service names a question's field `q12` (as on the form); the API `answers.12`."""
    return {
        f"answers.{key[1:]}" if key[:1] == "q" and key[1:].isdigit() else key: message
        for key, message in errors.items()
    }


class RegistrationCreated(Struct):
    status: Literal["registered", "waitlisted", "pending"]
    position: int | None


class RegistrationCancelled(Struct):
    status: RegistrationStatus


class RegistrationEventOut(Struct):
    slug: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime


class RegistrationOut(Struct):
    event: RegistrationEventOut
    status: RegistrationStatus
    position: int | None
    name: str
    email: str
    organisation: str
    organisation_type: str
    job_role: str
    registerplein_number: str
    accessibility_needs: str
    dietary_needs: str
    language: str
    answers: dict[str, Any]
    ticket_code: str | None
    can_change: bool
    created_at: dt.datetime

    @classmethod
    def from_view(cls, view: RegistrationView) -> RegistrationOut:
        return cls(
            event=RegistrationEventOut(
                slug=view.event.slug,
                title=view.event.title,
                starts_at=view.event.starts_at,
                ends_at=view.event.ends_at,
            ),
            status=view.status,
            position=view.position,
            name=view.name,
            email=view.email,
            organisation=view.organisation,
            organisation_type=view.organisation_type,
            job_role=view.job_role,
            registerplein_number=view.registerplein_number,
            accessibility_needs=view.accessibility_needs,
            dietary_needs=view.dietary_needs,
            language=view.language,
            answers={str(question): value for question, value in view.answers.items()},
            ticket_code=view.ticket_code if view.has_ticket else None,
            can_change=view.can_change,
            created_at=view.created_at,
        )
