"""Organisers define an event's own questions: check, save, delete.

A condition may only point to an earlier question of the same event. The form
and `check_answers` walk the questions in order (position, then id), so an
earlier answer decides whether a later question is shown; pointing forward (or
at itself) could never be evaluated and could make a cycle. Moving a question
behind one that depends on it, or deleting it, is refused for the same reason.
"""

from __future__ import annotations

from typing import Any

from piccolo.query.functions.aggregate import Count

from events.enums import QuestionKind
from events.services.registration.questions import questions_for
from events.tables import Answer, Question
from events.views import QuestionView
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _
from werkplaats.text_rules import text_errors

TEXT_LIMIT = 300  # label, help text, each option, the condition's value
MAX_LENGTH_LIMIT = 5000
DEFAULT_MAX_LENGTH = 500
MAX_POSITION = 10_000
YES_NO_VALUES = {"ja": "ja", "yes": "ja", "nee": "nee", "no": "nee"}
FORM_FIELDS = (
    "label",
    "help_text",
    "kind",
    "choices",
    "max_length",
    "position",
    "shown_if_question",
    "shown_if_value",
)


def form_from_question(question: QuestionView) -> dict[str, Any]:
    return {
        "label": question.label,
        "help_text": question.help_text,
        "kind": question.kind.value,
        "required": question.required,
        "choices": "\n".join(question.choices),
        "max_length": str(question.max_length),
        "position": str(question.position),
        "shown_if_question": str(question.shown_if_question or ""),
        "shown_if_value": question.shown_if_value,
    }


def _number(text: str, low: int, high: int) -> int | None:
    return int(text) if text.isdigit() and low <= int(text) <= high else None


def _order(question: QuestionView) -> tuple[int, int]:
    return (question.position, question.id)


def _check_condition(
    values: dict[str, Any], others: dict[int, QuestionView], own: tuple[int, float]
) -> dict[str, str]:
    """Errors in the condition; normalises `shown_if_value` in `values`."""
    target_id, wanted = values["shown_if_question"], values["shown_if_value"]
    if target_id is None:
        return {"shown_if_question": _("Choose the question this depends on.")} if wanted else {}
    target = others.get(target_id)
    if target is None or _order(target) >= own:
        return {"shown_if_question": _("Choose an earlier question of this event.")}
    if len(wanted) > TEXT_LIMIT:
        return {"shown_if_value": _("At most {n} characters.").format(n=TEXT_LIMIT)}
    if wanted and target.kind is QuestionKind.YES_NO:
        if wanted.lower() not in YES_NO_VALUES:
            return {"shown_if_value": _("Enter ja or nee, or leave it empty.")}
        values["shown_if_value"] = YES_NO_VALUES[wanted.lower()]
    elif wanted and target.kind.has_choices and wanted not in target.choices:
        return {
            "shown_if_value": _("Enter one of the options of that question: {options}.").format(
                options=", ".join(target.choices)
            )
        }
    return {}


def _check_dependents(
    values: dict[str, Any], dependents: list[QuestionView], own: tuple[int, float]
) -> dict[str, str]:
    """A question that depends on this one must stay after it, and keep its option."""
    for dependent in dependents:
        if _order(dependent) <= own:
            return {
                "position": _(
                    "“{label}” depends on this question, so keep this one before it."
                ).format(label=dependent.label)
            }
        value = dependent.shown_if_value
        if values["kind"].has_choices and value and value not in values["choices"]:
            return {
                "choices": _("“{label}” is shown only for the option “{value}”: keep it.").format(
                    label=dependent.label, value=value
                )
            }
    return {}


def _texts(form: dict[str, Any], errors: dict[str, str]) -> tuple[str, str]:
    label = str(form.get("label", "")).strip()
    if not label:
        errors["label"] = _("Enter the question.")
    elif len(label) > TEXT_LIMIT:
        errors["label"] = _("At most {n} characters.").format(n=TEXT_LIMIT)
    help_text = str(form.get("help_text", "")).strip()
    if len(help_text) > TEXT_LIMIT:
        errors["help_text"] = _("At most {n} characters.").format(n=TEXT_LIMIT)
    found = text_errors(
        {"label": label, "help_text": help_text}, lines=("label",), texts=("help_text",)
    )
    for name, message in found.items():
        errors.setdefault(name, message)
    return label, help_text


