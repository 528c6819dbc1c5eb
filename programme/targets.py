"""Where a target stands: a pure function of what was held, what is planned, and
whether the year is over. Kept apart from the database so that each state can be
tested on fixture years without a calendar."""

from __future__ import annotations

from programme.enums import TargetKind, TargetState

# The programme's promises per year (context: "Wat zijn de verwachte resultaten?").
# It names topical lectures without a number: one a year at least, editable per year.
DEFAULT_TARGETS = {
    TargetKind.REGIONALE_BIJEENKOMST: 2,
    TargetKind.THEMABIJEENKOMST: 2,
    TargetKind.PUBLICATIE: 2,
    TargetKind.ACTUALITEITENCOLLEGE: 1,
}


def default_minimum(kind: TargetKind, *, final_year: bool) -> int:
    """The congress is promised once, at the end of the programme."""
    if kind is TargetKind.CONGRES:
        return 1 if final_year else 0
    return DEFAULT_TARGETS[kind]


def target_state(*, minimum: int, held: int, planned: int, year_over: bool) -> TargetState:
    """Met once enough were held; after the year, missed otherwise; during it, on
    track when the planned ones would make up the difference, else at risk."""
    if held >= minimum:
        return TargetState.MET
    if year_over:
        return TargetState.MISSED
    if held + planned >= minimum:
        return TargetState.ON_TRACK
    return TargetState.AT_RISK
