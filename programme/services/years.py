"""Programmes and their years' targets: which programme a year belongs to, the
targets in force (a year's own or the programme's default), and editing them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from events.services.catalogue.rules import EARLIEST, LATEST
from programme.enums import TargetKind
from programme.tables import FundedProgramme, ProgrammeTarget
from programme.targets import default_minimum
from werkplaats.db import atomic, lock
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _

MAX_MINIMUM = 1000


@dataclass(frozen=True)
class ProgrammeYear:
    programme_id: int
    name: str
    year: int
    first_year: int
    last_year: int

    @property
    def final(self) -> bool:
        return self.year == self.last_year

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


# The years a programme can run in: those events can be held in (events.services.catalogue.rules).
FIRST_YEAR, LAST_YEAR = EARLIEST.year, LATEST.year - 1


async def programme_year(year: int) -> ProgrammeYear | None:
    """The programme that runs in `year`, or None when no programme does."""
    row = (
        await FundedProgramme.select()
        .where((FundedProgramme.first_year <= year) & (FundedProgramme.last_year >= year))
        .first()
    )
    if row is None:
        return None
    return ProgrammeYear(row["id"], row["name"], year, row["first_year"], row["last_year"])


async def latest_year(today_year: int) -> int | None:
    """This year when a programme runs in it, else the last year of the latest one."""
    if await programme_year(today_year) is not None:
        return today_year
    row = (
        await FundedProgramme.select(FundedProgramme.last_year)
        .order_by(FundedProgramme.last_year, ascending=False)
        .first()
    )
    return row["last_year"] if row else None


async def create_programme(name: str, first_year: int, last_year: int) -> int:
    """A programme over whole years; years of two programmes never overlap."""
    async with atomic():
        await lock("programme")
        overlap = await FundedProgramme.exists().where(
            (FundedProgramme.first_year <= last_year) & (FundedProgramme.last_year >= first_year)
        )
        if not FIRST_YEAR <= first_year <= last_year <= LAST_YEAR:
            raise FieldErrors(
                {
                    "first_year": _(
                        "A programme runs from a first to a last year, both between "
                        "%(first)s and %(last)s."
                    )
                    % {"first": FIRST_YEAR, "last": LAST_YEAR}
                }
            )
        if overlap:
            raise FieldErrors({"first_year": _("These years overlap another programme.")})
        rows = await FundedProgramme.insert(
            FundedProgramme(name=name, first_year=first_year, last_year=last_year)
        ).returning(FundedProgramme.id)
    return rows[0]["id"]


async def targets_of(year: ProgrammeYear) -> dict[TargetKind, int]:
    """Every kind's minimum for the year: its own where set, else the default."""
    own = {
        TargetKind(row["kind"]): row["minimum"]
        for row in await ProgrammeTarget.select(
            ProgrammeTarget.kind, ProgrammeTarget.minimum
        ).where(ProgrammeTarget.year == year.year)
    }
    return {
        kind: own.get(kind, default_minimum(kind, final_year=year.final)) for kind in TargetKind
    }


def _parse_minimums(values: dict[str, Any]) -> dict[TargetKind, int]:
    errors: dict[str, str] = {}
    minimums: dict[TargetKind, int] = {}
    for kind in TargetKind:
        text = str(values.get(kind.value, "")).strip()
        try:
            number = int(text)
        except ValueError:
            errors[kind.value] = _("Enter a whole number.")
            continue
        if number < 0:
            errors[kind.value] = _("A target cannot be below zero.")
        elif number > MAX_MINIMUM:
            errors[kind.value] = _("Enter a number of at most %(max)s.") % {"max": MAX_MINIMUM}
        else:
            minimums[kind] = number
    if errors:
        raise FieldErrors(errors)
    return minimums


async def set_targets(year: ProgrammeYear, values: dict[str, Any]) -> None:
    """Replace the year's targets, all or nothing: one bad number changes none."""
    minimums = _parse_minimums(values)
    async with atomic():
        await lock(f"targets:{year.year}")
        await ProgrammeTarget.delete().where(ProgrammeTarget.year == year.year)
        await ProgrammeTarget.insert(
            *[
                ProgrammeTarget(
                    programme=year.programme_id, year=year.year, kind=kind, minimum=minimum
                )
                for kind, minimum in minimums.items()
            ]
        )
