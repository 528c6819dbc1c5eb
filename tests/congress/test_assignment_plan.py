"""Automatic assignment: every abstract its reviewers, an even load, no conflicts."""

from __future__ import annotations

import random
from collections import Counter

from congress.services.assignment_plan import (
    Candidate,
    Submission,
    in_conflict,
    organisation_key,
    plan_assignments,
)

ORGANISATIONS = [f"organisatie {n}" for n in range(10)]


def generated_call(seed: int = 7) -> tuple[list[Submission], list[Candidate]]:
    """200 abstracts with one to three organisations each; 25 reviewers from 10 organisations."""
    rng = random.Random(seed)
    abstracts = [
        Submission(i, frozenset(rng.sample(ORGANISATIONS, rng.randint(1, 3))))
        for i in range(1, 201)
    ]
    reviewers = [Candidate(100 + i, ORGANISATIONS[i % 10]) for i in range(25)]
    return abstracts, reviewers


def test_generated_call_gets_three_reviewers_each_evenly_without_conflicts():
    abstracts, reviewers = generated_call()

    pairs = plan_assignments(abstracts, reviewers, per_abstract=3)

    per_abstract = Counter(a for a, _ in pairs)
    load = Counter(r for _, r in pairs)
    by_id = {r.id: r for r in reviewers}
    assert set(per_abstract.values()) == {3} and len(per_abstract) == 200
    assert len(set(pairs)) == 600
    assert max(load.values()) - min(load.values()) <= 1
    assert len(load) == 25
    assert not [p for p in pairs if in_conflict(by_id[p[1]], abstracts[p[0] - 1])]


def test_plan_keeps_what_was_assigned_and_balances_around_it():
    abstracts, reviewers = generated_call(seed=3)
    first = plan_assignments(abstracts[:100], reviewers, per_abstract=2)

    second = plan_assignments(abstracts, reviewers, per_abstract=2, existing=first)

    assert not set(first) & set(second)
    load = Counter(r for _, r in [*first, *second])
    assert max(load.values()) - min(load.values()) <= 1
    assert set(Counter(a for a, _ in [*first, *second]).values()) == {2}


def test_abstract_with_too_few_free_reviewers_gets_those_there_are():
    reviewers = [Candidate(1, "dock"), Candidate(2, "dock"), Candidate(3, "haarlem effect")]
    abstracts = [Submission(10, frozenset({"dock"})), Submission(11, frozenset({"movisie"}))]

    pairs = plan_assignments(abstracts, reviewers, per_abstract=2)

    assert [r for a, r in pairs if a == 10] == [3]
    assert len([r for a, r in pairs if a == 11]) == 2


def test_organisation_names_match_whatever_their_case_and_spaces():
    assert organisation_key("  Gemeente  Haarlem ") == organisation_key("gemeente haarlem")
    assert in_conflict(Candidate(1, "dock"), Submission(1, frozenset({"dock"})))
    assert not in_conflict(Candidate(1, ""), Submission(1, frozenset({""})))
