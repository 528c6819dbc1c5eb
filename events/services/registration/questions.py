"""An event's own questions: defining them, and checking the answers given.

Answers arrive as text from a form or as JSON values from the API; both become one
typed value per question (str, int/float, bool, ISO date, or a list of choices).
A question hidden by its condition is not asked, so its answer is dropped.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from events.enums import QuestionKind
from events.tables import Question
from events.views import QuestionView
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _

_QUESTIONS = (
    'SELECT "id", "label", "help_text", "kind", "required", "choices", "max_length", '
    '"position", "shown_if_question", "shown_if_value" FROM "question" '
    'WHERE "event" = {} ORDER BY "position", "id"'
)


async def questions_for(event_id: int) -> list[QuestionView]:
    """The event's questions in form order; one prepared statement (it runs on every
    event page and every registration)."""
    rows = await Question.raw(_QUESTIONS, event_id)
    return [
        QuestionView(
            id=row["id"],
            label=row["label"],
            help_text=row["help_text"],
            kind=QuestionKind(row["kind"]),
            required=row["required"],
            choices=list(_choices(row["choices"])),
            max_length=row["max_length"],
            position=row["position"],
            shown_if_question=row["shown_if_question"],
            shown_if_value=row["shown_if_value"],
        )
        for row in rows
    ]


def _choices(value: Any) -> list[str]:
    """The JSON column as text (SQLite, PostgreSQL's json) or already decoded."""
    if isinstance(value, str | bytes):
        value = json.loads(value)
    return value or []


def _is_shown(question: QuestionView, answers: dict[int, Any]) -> bool:
    if question.shown_if_question is None:
        return True
    other = answers.get(question.shown_if_question)
    if other in (None, "", [], False):
        return False
    if not question.shown_if_value:
        return True
    if isinstance(other, list):
        return question.shown_if_value in other
    wanted = question.shown_if_value.strip().lower()
    if isinstance(other, bool):
        return wanted in ({"ja", "yes", "true"} if other else {"nee", "no", "false"})
    return str(other).strip().lower() == wanted


def _typed(question: QuestionView, raw: Any) -> Any:
    """One answer as its typed value; raises ValueError with a user message."""
    kind = question.kind
    if kind in {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT}:
        text = str(raw).strip()
        if len(text) > question.max_length:
            raise ValueError(_("At most {n} characters.").format(n=question.max_length))
        return text
    if kind is QuestionKind.SINGLE_CHOICE:
        if raw not in question.choices:
            raise ValueError(_("Choose one of the options."))
        return raw
    if kind is QuestionKind.MULTIPLE_CHOICE:
        items = raw if isinstance(raw, list) else [raw]
        if any(item not in question.choices for item in items):
            raise ValueError(_("Choose from the options."))
        return [choice for choice in question.choices if choice in items]
    if kind is QuestionKind.YES_NO:
        if isinstance(raw, bool):
            return raw
        if str(raw).lower() in {"ja", "yes", "true", "1"}:
            return True
        if str(raw).lower() in {"nee", "no", "false", "0"}:
            return False
        raise ValueError(_("Answer yes or no."))
    if kind is QuestionKind.NUMBER:
        if isinstance(raw, bool):
            raise ValueError(_("Enter a number."))
        try:
            number = float(str(raw).replace(",", "."))
        except ValueError:
            raise ValueError(_("Enter a number.")) from None
        return int(number) if number.is_integer() else number
    try:
        return dt.date.fromisoformat(str(raw)).isoformat()
    except ValueError:
        raise ValueError(_("Enter a date.")) from None


def _empty(raw: Any) -> bool:
    return raw is None or raw == "" or raw == []


def check_answers(questions: list[QuestionView], given: dict[int, Any]) -> dict[int, Any]:
    """Typed answers to the questions that are shown; FieldErrors per question field.

    `given` maps question id to what was sent. Unknown question ids are an error,
    not silently dropped: the API caller should know.
    """
    known = {q.id: q for q in questions}
    errors = {
        f"q{qid}": _("This question does not belong to this event.")
        for qid in given
        if qid not in known
    }
    answers: dict[int, Any] = {}
    for question in questions:  # in order, so a condition sees the answers before it
        raw = given.get(question.id)
        if not _is_shown(question, answers):
            continue
        if _empty(raw):
            if question.required:
                message = _("Answer the question “{question}”: it is required.")
                errors[question.field_name] = message.format(question=question.label)
            continue
        try:
            answers[question.id] = _typed(question, raw)
        except ValueError as exc:
            errors[question.field_name] = str(exc)
    if errors:
        raise FieldErrors(errors)
    return answers


def encode_answer(value: Any) -> str:
    """Answers are kept as JSON text (`Answer.value`)."""
    return json.dumps(value)


def decode_answer(value: str) -> Any:
    return json.loads(value)
