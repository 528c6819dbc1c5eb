"""The call form as posted, and an abstract as the form shows it again."""

from __future__ import annotations

from typing import Any

from congress.services.submission import AbstractInput, PersonInput
from congress.views import AbstractView, CallView, ContributorView
from werkplaats.forms import field

PERSON_FIELDS = ("name", "email", "organisation")
TEXT_FIELDS = ("title", "abstract", "format", "track", "learning_goals", "target_audience")


def _people(data: dict[str, Any], key: str, count: int) -> list[PersonInput]:
    return [
        PersonInput(**{name: field(data, f"{key}.{i}.{name}") for name in PERSON_FIELDS})
        for i in range(count)
    ]


def input_from_form(data: dict[str, Any], call: CallView, *, language: str) -> AbstractInput:
    return AbstractInput(
        **{name: field(data, name) for name in TEXT_FIELDS},
        speakers=_people(data, "speakers", call.max_speakers),
        co_authors=_people(data, "co_authors", call.max_co_authors),
        publish_consent=field(data, "publish_consent") == "1",
        answers={str(q.id): field(data, q.field_name) for q in call.questions},
        language=language,
    )


def _person_values(key: str, people: list[ContributorView]) -> dict[str, str]:
    return {
        f"{key}.{i}.{name}": getattr(person, name)
        for i, person in enumerate(people)
        for name in PERSON_FIELDS
    }


def form_from_view(view: AbstractView) -> dict[str, Any]:
    """What the edit form starts with."""
    return {
        "title": view.title,
        "abstract": view.abstract,
        "format": view.format.value,
        "track": view.track["slug"] if view.track else "",
        "learning_goals": view.learning_goals,
        "target_audience": view.target_audience,
        "publish_consent": "1" if view.publish_consent else "",
        **_person_values("speakers", view.speakers),
        **_person_values("co_authors", view.co_authors),
        **{f"cq{key}": value for key, value in view.answers.items()},
    }


def form_errors(errors: dict[str, str]) -> dict[str, str]:
    """The service's `answers.12` is the form's `cq12`."""
    return {
        (f"cq{key.removeprefix('answers.')}" if key.startswith("answers.") else key): message
        for key, message in errors.items()
    }
