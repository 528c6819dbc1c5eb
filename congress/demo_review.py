"""The demo call reviewed: reviewers from partner organisations, scores, decisions.

Written as rows (no mails go out for demo data). Reviewer accounts have no
password: `werkplaats create-user EMAIL --role reviewer` gives one to log in with.
"""

from __future__ import annotations

import datetime as dt

from congress.enums import AbstractState
from congress.services.assignment import assign_automatically
from congress.tables import Abstract, ReviewAssignment, ReviewCriterion, Reviewer
from werkplaats.auth.accounts import create_user
from werkplaats.enums import Role

CRITERIA = ("Relevantie voor de praktijk", "Kwaliteit", "Past bij het thema")
REVIEWERS = [
    ("beoordelaar.movisie@example.org", "Reviewer Movisie", "Movisie"),
    ("beoordelaar.alkmaar@example.org", "Reviewer gemeente Alkmaar", "Gemeente Alkmaar"),
    ("beoordelaar.inholland@example.org", "Reviewer lectoraat", "Hogeschool Inholland"),
    ("beoordelaar.mee@example.org", "Reviewer MEE & de Wering", "MEE & de Wering"),
    ("beoordelaar.clientenraad@example.org", "Reviewer cliëntenraad", "Cliëntenraad Noord"),
]
REJECTED = 1  # the lowest-scored abstract; the next is on the waiting list
COMMENTS = [
    "Sterke praktijkvoorbeelden; maak de opbrengst voor de zaal concreet.",
    "Goed onderbouwd. Denk aan tijd voor vragen.",
    "Past goed bij het thema; laat inwoners zelf aan het woord.",
]


async def load_review_demo(call_id: int) -> None:
    criteria = await ReviewCriterion.insert(
        *[
            ReviewCriterion(call=call_id, label=label, position=i)
            for i, label in enumerate(CRITERIA)
        ]
    ).returning(ReviewCriterion.id)
    for email, name, organisation in REVIEWERS:
        user = await create_user(email, role=Role.REVIEWER, name=name)
        await Reviewer.insert(Reviewer(call=call_id, user=user.id, organisation=organisation))
    await assign_automatically(call_id, per_abstract=2)
    await _reviews(call_id, [c["id"] for c in criteria])
    await _decisions(call_id)


async def _reviews(call_id: int, criteria: list[int]) -> None:
    rows = (
        await ReviewAssignment.select(ReviewAssignment.id, ReviewAssignment.abstract)
        .where(ReviewAssignment.abstract.call == call_id)
        .order_by(ReviewAssignment.id)
    )
    now = dt.datetime.now(dt.UTC)
    for number, row in enumerate(rows):
        scores = {
            str(c): 2 + (row["abstract"] * 7 + number + i) % 4 for i, c in enumerate(criteria)
        }
        await ReviewAssignment.update(
            {
                ReviewAssignment.scores: scores,
                ReviewAssignment.comment_committee: "Aanbevolen." if number % 3 else "Twijfel.",
                ReviewAssignment.comment_speaker: COMMENTS[number % len(COMMENTS)],
                ReviewAssignment.reviewed_at: now - dt.timedelta(days=3),
            }
        ).where(ReviewAssignment.id == row["id"])


async def _decisions(call_id: int) -> None:
    rows = (
        await ReviewAssignment.select(ReviewAssignment.abstract, ReviewAssignment.scores)
        .where(ReviewAssignment.abstract.call == call_id)
        .output(load_json=True)
    )
    totals: dict[int, list[int]] = {}
    for row in rows:
        totals.setdefault(row["abstract"], []).extend(int(v) for v in row["scores"].values())
    ranked = sorted(totals, key=lambda a: sum(totals[a]) / len(totals[a]))
    now = dt.datetime.now(dt.UTC)
    for place, abstract_id in enumerate(ranked):
        if place < REJECTED:
            state = AbstractState.REJECTED
        elif place == REJECTED:
            state = AbstractState.WAITLISTED
        else:
            state = AbstractState.ACCEPTED
        accepted = state is AbstractState.ACCEPTED
        await Abstract.update(
            {
                Abstract.state: state,
                Abstract.decided_at: now - dt.timedelta(days=2),
                Abstract.confirm_before: now + dt.timedelta(days=12) if accepted else None,
                Abstract.confirmed_at: now - dt.timedelta(days=1)
                if accepted and place % 4
                else None,
            }
        ).where(Abstract.id == abstract_id)
