"""A programme year's results in one value: the targets with their state and what
counts for each, and the reach. The dashboard, the API and the exports show it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from programme.enums import TargetKind, TargetState
from programme.services.counts import (
    CountedEvent,
    CountedPublication,
    events_of_year,
    publications_of_year,
)
from programme.services.reach import Reach, reach_of_year
from programme.services.years import ProgrammeYear, programme_year, targets_of
from programme.targets import target_state
from werkplaats.i18n import TIMEZONE


@dataclass(frozen=True)
class TargetResult:
    kind: TargetKind
    minimum: int
    held: int
    planned: int
    state: TargetState
    counted: list[CountedEvent] | list[CountedPublication]


@dataclass(frozen=True)
class YearReport:
    year: ProgrammeYear
    targets: list[TargetResult]
    events: list[CountedEvent]
    publications: list[CountedPublication]
    reach: Reach

    @property
    def attendance(self) -> int:
        return sum(event.attendance for event in self.events)


def _result(kind: TargetKind, minimum: int, counted: list, *, year_over: bool) -> TargetResult:
    held = sum(1 for item in counted if item.held)
    state = target_state(
        minimum=minimum, held=held, planned=len(counted) - held, year_over=year_over
    )
    return TargetResult(kind, minimum, held, len(counted) - held, state, counted)


async def _targets(
    programme: ProgrammeYear,
    events: list[CountedEvent],
    publications: list[CountedPublication],
    *,
    now: dt.datetime,
) -> list[TargetResult]:
    year_over = now.astimezone(TIMEZONE).year > programme.year
    targets = []
    for kind, minimum in (await targets_of(programme)).items():
        counted = (
            publications
            if kind.event_kind is None
            else [event for event in events if event.kind == kind.event_kind]
        )
        targets.append(_result(kind, minimum, counted, year_over=year_over))
    return targets


async def year_targets(year: int, *, now: dt.datetime) -> list[TargetResult]:
    """The year's targets with their state, without the reach (the chart of the
    programme's years reads each year's)."""
    programme = await programme_year(year)
    if programme is None:
        return []
    events = await events_of_year(year, now=now)
    publications = await publications_of_year(year, today=now.astimezone(TIMEZONE).date())
    return await _targets(programme, events, publications, now=now)


async def year_report(year: int, *, now: dt.datetime | None = None) -> YearReport | None:
    """None when no programme runs in `year`."""
    programme = await programme_year(year)
    if programme is None:
        return None
    now = now or dt.datetime.now(TIMEZONE)
    events = await events_of_year(year, now=now)
    publications = await publications_of_year(year, today=now.astimezone(TIMEZONE).date())
    targets = await _targets(programme, events, publications, now=now)
    return YearReport(programme, targets, events, publications, await reach_of_year(year))
