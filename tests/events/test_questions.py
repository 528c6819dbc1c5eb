"""An event's own questions: typed answers, conditions, and refusals."""

from __future__ import annotations

import pytest

from events.services.catalogue.events import create_event
from events.services.registration.core import RegistrationInput, register
from events.services.registration.mine import answers_of
from events.tables import Event, Question, Registration
from tests.conftest import demo_event_values
from werkplaats.errors import FieldErrors


async def _event_with_questions(*specs: dict) -> tuple[str, list[int]]:
    slug = await create_event(demo_event_values())
    event = await Event.select(Event.id).where(Event.slug == slug).first()
    ids: list[int] = []
    for position, spec in enumerate(specs):
        rows = await Question.insert(
            Question(event=event["id"], position=position, **spec)
        ).returning(Question.id)
        ids.append(rows[0]["id"])
    return slug, ids


def _person(answers: dict) -> RegistrationInput:
    return RegistrationInput(
        name="Anne", email="anne@example.nl", privacy_consent=True, answers=answers
    )


async def test_answers_of_every_kind_come_back_typed():
    slug, ids = await _event_with_questions(
        {"label": "Tekst", "kind": "short_text"},
        {"label": "Eén keuze", "kind": "single_choice", "choices": ["A", "B"]},
        {"label": "Meer keuzes", "kind": "multiple_choice", "choices": ["X", "Y"]},
        {"label": "Ja of nee", "kind": "yes_no"},
        {"label": "Getal", "kind": "number"},
        {"label": "Datum", "kind": "date"},
    )
    given = dict(zip(ids, ["hallo", "B", ["Y", "X"], "ja", "3,5", "2030-01-02"], strict=True))

    await register(slug, _person(given))

    registration = await Registration.select(Registration.id).first()
    expected = dict(zip(ids, ["hallo", "B", ["X", "Y"], True, 3.5, "2030-01-02"], strict=True))
    assert await answers_of(registration["id"]) == expected


async def test_conditional_question_is_skipped_when_its_condition_is_not_met():
    slug, (driver, follow_up) = await _event_with_questions(
        {"label": "Neem je iemand mee?", "kind": "yes_no"},
        {"label": "Wie?", "kind": "short_text", "required": True},
    )
    await Question.update(
        {Question.shown_if_question: driver, Question.shown_if_value: "ja"}
    ).where(Question.id == follow_up)

    await register(slug, _person({driver: "nee", follow_up: "mijn collega"}))

    registration = await Registration.select(Registration.id).first()
    assert await answers_of(registration["id"]) == {driver: False}


async def test_conditional_required_question_is_required_when_shown():
    slug, (driver, follow_up) = await _event_with_questions(
        {"label": "Neem je iemand mee?", "kind": "yes_no"},
        {"label": "Wie?", "kind": "short_text", "required": True},
    )
    await Question.update(
        {Question.shown_if_question: driver, Question.shown_if_value: "ja"}
    ).where(Question.id == follow_up)

    with pytest.raises(FieldErrors) as caught:
        await register(slug, _person({driver: "ja"}))

    assert list(caught.value.errors) == [f"q{follow_up}"]
    assert await Registration.count() == 0


async def test_answer_outside_the_choices_and_too_long_text_are_field_errors():
    slug, (choice, text) = await _event_with_questions(
        {"label": "Workshop", "kind": "single_choice", "choices": ["A", "B"]},
        {"label": "Toelichting", "kind": "short_text", "max_length": 10},
    )

    with pytest.raises(FieldErrors) as caught:
        await register(slug, _person({choice: "C", text: "x" * 11}))

    assert set(caught.value.errors) == {f"q{choice}", f"q{text}"}
    assert await Registration.count() == 0
