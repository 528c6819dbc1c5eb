"""The back-office call settings form: posted strings → `CallSettings`, or field errors.

Times are typed in Europe/Amsterdam (`datetime-local`), as on the event form. The
form has a row per question and criterion plus empty rows for new ones; an empty
row is no question, an emptied row removes it. Rows are numbered as on the form,
the service numbers what is left: `Rows` turns one into the other for the errors.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from congress.enums import FormatKind
from congress.services.call_settings import (
    MAX_CRITERIA,
    MAX_QUESTIONS,
    NUMBER_BOUNDS,
    CallSettings,
    CriterionInput,
    QuestionInput,
)
from werkplaats.forms import field
from werkplaats.i18n import TIMEZONE, _, local

EMPTY_ROWS = 2
DEFAULT_FORMATS = {FormatKind.PRESENTATIE: 30, FormatKind.WORKSHOP: 60, FormatKind.POSTER: 15}


@dataclass
class Rows:
    """Which form row each question and criterion the service sees came from."""

    questions: list[int] = dc_field(default_factory=list)
    criteria: list[int] = dc_field(default_factory=list)

    def form_errors(self, errors: dict[str, str]) -> dict[str, str]:
        def renumber(match: re.Match[str]) -> str:
            rows = self.questions if match[1] == "questions" else self.criteria
            return f"{match[1]}.{rows[int(match[2])]}."

        pattern = re.compile(r"^(questions|criteria)\.(\d+)\.")
        return {pattern.sub(renumber, name): message for name, message in errors.items()}


def _number(data: dict[str, Any], name: str, errors: dict[str, str], fallback: int) -> int:
    text = field(data, name)
    if text.isascii() and text.isdigit() and len(text) < 7:
        return int(text)
    errors[name] = _("Enter a whole number.")
    return fallback


def _moment(data: dict[str, Any], name: str, errors: dict[str, str]) -> dt.datetime | None:
    text = field(data, name)
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=TIMEZONE)
    except ValueError:
        errors[name] = _("Enter a date and time.")
        return None


def _row_id(data: dict[str, Any], name: str) -> int | None:
    text = field(data, name)
    return int(text) if text.isascii() and text.isdigit() and len(text) < 12 else None


def _questions(data: dict[str, Any], errors: dict[str, str], rows: Rows) -> list[QuestionInput]:
    found = []
    for i in range(MAX_QUESTIONS + EMPTY_ROWS):
        label = field(data, f"questions.{i}.label")
        if not label:
            continue
        limit = f"questions.{i}.max_length"
        found.append(
            QuestionInput(
                label=label,
                help_text=field(data, f"questions.{i}.help_text"),
                required=field(data, f"questions.{i}.required") == "1",
                max_length=_number(data, limit, errors, 1000) if field(data, limit) else 1000,
                id=_row_id(data, f"questions.{i}.id"),
            )
        )
        rows.questions.append(i)
    return found


def _criteria(data: dict[str, Any], rows: Rows) -> list[CriterionInput]:
    found = []
    for i in range(MAX_CRITERIA + EMPTY_ROWS):
        label = field(data, f"criteria.{i}.label")
        if label:
            found.append(CriterionInput(label, _row_id(data, f"criteria.{i}.id")))
            rows.criteria.append(i)
    return found


def parse_call_form(data: dict[str, Any]) -> tuple[CallSettings, dict[str, str], Rows]:
    """(typed settings, errors of form syntax, the rows they came from)."""
    errors: dict[str, str] = {}
    numbers = {
        name: _number(data, name, errors, low) for name, (low, _high) in NUMBER_BOUNDS.items()
    }
    formats = {
        kind: _number(data, f"formats.{kind.value}.minutes", errors, 60)
        for kind in FormatKind
        if field(data, f"formats.{kind.value}.offered") == "1"
    }
    rows = Rows()
    settings = CallSettings(
        opens_at=_moment(data, "opens_at", errors),
        closes_at=_moment(data, "closes_at", errors),
        introduction=field(data, "introduction"),
        anonymised=field(data, "anonymised") == "1",
        formats=formats,
        questions=_questions(data, errors, rows),
        criteria=_criteria(data, rows),
        **numbers,
    )
    return settings, errors, rows


def _moment_text(moment: dt.datetime | None) -> str:
    return local(moment).strftime("%Y-%m-%dT%H:%M") if moment else ""


def form_from_settings(settings: CallSettings | None) -> dict[str, Any]:
    """The form's strings for a call's settings; a new call starts from the defaults."""
    if settings is None:
        settings = CallSettings(opens_at=None, closes_at=None, formats=DEFAULT_FORMATS)
    form: dict[str, Any] = {name: str(getattr(settings, name)) for name in NUMBER_BOUNDS}
    form |= {
        "opens_at": _moment_text(settings.opens_at),
        "closes_at": _moment_text(settings.closes_at),
        "introduction": settings.introduction,
        "anonymised": "1" if settings.anonymised else "",
    }
    for kind in FormatKind:
        minutes = settings.formats.get(kind)
        form[f"formats.{kind.value}.offered"] = "1" if minutes else ""
        form[f"formats.{kind.value}.minutes"] = str(minutes or DEFAULT_FORMATS.get(kind, 30))
    for i, question in enumerate(settings.questions):
        form |= {
            f"questions.{i}.label": question.label,
            f"questions.{i}.help_text": question.help_text,
            f"questions.{i}.required": "1" if question.required else "",
            f"questions.{i}.max_length": str(question.max_length),
            f"questions.{i}.id": str(question.id or ""),
        }
    for i, criterion in enumerate(settings.criteria):
        form |= {
            f"criteria.{i}.label": criterion.label,
            f"criteria.{i}.id": str(criterion.id or ""),
        }
    return form


def row_count(form: dict[str, Any], kind: str) -> int:
    """How many rows of `kind` the form shows: those filled in, and room for new ones."""
    limit = MAX_QUESTIONS if kind == "questions" else MAX_CRITERIA
    used = [int(m[1]) for key in form if (m := re.match(rf"^{kind}\.(\d+)\.label$", key))]
    return min(max(used, default=-1) + 1 + EMPTY_ROWS, limit + EMPTY_ROWS)
