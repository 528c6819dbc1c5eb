"""Which reviewer reviews which abstract: the plan, without the database.

Each abstract gets `per_abstract` reviewers; nobody reviews an abstract with a
speaker or co-author from their own organisation (a conflict of interest); and the
load is spread evenly, max − min ≤ 1 whenever the conflicts allow it.

Two passes. First, greedy with the most constrained abstract first (fewest reviewers
without a conflict), each place going to the least-loaded eligible reviewer. Then a
repair: while the busiest and the idlest reviewer differ by more than one, move one
of the plan's new assignments from a busy reviewer to an idle one who may take it.
Assignments that exist already are kept and count towards the load, so running the
plan again after new abstracts came in only adds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Pair = tuple[int, int]  # (abstract id, reviewer id)


def organisation_key(name: str) -> str:
    """`Gemeente Haarlem ` and `gemeente haarlem` are one organisation."""
    return " ".join(name.casefold().split())


@dataclass(frozen=True)
class Candidate:
    id: int
    organisation: str  # as organisation_key gives it


@dataclass(frozen=True)
class Submission:
    id: int
    organisations: frozenset[str]  # of every speaker and co-author, as organisation_key


def in_conflict(reviewer: Candidate, abstract: Submission) -> bool:
    return bool(reviewer.organisation) and reviewer.organisation in abstract.organisations


class _Plan:
    def __init__(
        self, abstracts: Sequence[Submission], reviewers: Sequence[Candidate], existing: set[Pair]
    ) -> None:
        self.load = {r.id: 0 for r in reviewers}
        self.have: dict[int, set[int]] = {a.id: set() for a in abstracts}
        for abstract_id, reviewer_id in existing:
            if abstract_id in self.have and reviewer_id in self.load:
                self.have[abstract_id].add(reviewer_id)
                self.load[reviewer_id] += 1
        self.eligible = {
            a.id: [r.id for r in reviewers if not in_conflict(r, a)] for a in abstracts
        }
        self.new: dict[int, list[int]] = {r.id: [] for r in reviewers}  # reviewer → abstracts

    def add(self, abstract_id: int, reviewer_id: int) -> None:
        self.have[abstract_id].add(reviewer_id)
        self.load[reviewer_id] += 1
        self.new[reviewer_id].append(abstract_id)

    def move(self, abstract_id: int, busy: int, idle: int) -> None:
        self.have[abstract_id].discard(busy)
        self.load[busy] -= 1
        self.new[busy].remove(abstract_id)
        self.add(abstract_id, idle)

    def fill(self, abstracts: Sequence[Submission], per_abstract: int) -> None:
        for abstract in sorted(abstracts, key=lambda a: (len(self.eligible[a.id]), a.id)):
            have = self.have[abstract.id]
            for _ in range(per_abstract - len(have)):
                options = [r for r in self.eligible[abstract.id] if r not in have]
                if not options:
                    break
                self.add(abstract.id, min(options, key=lambda r: (self.load[r], r)))

    def _one_move(self) -> bool:
        by_load = sorted(self.load, key=lambda r: (self.load[r], r))
        for idle in by_load:
            for busy in reversed(by_load):
                if self.load[busy] - self.load[idle] <= 1:
                    break
                for abstract_id in self.new[busy]:
                    if idle not in self.have[abstract_id] and idle in self.eligible[abstract_id]:
                        self.move(abstract_id, busy, idle)
                        return True
        return False

    def balance(self) -> None:
        while self.load and max(self.load.values()) - min(self.load.values()) > 1:
            if not self._one_move():
                return


def plan_assignments(
    abstracts: Sequence[Submission],
    reviewers: Sequence[Candidate],
    *,
    per_abstract: int,
    existing: Iterable[Pair] = (),
) -> list[Pair]:
    """The new (abstract, reviewer) pairs; an abstract keeps fewer than `per_abstract`
    only if too few reviewers are free of conflicts."""
    plan = _Plan(abstracts, reviewers, set(existing))
    plan.fill(abstracts, per_abstract)
    plan.balance()
    return sorted((a, r) for r, abstracts_of in plan.new.items() for a in abstracts_of)
