"""The public registration form and the JSON body → one `RegistrationInput`."""

from __future__ import annotations

from typing import Any

from events.enums import QuestionKind
from events.services.registration.core import RegistrationInput
from events.views import PERSON_FIELDS, QuestionView
from werkplaats.forms import field, values

HONEYPOT = "website"  # hidden from people, tempting for bots


def is_bot(data: dict[str, Any]) -> bool:
    return bool(field(data, HONEYPOT))


def answers_from_form(data: dict[str, Any], questions: list[QuestionView]) -> dict[int, Any]:
    answers: dict[int, Any] = {}
    for question in questions:
        if question.kind is QuestionKind.MULTIPLE_CHOICE:
            answers[question.id] = values(data, question.field_name)
        else:
            answers[question.id] = field(data, question.field_name)
    return answers


def input_from_form(
    data: dict[str, Any], questions: list[QuestionView], *, language: str
) -> RegistrationInput:
    return RegistrationInput(
        **{name: field(data, name) for name in PERSON_FIELDS},
        privacy_consent=field(data, "privacy_consent") == "1",
        newsletter_consent=field(data, "newsletter_consent") == "1",
        answers=answers_from_form(data, questions),
        language=language,
        source="web",
        sections=data,  # the other apps' form sections read their own fields
    )


def echo(data: dict[str, Any]) -> dict[str, Any]:
    """What was typed, to fill the form again after an error."""
    return {key: value for key, value in data.items() if key not in {"_csrf_token", HONEYPOT}}