def _kind(form: dict[str, Any], errors: dict[str, str]) -> tuple[QuestionKind | None, list[str]]:
    text = str(form.get("kind", ""))
    kind = QuestionKind(text) if text in set(QuestionKind) else None
    if kind is None:
        errors["kind"] = _("Choose one of the options.")
        return None, []
    if not kind.has_choices:
        return kind, []
    lines = (line.strip() for line in str(form.get("choices", "")).splitlines())
    choices = [line for line in dict.fromkeys(lines) if line]
    if not choices:
        errors["choices"] = _("Give the options, one per line.")
    elif any(len(choice) > TEXT_LIMIT for choice in choices):
        errors["choices"] = _("At most {n} characters per option.").format(n=TEXT_LIMIT)
    return kind, choices


def _max_length(form: dict[str, Any], kind: QuestionKind | None, errors: dict[str, str]) -> int:
    text = str(form.get("max_length", "")).strip()
    if kind not in {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT} or not text:
        return DEFAULT_MAX_LENGTH
    number = _number(text, 1, MAX_LENGTH_LIMIT)
    if number is None:
        errors["max_length"] = _("Enter a whole number from 1 to {n}.").format(n=MAX_LENGTH_LIMIT)
    return number or DEFAULT_MAX_LENGTH


def _position(
    form: dict[str, Any], questions: dict[int, QuestionView], own_id: int | None, errors: dict
) -> int:
    """As typed; when left empty, where it was, or (a new one) at the end."""
    text = str(form.get("position", "")).strip()
    if not text:
        if own_id in questions:
            return questions[own_id].position
        return max((q.position for q in questions.values()), default=-1) + 1
    number = _number(text, 0, MAX_POSITION)
    if number is None:
        errors["position"] = _("Enter a whole number from 0 to {n}.").format(n=MAX_POSITION)
    return number or 0


async def check_question(
    event_id: int, form: dict[str, Any], *, question_id: int | None = None
) -> dict[str, Any]:
    """The question's column values from the form's text; FieldErrors per field."""
    questions = {q.id: q for q in await questions_for(event_id)}
    errors: dict[str, str] = {}
    label, help_text = _texts(form, errors)
    kind, choices = _kind(form, errors)
    target = str(form.get("shown_if_question", "")).strip()
    values: dict[str, Any] = {
        "label": label,
        "help_text": help_text,
        "kind": kind,
        "required": bool(form.get("required")),
        "choices": choices,
        "max_length": _max_length(form, kind, errors),
        "position": _position(form, questions, question_id, errors),
        "shown_if_question": int(target) if target.isdigit() else None,
        "shown_if_value": str(form.get("shown_if_value", "")).strip(),
    }
    if target and not target.isdigit():
        errors["shown_if_question"] = _("Choose an earlier question of this event.")
    if not errors:  # the order only makes sense once the rest is sound
        # a new question gets the highest id, so it sorts last among equal positions
        own = (values["position"], question_id if question_id is not None else float("inf"))
        others = {qid: q for qid, q in questions.items() if qid != question_id}
        errors.update(_check_condition(values, others, own))
        if question_id is not None:
            dependents = [q for q in others.values() if q.shown_if_question == question_id]
            errors.update(_check_dependents(values, dependents, own))
    if errors:
        raise FieldErrors(errors)
    return values


async def save_question(
    event_id: int, form: dict[str, Any], *, question_id: int | None = None
) -> int:
    """Create (no `question_id`) or change a question of this event; its id."""
    values = await check_question(event_id, form, question_id=question_id)
    columns = {Question._meta.get_column_by_name(k): v for k, v in values.items()}
    if question_id is not None:
        await Question.update(columns).where(
            (Question.id == question_id) & (Question.event == event_id)
        )
        return question_id
    rows = await Question.insert(Question(_data={**columns, Question.event: event_id})).returning(
        Question.id
    )
    return rows[0]["id"]


async def question_of_event(event_id: int, question_id: int) -> QuestionView | None:
    return next((q for q in await questions_for(event_id) if q.id == question_id), None)


async def answer_counts(event_id: int) -> dict[int, int]:
    rows = (
        await Answer.select(Answer.question, Count(alias="n"))
        .where(Answer.question.event == event_id)
        .group_by(Answer.question)
    )
    return {row["question"]: row["n"] for row in rows}


async def delete_question(event_id: int, question_id: int) -> None:
    """Delete a question and, by cascade, its answers. Refused while another
    question's condition points to it: that one would silently be always shown."""
    dependents = await Question.select(Question.label).where(
        Question.shown_if_question == question_id
    )
    if dependents:
        labels = ", ".join(f"“{row['label']}”" for row in dependents)
        raise FieldErrors(
            {"question": _("First remove the condition of {labels}.").format(labels=labels)}
        )
    await Question.delete().where((Question.id == question_id) & (Question.event == event_id))
