"""Where a target stands: the pure function, and the states on fixture years."""

from __future__ import annotations

import datetime as dt

import pytest

from events.enums import EventKind, EventStatus
from programme.enums import TargetKind, TargetState
from programme.services.report import year_report
from programme.services.years import create_programme, programme_year, set_targets, targets_of
from programme.targets import target_state
from tests.programme.helpers import add_event, at
from werkplaats.errors import FieldErrors
from werkplaats.i18n import TIMEZONE


@pytest.mark.parametrize(
    ("held", "planned", "year_over", "state"),
    [
        (2, 0, False, TargetState.MET),
        (3, 0, True, TargetState.MET),
        (1, 1, False, TargetState.ON_TRACK),
        (0, 2, False, TargetState.ON_TRACK),
        (1, 0, False, TargetState.AT_RISK),
        (0, 1, False, TargetState.AT_RISK),
        (1, 0, True, TargetState.MISSED),
        (1, 1, True, TargetState.MISSED),
    ],
)
def test_target_state(held: int, planned: int, year_over: bool, state: TargetState) -> None:
    assert target_state(minimum=2, held=held, planned=planned, year_over=year_over) == state


def test_target_state_zero_minimum_is_met() -> None:
    assert target_state(minimum=0, held=0, planned=0, year_over=True) == TargetState.MET


async def test_defaults_promise_the_congress_in_the_final_year_only() -> None:
    await create_programme("Werkplaats", 2020, 2022)

    first = await targets_of(await programme_year(2020))
    final = await targets_of(await programme_year(2022))

    assert first[TargetKind.CONGRES] == 0
    assert final[TargetKind.CONGRES] == 1
    assert final[TargetKind.REGIONALE_BIJEENKOMST] == 2
    assert final[TargetKind.THEMABIJEENKOMST] == 2
    assert final[TargetKind.PUBLICATIE] == 2


async def test_overlapping_programme_is_refused() -> None:
    await create_programme("Werkplaats", 2020, 2022)

    with pytest.raises(FieldErrors) as refused:
        await create_programme("Werkplaats bis", 2022, 2024)

    assert "first_year" in refused.value.errors
    assert await programme_year(2023) is None


async def test_each_state_on_a_fixture_year() -> None:
    """Mid-2021: regional meetings met (2 held), themed meetings on track (1 held, 1
    planned), topical lectures at risk (none held or planned, 1 promised); 2020 is
    over with one themed meeting of two: missed."""
    await create_programme("Werkplaats", 2020, 2022)
    await add_event("regio-1", EventKind.REGIONALE_BIJEENKOMST, at(2021, 2, 9))
    await add_event("regio-2", EventKind.REGIONALE_BIJEENKOMST, at(2021, 5, 11))
    await add_event("thema-1", EventKind.THEMABIJEENKOMST, at(2021, 3, 16))
    await add_event("thema-2", EventKind.THEMABIJEENKOMST, at(2021, 10, 5))
    await add_event(
        "thema-weg", EventKind.THEMABIJEENKOMST, at(2021, 11, 2), status=EventStatus.CANCELLED
    )
    await add_event("thema-2020", EventKind.THEMABIJEENKOMST, at(2020, 9, 8))
    now = dt.datetime(2021, 7, 1, tzinfo=TIMEZONE)

    mid_2021 = await year_report(2021, now=now)
    year_2020 = await year_report(2020, now=now)

    states = {t.kind: t.state for t in mid_2021.targets}
    assert states[TargetKind.REGIONALE_BIJEENKOMST] == TargetState.MET
    assert states[TargetKind.THEMABIJEENKOMST] == TargetState.ON_TRACK
    assert states[TargetKind.ACTUALITEITENCOLLEGE] == TargetState.AT_RISK
    themed = next(t for t in mid_2021.targets if t.kind == TargetKind.THEMABIJEENKOMST)
    assert (themed.held, themed.planned) == (1, 1)  # the cancelled one does not count
    assert [e.slug for e in themed.counted] == ["thema-1", "thema-2"]
    states_2020 = {t.kind: t.state for t in year_2020.targets}
    assert states_2020[TargetKind.THEMABIJEENKOMST] == TargetState.MISSED
    assert states_2020[TargetKind.CONGRES] == TargetState.MET  # none promised in 2020


async def test_targets_below_zero_are_refused_and_nothing_changes() -> None:
    await create_programme("Werkplaats", 2020, 2022)
    year = await programme_year(2021)
    values = {kind.value: "3" for kind in TargetKind}

    with pytest.raises(FieldErrors) as refused:
        await set_targets(year, values | {"themabijeenkomst": "-1", "publicatie": "twee"})

    assert set(refused.value.errors) == {"themabijeenkomst", "publicatie"}
    assert (await targets_of(year))[TargetKind.REGIONALE_BIJEENKOMST] == 2
    await set_targets(year, values)
    assert set((await targets_of(year)).values()) == {3}
