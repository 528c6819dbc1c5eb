"""The evaluation of an event: a short form behind each attendee's own link.

One answer per link: `submit_evaluation` takes the link's lock, marks it used and
writes the answer in one transaction, so a double click or a second tab writes
one. Anonymous by default: the link row keeps only that it was used (no time, no
answer id) and the answer keeps no person unless they chose to give their name.
The form opens when the event starts and closes `OPEN_WEEKS` after it ends.

`evaluation_summary(event_id)` is the small read other apps (the programme's
results) import: how many answered and the mean rating.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from events.tables import Event
from mailings.tables import EvaluationAnswer, EvaluationLink
from werkplaats.db import atomic, lock
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _
from werkplaats.settings import get_settings
from werkplaats.text_rules import text_error

OPEN_WEEKS = 6
MAX_TEXT = 4000
RATINGS = (1, 2, 3, 4, 5)


class Outcome(StrEnum):
    SAVED = "saved"
    ALREADY = "already"  # this link gave its answer before
    CLOSED = "closed"  # not open yet, or closed
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class EvaluationForm:
    """What the form page shows for one link."""

    token: str
    event_slug: str
    event_title: str
    outcome: Outcome | None  # None: the form can be filled in
    closes_at: dt.datetime


@dataclass(frozen=True)
class EvaluationResults:
    count: int
    mean: float | None
    distribution: dict[int, int]  # rating → how many, every rating named
    answers: list[dict[str, Any]] = field(default_factory=list)  # rating, useful, better, name


def evaluation_url(token: str) -> str:
    return f"{get_settings().base_url}/evaluatie/{token}"


def closes_at(ends_at: dt.datetime) -> dt.datetime:
    return ends_at + dt.timedelta(weeks=OPEN_WEEKS)


def _is_open(event: dict[str, Any], now: dt.datetime) -> bool:
    return event["starts_at"] <= now <= closes_at(event["ends_at"])


async def evaluation_links_for(event_id: int, registration_ids: Iterable[int]) -> dict[int, str]:
    """Each registration's evaluation token, made now where it has none."""
    wanted = list(dict.fromkeys(registration_ids))
    if not wanted:
        return {}
    await EvaluationLink.insert(
        *(
            EvaluationLink(event=event_id, registration=rid, token=secrets.token_urlsafe(24))
            for rid in wanted
        )
    ).on_conflict(target=EvaluationLink.registration, action="DO NOTHING")
    rows = await EvaluationLink.select(EvaluationLink.registration, EvaluationLink.token).where(
        EvaluationLink.registration.is_in(wanted)
    )
    return {row["registration"]: row["token"] for row in rows}


_LINK = """
SELECT l.id, l.used, l.registration, e.id AS event, e.slug, e.title, e.starts_at, e.ends_at
FROM evaluation_link l JOIN event e ON e.id = l.event
WHERE l.token = {}
"""


async def _link(token: str) -> dict[str, Any] | None:
    rows = await EvaluationLink.raw(_LINK, token) if token else []
    return rows[0] if rows else None


async def evaluation_form(token: str, *, now: dt.datetime | None = None) -> EvaluationForm | None:
    link = await _link(token)
    if link is None:
        return None
    now = now or dt.datetime.now(dt.UTC)
    outcome = Outcome.ALREADY if link["used"] else None if _is_open(link, now) else Outcome.CLOSED
    return EvaluationForm(token, link["slug"], link["title"], outcome, closes_at(link["ends_at"]))


def check_answer(values: dict[str, str]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    rating = str(values.get("rating") or "").strip()
    if rating not in {str(r) for r in RATINGS}:
        errors["rating"] = _("Choose a rating from 1 to 5.")
    texts = {}
    for name in ("useful", "better"):
        text = str(values.get(name) or "").strip()
        if len(text) > MAX_TEXT:
            errors[name] = _("At most {n} characters.").format(n=MAX_TEXT)
        elif problem := text_error(text):
            errors[name] = problem
        texts[name] = text
    if errors:
        raise FieldErrors(errors)
    return {"rating": int(rating), **texts}


async def submit_evaluation(
    token: str, values: dict[str, str], *, named: bool = False, now: dt.datetime | None = None
) -> Outcome:
    """Save the answer given through `token`; once per link, only while it is open."""
    answer = check_answer(values)
    now = now or dt.datetime.now(dt.UTC)
    async with atomic():
        await lock(f"evaluation:{token}")
        link = await _link(token)
        if link is None:
            return Outcome.UNKNOWN
        if link["used"]:
            return Outcome.ALREADY
        if not _is_open(link, now):
            return Outcome.CLOSED
        await EvaluationLink.update({EvaluationLink.used: True}).where(
            EvaluationLink.id == link["id"]
        )
        await EvaluationAnswer.insert(
            EvaluationAnswer(
                event=link["event"],
                registration=link["registration"] if named else None,
                answered_on=now.date(),
                **answer,
            )
        )
    return Outcome.SAVED


_ANSWERS = """
SELECT a.rating, a.useful, a.better, a.answered_on, COALESCE(r.name, '') AS name
FROM evaluation_answer a LEFT JOIN registration r ON r.id = a.registration
WHERE a.event = {}
ORDER BY a.answered_on, a.id
"""


async def evaluation_results(event_id: int) -> EvaluationResults:
    answers = await EvaluationAnswer.raw(_ANSWERS, event_id)
    distribution = dict.fromkeys(RATINGS, 0)
    for answer in answers:
        distribution[answer["rating"]] += 1
    count, mean = _count_and_mean(distribution)
    return EvaluationResults(count, mean, distribution, answers)


async def evaluation_summary(event_id: int) -> tuple[int, float | None]:
    """(how many answered, their mean rating rounded to one decimal; None if nobody)."""
    rows = await EvaluationAnswer.raw(
        "SELECT rating, COUNT(*) AS n FROM evaluation_answer WHERE event = {} GROUP BY rating",
        event_id,
    )
    return _count_and_mean({row["rating"]: row["n"] for row in rows})


def _count_and_mean(distribution: dict[int, int]) -> tuple[int, float | None]:
    count = sum(distribution.values())
    if not count:
        return 0, None
    return count, round(sum(r * n for r, n in distribution.items()) / count, 1)


async def event_id_of(slug: str) -> int | None:
    row = await Event.select(Event.id).where(Event.slug == slug).first()
    return row["id"] if row else None
