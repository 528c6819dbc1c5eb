"""An organiser switches a call for abstracts on for an event and edits its settings.

Everything is checked before anything is written, and written in one transaction
under the call's lock: a settings change is saved whole or not at all, and an audit
entry goes with it. Questions and criteria keep their ids while they are edited, so
the answers and scores given to them stay theirs; a criterion that was scored
already cannot be removed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from congress.enums import FormatKind
from congress.tables import (
    CallForAbstracts,
    CallFormat,
    CallQuestion,
    ReviewAssignment,
    ReviewCriterion,
)
from events.services.catalogue.rules import EARLIEST, LATEST
from events.tables import Event
from werkplaats import audit
from werkplaats.db import atomic, lock
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _
from werkplaats.text_rules import line_error, text_error

# name → (lowest, highest): what a call can sensibly ask, and what the form offers.
NUMBER_BOUNDS = {
    "word_limit": (20, 5000),
    "max_speakers": (1, 10),
    "max_co_authors": (0, 20),
    "reviewers_per_abstract": (1, 10),
    "confirm_within_days": (1, 90),
    "remind_after_days": (1, 60),
}
DURATION_BOUNDS = (5, 480)
QUESTION_LENGTH = (50, 5000)
MAX_QUESTIONS = 10
MAX_CRITERIA = 10


@dataclass(frozen=True)
class QuestionInput:
    label: str
    help_text: str = ""
    required: bool = False
    max_length: int = 1000
    id: int | None = None  # an existing question being edited


@dataclass(frozen=True)
class CriterionInput:
    label: str
    id: int | None = None


@dataclass(frozen=True)
class CallSettings:
    """A call's settings as typed values (the form parses strings into these)."""

    opens_at: dt.datetime | None
    closes_at: dt.datetime | None
    introduction: str = ""
    word_limit: int = 300
    max_speakers: int = 3
    max_co_authors: int = 5
    anonymised: bool = False
    reviewers_per_abstract: int = 2
    confirm_within_days: int = 14
    remind_after_days: int = 7
    formats: dict[FormatKind, int] = field(default_factory=dict)  # kind → minutes
    questions: list[QuestionInput] = field(default_factory=list)
    criteria: list[CriterionInput] = field(default_factory=list)

    @staticmethod
    def column_names() -> tuple[str, ...]:
        """The settings kept on the call's own row."""
        return ("opens_at", "closes_at", "introduction", "anonymised", *NUMBER_BOUNDS)

    def column_values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.column_names()}


def _moment_errors(settings: CallSettings) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name in ("opens_at", "closes_at"):
        moment = getattr(settings, name)
        if moment is None:
            errors[name] = _("Enter a date and time.")
        elif not EARLIEST <= moment < LATEST:
            errors[name] = _("Choose a moment between {first} and {last}.").format(
                first=EARLIEST.year, last=LATEST.year - 1
            )
    if not errors and settings.closes_at <= settings.opens_at:  # type: ignore[operator]
        errors["closes_at"] = _("The call must close after it opens.")
    return errors


def _number_errors(settings: CallSettings) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, (low, high) in NUMBER_BOUNDS.items():
        if not low <= getattr(settings, name) <= high:
            errors[name] = _("Enter a number from {low} to {high}.").format(low=low, high=high)
    if not settings.formats:
        errors["formats"] = _("Offer at least one format.")
    for kind, minutes in settings.formats.items():
        if not DURATION_BOUNDS[0] <= minutes <= DURATION_BOUNDS[1]:
            errors[f"formats.{kind.value}.minutes"] = _(
                "Enter a number from {low} to {high}."
            ).format(low=DURATION_BOUNDS[0], high=DURATION_BOUNDS[1])
    return errors


def _label_error(label: str, limit: int) -> str | None:
    if len(label) > limit:
        return _("At most {n} characters.").format(n=limit)
    return line_error(label)


def _list_errors(settings: CallSettings) -> dict[str, str]:
    errors: dict[str, str] = {}
    if len(settings.questions) > MAX_QUESTIONS:
        errors["questions"] = _("At most {n} questions.").format(n=MAX_QUESTIONS)
    for i, question in enumerate(settings.questions):
        if message := _label_error(question.label, 300):
            errors[f"questions.{i}.label"] = message
        if message := _label_error(question.help_text, 300):
            errors[f"questions.{i}.help_text"] = message
        low, high = QUESTION_LENGTH
        if not low <= question.max_length <= high:
            errors[f"questions.{i}.max_length"] = _("Enter a number from {low} to {high}.").format(
                low=low, high=high
            )
    if len(settings.criteria) > MAX_CRITERIA:
        errors["criteria"] = _("At most {n} criteria.").format(n=MAX_CRITERIA)
    for i, criterion in enumerate(settings.criteria):
        if message := _label_error(criterion.label, 200):
            errors[f"criteria.{i}.label"] = message
    if message := text_error(settings.introduction):
        errors["introduction"] = message
    elif len(settings.introduction) > 10_000:
        errors["introduction"] = _("At most {n} characters.").format(n=10_000)
    return errors


def check_settings(settings: CallSettings) -> dict[str, str]:
    """The rules on a call's settings, on plain values: {field: message}."""
    return _moment_errors(settings) | _number_errors(settings) | _list_errors(settings)


async def _owned_ids(table: Any, call_id: int | None) -> set[int]:
    if call_id is None:
        return set()
    return {r["id"] for r in await table.select(table.id).where(table.call == call_id)}


async def _scored_criteria(call_id: int) -> set[int]:
    rows = (
        await ReviewAssignment.select(ReviewAssignment.scores)
        .where(
            (ReviewAssignment.abstract.call == call_id) & ReviewAssignment.reviewed_at.is_not_null()
        )
        .output(load_json=True)
    )
    return {int(key) for row in rows for key in (row["scores"] or {})}


