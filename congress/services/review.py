"""Reviews: what a reviewer may see and score.

A reviewer sees only abstracts assigned to them: every read and write here starts
from the assignment of (account, abstract), and an abstract without one is "not
found" — the same answer as an abstract that does not exist. With the call's
`anonymised` switch the reviewer's view carries no names or organisations at all.
A review can be written and changed while the abstract awaits its decision.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from congress.enums import AbstractState
from congress.services.abstracts import abstracts_where
from congress.tables import Abstract, CallForAbstracts, ReviewAssignment, ReviewCriterion
from congress.views import AbstractView
from werkplaats.db import atomic, lock
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _

SCORES = range(1, 6)
COMMENT_LIMIT = 4000


@dataclass(frozen=True)
class Criterion:
    id: int
    label: str

    @property
    def field_name(self) -> str:
        return f"score.{self.id}"


@dataclass(frozen=True)
class ReviewTask:
    """An assigned abstract as its reviewer sees it, with the review so far."""

    assignment_id: int
    abstract: AbstractView  # without contributors when the call is anonymised
    anonymised: bool
    criteria: list[Criterion]
    scores: dict[str, int]
    comment_committee: str
    comment_speaker: str
    reviewed_at: dt.datetime | None

    @property
    def open(self) -> bool:
        return self.abstract.state is AbstractState.SUBMITTED


async def criteria_of(call_id: int) -> list[Criterion]:
    rows = (
        await ReviewCriterion.select(ReviewCriterion.id, ReviewCriterion.label)
        .where(ReviewCriterion.call == call_id)
        .order_by(ReviewCriterion.position, ReviewCriterion.id)
    )
    return [Criterion(r["id"], r["label"]) for r in rows]


def _mine(user_id: int) -> Any:
    return ReviewAssignment.reviewer.user == user_id


async def _tasks(condition: Any) -> list[ReviewTask]:
    rows = (
        await ReviewAssignment.select(
            *ReviewAssignment.all_columns(),
            ReviewAssignment.abstract.call.anonymised.as_alias("anonymised"),
        )
        .where(condition)
        .order_by(ReviewAssignment.abstract)
        .output(load_json=True)
    )
    views = (
        {v.id: v for v in await abstracts_where(Abstract.id.is_in([r["abstract"] for r in rows]))}
        if rows
        else {}
    )
    criteria: dict[int, list[Criterion]] = {}
    tasks = []
    for row in rows:
        view = views[row["abstract"]]
        if view.call.id not in criteria:
            criteria[view.call.id] = await criteria_of(view.call.id)
        tasks.append(
            ReviewTask(
                assignment_id=row["id"],
                abstract=dataclasses.replace(view, contributors=[]) if row["anonymised"] else view,
                anonymised=row["anonymised"],
                criteria=criteria[view.call.id],
                scores={str(k): int(v) for k, v in (row["scores"] or {}).items()},
                comment_committee=row["comment_committee"],
                comment_speaker=row["comment_speaker"],
                reviewed_at=row["reviewed_at"],
            )
        )
    return tasks


async def tasks_of(user_id: int) -> list[ReviewTask]:
    """Everything assigned to this account, withdrawn abstracts left out."""
    return [
        t for t in await _tasks(_mine(user_id)) if t.abstract.state is not AbstractState.WITHDRAWN
    ]


async def task_of(user_id: int, abstract_id: int) -> ReviewTask | None:
    """The assignment of this account to this abstract, or None (also if it is not theirs)."""
    found = await _tasks(_mine(user_id) & (ReviewAssignment.abstract == abstract_id))
    return found[0] if found else None


def check_scores(criteria: list[Criterion], scores: dict[str, str]) -> dict[int, int]:
    errors: dict[str, str] = {}
    checked: dict[int, int] = {}
    for criterion in criteria:
        text = str(scores.get(str(criterion.id), "")).strip()
        if not text:
            errors[criterion.field_name] = _("Give a score from 1 to 5.")
        elif not (text.isascii() and text.isdigit()) or int(text) not in SCORES:
            errors[criterion.field_name] = _("A score is a whole number from 1 to 5.")
        else:
            checked[criterion.id] = int(text)
    if errors:
        raise FieldErrors(errors)
    return checked


async def save_review(
    user_id: int,
    abstract_id: int,
    *,
    scores: dict[str, str],
    comment_committee: str = "",
    comment_speaker: str = "",
) -> None:
    """Write (or change) this reviewer's review. LookupError if the abstract is not
    assigned to them; FieldErrors for a score out of range or a decided abstract."""
    task = await task_of(user_id, abstract_id)
    if task is None:
        raise LookupError(abstract_id)
    checked = check_scores(task.criteria, scores)
    errors = {
        name: _("At most {n} characters.").format(n=COMMENT_LIMIT)
        for name, text in (
            ("comment_committee", comment_committee),
            ("comment_speaker", comment_speaker),
        )
        if len(text.strip()) > COMMENT_LIMIT
    }
    if errors:
        raise FieldErrors(errors)
    async with atomic():
        await lock(decision_lock(abstract_id))
        state = await Abstract.select(Abstract.state).where(Abstract.id == abstract_id).first()
        if state["state"] != AbstractState.SUBMITTED:
            raise FieldErrors(
                {"form": _("The decision on this abstract has been taken: the review is closed.")}
            )
        await ReviewAssignment.update(
            {
                ReviewAssignment.scores: {str(k): v for k, v in checked.items()},
                ReviewAssignment.comment_committee: comment_committee.strip(),
                ReviewAssignment.comment_speaker: comment_speaker.strip(),
                ReviewAssignment.reviewed_at: dt.datetime.now(dt.UTC),
            }
        ).where(ReviewAssignment.id == task.assignment_id)


def decision_lock(abstract_id: int) -> str:
    """Held by a review and a decision on one abstract: no review lands after it is decided."""
    return f"abstract-decision:{abstract_id}"


async def is_anonymised(call_id: int) -> bool:
    row = (
        await CallForAbstracts.select(CallForAbstracts.anonymised)
        .where(CallForAbstracts.id == call_id)
        .first()
    )
    return bool(row and row["anonymised"])


async def speaker_comments(abstract_id: int) -> list[str]:
    """What reviewers wrote for the speaker, without who wrote it."""
    rows = (
        await ReviewAssignment.select(ReviewAssignment.comment_speaker)
        .where(
            (ReviewAssignment.abstract == abstract_id)
            & ReviewAssignment.reviewed_at.is_not_null()
            & (ReviewAssignment.comment_speaker != "")
        )
        .order_by(ReviewAssignment.id)
    )
    return [r["comment_speaker"] for r in rows]
