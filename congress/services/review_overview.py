"""What organisers see of the review: progress per reviewer, totals per abstract,
and managing the reviewers of a call."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from congress.enums import AbstractState
from congress.services.abstracts import abstracts_where
from congress.services.review import Criterion, criteria_of
from congress.tables import Abstract, ReviewAssignment, Reviewer, ReviewerTrack
from congress.views import AbstractView, CallView
from werkplaats.db import atomic
from werkplaats.enums import Role
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _
from werkplaats.tables import User


@dataclass(frozen=True)
class ReviewerProgress:
    id: int
    name: str
    email: str
    organisation: str
    tracks: list[str]
    assigned: int
    reviewed: int


@dataclass(frozen=True)
class ReviewLine:
    reviewer_id: int
    reviewer: str
    organisation: str
    scores: dict[str, int]
    mean: float | None
    comment_committee: str
    comment_speaker: str
    reviewed: bool


@dataclass(frozen=True)
class AbstractTotal:
    abstract: AbstractView
    reviews: list[ReviewLine]

    @property
    def means(self) -> list[float]:
        return [r.mean for r in self.reviews if r.mean is not None]

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.means) if self.means else None

    @property
    def spread(self) -> float | None:
        """Highest minus lowest reviewer's mean: how far the reviewers agree."""
        return max(self.means) - min(self.means) if self.means else None


async def progress_of(call_id: int) -> list[ReviewerProgress]:
    reviewers = (
        await Reviewer.select(
            Reviewer.id,
            Reviewer.organisation,
            Reviewer.user.name.as_alias("name"),
            Reviewer.user.email.as_alias("email"),
        )
        .where(Reviewer.call == call_id)
        .order_by(Reviewer.id)
    )
    assignments = await ReviewAssignment.select(
        ReviewAssignment.reviewer, ReviewAssignment.reviewed_at
    ).where(
        (ReviewAssignment.reviewer.call == call_id)
        & (ReviewAssignment.abstract.state != AbstractState.WITHDRAWN)
    )
    tracks = await ReviewerTrack.select(ReviewerTrack.reviewer, ReviewerTrack.theme.name).where(
        ReviewerTrack.reviewer.call == call_id
    )
    return [
        ReviewerProgress(
            id=r["id"],
            name=r["name"] or r["email"],
            email=r["email"],
            organisation=r["organisation"],
            tracks=[t["theme.name"] for t in tracks if t["reviewer"] == r["id"]],
            assigned=sum(1 for a in assignments if a["reviewer"] == r["id"]),
            reviewed=sum(1 for a in assignments if a["reviewer"] == r["id"] and a["reviewed_at"]),
        )
        for r in reviewers
    ]


def _line(row: dict, criteria: list[Criterion]) -> ReviewLine:
    scores = {str(k): int(v) for k, v in (row["scores"] or {}).items()}
    values = [scores[str(c.id)] for c in criteria if str(c.id) in scores]
    return ReviewLine(
        reviewer_id=row["reviewer"],
        reviewer=row["name"] or row["email"],
        organisation=row["organisation"],
        scores=scores,
        mean=statistics.fmean(values) if row["reviewed_at"] and values else None,
        comment_committee=row["comment_committee"],
        comment_speaker=row["comment_speaker"],
        reviewed=row["reviewed_at"] is not None,
    )


async def totals_of(call: CallView, *, abstract_id: int | None = None) -> list[AbstractTotal]:
    """Every abstract (or one) with its reviews, highest mean first; unreviewed last."""
    condition = Abstract.call == call.id
    if abstract_id is not None:
        condition &= Abstract.id == abstract_id
    views = await abstracts_where(condition, call=call)
    criteria = await criteria_of(call.id)
    rows = (
        await ReviewAssignment.select(
            *ReviewAssignment.all_columns(),
            ReviewAssignment.reviewer.user.name.as_alias("name"),
            ReviewAssignment.reviewer.user.email.as_alias("email"),
            ReviewAssignment.reviewer.organisation.as_alias("organisation"),
        )
        .where(ReviewAssignment.abstract.call == call.id)
        .order_by(ReviewAssignment.id)
        .output(load_json=True)
    )
    totals = [
        AbstractTotal(v, [_line(r, criteria) for r in rows if r["abstract"] == v.id]) for v in views
    ]
    return sorted(totals, key=lambda t: (t.mean is None, -(t.mean or 0), t.abstract.id))


async def add_reviewer(call: CallView, *, email: str, organisation: str, tracks: list[str]) -> int:
    """Make an account with role `reviewer` a reviewer of this call (again: updated)."""
    user = await User.select(User.id, User.role).where(User.email == email.strip().lower()).first()
    errors: dict[str, str] = {}
    if user is None or user.get("role") != Role.REVIEWER:
        errors["email"] = _("There is no account with role reviewer for this address.")
    if not organisation.strip():
        errors["organisation"] = _(
            "Enter the reviewer's organisation: it decides conflicts of interest."
        )
    known = {t["slug"]: t["id"] for t in call.tracks}
    if any(slug not in known for slug in tracks):
        errors["tracks"] = _("Choose one of the themes of this congress.")
    if errors:
        raise FieldErrors(errors)
    async with atomic():
        return await _write_reviewer(
            call, user["id"], organisation.strip(), [known[s] for s in tracks]
        )


async def _write_reviewer(
    call: CallView, user_id: int, organisation: str, themes: list[int]
) -> int:
    found = (
        await Reviewer.select(Reviewer.id)
        .where((Reviewer.call == call.id) & (Reviewer.user == user_id))
        .first()
    )
    if found:
        reviewer_id = found["id"]
        await Reviewer.update({Reviewer.organisation: organisation}).where(
            Reviewer.id == reviewer_id
        )
        await ReviewerTrack.delete().where(ReviewerTrack.reviewer == reviewer_id)
    else:
        rows = await Reviewer.insert(
            Reviewer(call=call.id, user=user_id, organisation=organisation)
        ).returning(Reviewer.id)
        reviewer_id = rows[0]["id"]
    if themes:
        await ReviewerTrack.insert(*[ReviewerTrack(reviewer=reviewer_id, theme=t) for t in themes])
    return reviewer_id
