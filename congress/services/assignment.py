"""Assigning abstracts to reviewers: automatically, by track, or by hand.

Every way takes the call's review lock (`review:{call}`) and reads what is assigned
under it, so two organisers pressing "assign" at once do not both fill the same
places; the unique index on (abstract, reviewer) makes a retried insert a no-op.
Only abstracts that await review are assigned.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from congress.enums import AbstractState, AssignedBy
from congress.services.assignment_plan import (
    Candidate,
    Pair,
    Submission,
    in_conflict,
    organisation_key,
    plan_assignments,
)
from congress.tables import (
    Abstract,
    CallForAbstracts,
    Contributor,
    ReviewAssignment,
    Reviewer,
    ReviewerTrack,
)
from werkplaats.db import atomic, lock
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _

_INSERT = (
    "INSERT INTO review_assignment (abstract, reviewer, assigned_by, assigned_at, scores, "
    "comment_committee, comment_speaker) VALUES {} ON CONFLICT DO NOTHING"
)
_ROW = "({}, {}, {}, {}, {}, '', '')"


async def _submissions(call_id: int) -> list[Submission]:
    rows = await Contributor.select(Contributor.abstract, Contributor.organisation).where(
        (Contributor.abstract.call == call_id)
        & (Contributor.abstract.state == AbstractState.SUBMITTED)
    )
    organisations: dict[int, set[str]] = {}
    for row in rows:
        organisations.setdefault(row["abstract"], set()).add(organisation_key(row["organisation"]))
    return [Submission(a, frozenset(o - {""})) for a, o in sorted(organisations.items())]


async def _candidates(call_id: int) -> list[Candidate]:
    rows = await Reviewer.select(Reviewer.id, Reviewer.organisation).where(
        (Reviewer.call == call_id) & (Reviewer.user.active.eq(True))
    )
    return [Candidate(r["id"], organisation_key(r["organisation"])) for r in rows]


async def _existing(call_id: int) -> set[Pair]:
    rows = await ReviewAssignment.select(
        ReviewAssignment.abstract, ReviewAssignment.reviewer
    ).where(ReviewAssignment.abstract.call == call_id)
    return {(r["abstract"], r["reviewer"]) for r in rows}


async def _insert(pairs: list[Pair], how: AssignedBy) -> int:
    now = dt.datetime.now(dt.UTC)
    written = 0
    for start in range(0, len(pairs), 200):  # a few statements, not one per pair
        chunk = pairs[start : start + 200]
        values: list[Any] = []
        for abstract_id, reviewer_id in chunk:
            values += [abstract_id, reviewer_id, how.value, now, "{}"]
        await ReviewAssignment.raw(_INSERT.format(", ".join(_ROW for _ in chunk)), *values)
        written += len(chunk)
    return written


async def assign_automatically(call_id: int, *, per_abstract: int | None = None) -> int:
    """Give every abstract awaiting review its reviewers; how many were assigned."""
    async with atomic():
        await lock(f"review:{call_id}")
        if per_abstract is None:
            call = (
                await CallForAbstracts.select(CallForAbstracts.reviewers_per_abstract)
                .where(CallForAbstracts.id == call_id)
                .first()
            )
            per_abstract = call["reviewers_per_abstract"]
        pairs = plan_assignments(
            await _submissions(call_id),
            await _candidates(call_id),
            per_abstract=per_abstract,
            existing=await _existing(call_id),
        )
        return await _insert(pairs, AssignedBy.AUTO)


async def assign_by_track(call_id: int) -> int:
    """Every reviewer who follows an abstract's track gets it, conflicts excepted."""
    async with atomic():
        await lock(f"review:{call_id}")
        follows = await ReviewerTrack.select(ReviewerTrack.reviewer, ReviewerTrack.theme).where(
            ReviewerTrack.reviewer.call == call_id
        )
        tracks = await Abstract.select(Abstract.id, Abstract.track).where(
            (Abstract.call == call_id) & (Abstract.state == AbstractState.SUBMITTED)
        )
        track_of = {r["id"]: r["track"] for r in tracks}
        reviewers = {c.id: c for c in await _candidates(call_id)}
        existing = await _existing(call_id)
        pairs = [
            (submission.id, f["reviewer"])
            for submission in await _submissions(call_id)
            for f in follows
            if f["theme"] == track_of.get(submission.id)
            and f["reviewer"] in reviewers
            and not in_conflict(reviewers[f["reviewer"]], submission)
            and (submission.id, f["reviewer"]) not in existing
        ]
        return await _insert(sorted(pairs), AssignedBy.TRACK)


async def assign_by_hand(abstract_id: int, reviewer_id: int) -> None:
    """One reviewer for one abstract; refused with a field error on a conflict."""
    row = (
        await Abstract.select(Abstract.call, Abstract.state)
        .where(Abstract.id == abstract_id)
        .first()
    )
    if row is None:
        raise LookupError(abstract_id)
    async with atomic():
        await lock(f"review:{row['call']}")
        reviewers = {c.id: c for c in await _candidates(row["call"])}
        if reviewer_id not in reviewers:
            raise FieldErrors({"reviewer": _("Choose one of the reviewers of this call.")})
        submission = next((s for s in await _submissions(row["call"]) if s.id == abstract_id), None)
        if submission is None:
            raise FieldErrors({"reviewer": _("Only abstracts that await review can be assigned.")})
        if in_conflict(reviewers[reviewer_id], submission):
            raise FieldErrors(
                {
                    "reviewer": _(
                        "This reviewer works at the organisation of a speaker or co-author."
                    )
                }
            )
        await _insert([(abstract_id, reviewer_id)], AssignedBy.HAND)


async def unassign(abstract_id: int, reviewer_id: int) -> bool:
    """Take an assignment back, if its review has not been written yet."""
    gone = (
        await ReviewAssignment.delete()
        .where(
            (ReviewAssignment.abstract == abstract_id)
            & (ReviewAssignment.reviewer == reviewer_id)
            & ReviewAssignment.reviewed_at.is_null()
        )
        .returning(ReviewAssignment.id)
    )
    return bool(gone)