async def _reference_errors(settings: CallSettings, call_id: int | None) -> dict[str, str]:
    """Edited rows belong to this call; a scored criterion stays."""
    errors: dict[str, str] = {}
    questions, criteria = (
        await _owned_ids(CallQuestion, call_id),
        await _owned_ids(ReviewCriterion, call_id),
    )
    for i, question in enumerate(settings.questions):
        if question.id is not None and question.id not in questions:
            errors[f"questions.{i}.label"] = _("This question is not part of this call.")
    kept = set()
    for i, criterion in enumerate(settings.criteria):
        if criterion.id is not None and criterion.id not in criteria:
            errors[f"criteria.{i}.label"] = _("This criterion is not part of this call.")
        kept.add(criterion.id)
    if call_id is not None and (await _scored_criteria(call_id)) & (criteria - kept):
        errors["criteria"] = _(
            "A criterion reviewers have scored already cannot be removed; rename it instead."
        )
    return errors


async def _save_formats(call_id: int, formats: dict[FormatKind, int]) -> None:
    await CallFormat.delete().where(CallFormat.call == call_id)
    await CallFormat.insert(
        *[
            CallFormat(call=call_id, kind=kind, duration_minutes=minutes)
            for kind, minutes in sorted(formats.items(), key=lambda f: list(FormatKind).index(f[0]))
        ]
    )


async def _save_rows(table: Any, call_id: int, rows: list[dict[str, Any]]) -> None:
    """Update the rows that keep their id, insert the new ones, delete the rest."""
    keep = {row["id"] for row in rows if row.get("id") is not None}
    await table.delete().where((table.call == call_id) & table.id.not_in(list(keep) or [0]))
    for position, row in enumerate(rows):
        values = {k: v for k, v in row.items() if k != "id"} | {"position": position}
        if row.get("id") is None:
            await table.insert(table(call=call_id, **values))
        else:
            await table.update({getattr(table, k): v for k, v in values.items()}).where(
                table.id == row["id"]
            )


async def _current(call_id: int) -> dict[str, Any]:
    row = await CallForAbstracts.select().where(CallForAbstracts.id == call_id).first()
    formats = await CallFormat.select(CallFormat.kind, CallFormat.duration_minutes).where(
        CallFormat.call == call_id
    )
    questions = await CallQuestion.select().where(CallQuestion.call == call_id)
    criteria = await ReviewCriterion.select().where(ReviewCriterion.call == call_id)
    return row | {
        "formats": {f["kind"]: f["duration_minutes"] for f in formats},
        "questions": sorted(
            (q["position"], q["label"], q["help_text"], q["required"], q["max_length"])
            for q in questions
        ),
        "criteria": sorted((c["position"], c["label"]) for c in criteria),
    }


def _changed(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return sorted(
        name for name, value in after.items() if name != "id" and before.get(name) != value
    )


async def save_call_settings(event_slug: str, settings: CallSettings) -> int | None:
    """Switch the call of `event_slug` on (if it has none) or change it; its id, or
    None if there is no such event. Raises `FieldErrors` and writes nothing when a
    rule is broken."""
    errors = check_settings(settings)
    event = await Event.select(Event.id).where(Event.slug == event_slug).first()
    if event is None:
        return None
    async with atomic():
        await lock(f"congress-call:{event['id']}")
        found = (
            await CallForAbstracts.select(CallForAbstracts.id)
            .where(CallForAbstracts.event == event["id"])
            .first()
        )
        call_id = found["id"] if found else None
        errors = await _reference_errors(settings, call_id) | errors
        if errors:
            raise FieldErrors(errors)
        before = await _current(call_id) if call_id else {}
        columns = settings.column_values()
        if call_id is None:
            rows = await CallForAbstracts.insert(
                CallForAbstracts(event=event["id"], **columns)
            ).returning(CallForAbstracts.id)
            call_id = rows[0]["id"]
        else:
            await CallForAbstracts.update(
                {getattr(CallForAbstracts, k): v for k, v in columns.items()}
            ).where(CallForAbstracts.id == call_id)
        await _save_formats(call_id, settings.formats)
        await _save_rows(CallQuestion, call_id, [vars(q) for q in settings.questions])
        await _save_rows(ReviewCriterion, call_id, [vars(c) for c in settings.criteria])
        after = await _current(call_id)
        if before:
            changed = _changed(before, after)
            if changed:
                await audit.record("call.changed", f"event:{event_slug}", fields=changed)
        else:
            await audit.record("call.created", f"event:{event_slug}")
    return call_id


async def settings_of(event_id: int) -> tuple[int, CallSettings] | None:
    """The call of an event (of any status) with its settings, or None if it has none."""
    row = await CallForAbstracts.select().where(CallForAbstracts.event == event_id).first()
    if row is None:
        return None
    formats = await CallFormat.select().where(CallFormat.call == row["id"]).order_by(CallFormat.id)
    questions = await (
        CallQuestion.select()
        .where(CallQuestion.call == row["id"])
        .order_by(CallQuestion.position, CallQuestion.id)
    )
    criteria = await (
        ReviewCriterion.select()
        .where(ReviewCriterion.call == row["id"])
        .order_by(ReviewCriterion.position, ReviewCriterion.id)
    )
    settings = CallSettings(
        **{name: row[name] for name in CallSettings.column_names()},
        formats={FormatKind(f["kind"]): f["duration_minutes"] for f in formats},
        questions=[
            QuestionInput(q["label"], q["help_text"], q["required"], q["max_length"], q["id"])
            for q in questions
        ],
        criteria=[CriterionInput(c["label"], c["id"]) for c in criteria],
    )
    return row["id"], settings
