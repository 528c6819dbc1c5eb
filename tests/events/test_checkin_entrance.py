"""Entrance scans that arrive together are written together (`checkin.entrance`):
the same outcomes as one by one, each person once."""

from __future__ import annotations

import asyncio
from collections import Counter

from events.enums import CheckinOutcome, RegistrationStatus
from events.services.checkin.scans import Scanner, check_in
from events.tables import Checkin
from tests.events.test_checkin import make_event, person
from werkplaats.db import atomic

DOORS = [Scanner(name=f"Deur {n}") for n in range(4)]
UNKNOWN = "WPS1:0123456789ABCDEFGHJKMNPQRS"


async def test_scans_at_the_same_moment_keep_every_outcome_and_admit_each_person_once():
    event = await make_event(capacity=20)
    other = await make_event(capacity=5)
    people = [await person(event, f"Deelnemer {n}") for n in range(5)]
    cancelled = await person(event, "Afgemeld Iemand", status=RegistrationStatus.CANCELLED)
    elsewhere = await person(other, "Elders Iemand")
    twice = people[0]["ticket_code"]
    scans = [
        (twice, "a"), (twice, "b"), (twice, ""),  # one person at three doors
        (people[1]["ticket_code"], "retry"), (people[1]["ticket_code"], "retry"),
        (cancelled["ticket_code"], ""), (elsewhere["ticket_code"], ""), (UNKNOWN, ""),
        *[(p["ticket_code"], f"n{n}") for n, p in enumerate(people[2:])],
    ]  # fmt: skip

    results = await asyncio.gather(
        *(
            check_in(event, by=DOORS[n % 4], code=code, nonce=nonce)
            for n, (code, nonce) in enumerate(scans)
        )
    )

    outcomes = [r.outcome for r in results]
    assert Counter(outcomes[:3]) == {CheckinOutcome.OK: 1, CheckinOutcome.ALREADY_CHECKED_IN: 2}
    assert outcomes[3:5] == [CheckinOutcome.OK, CheckinOutcome.OK]  # a retry answers as before
    assert outcomes[5:8] == [
        CheckinOutcome.CANCELLED,
        CheckinOutcome.WRONG_EVENT,
        CheckinOutcome.UNKNOWN,
    ]
    assert outcomes[8:] == [CheckinOutcome.OK] * 3
    first = next(r for r in results[:3] if r.outcome is CheckinOutcome.OK)
    assert {r.checked_in_at for r in results[:3]} == {first.checked_in_at}
    assert {r.checked_in_by for r in results[:3]} == {first.checked_in_by}
    rows = await Checkin.select(Checkin.registration).where(Checkin.event == event)
    assert Counter(row["registration"] for row in rows) == {p["id"]: 1 for p in people}


async def test_a_scan_inside_a_transaction_is_written_in_it():
    event = await make_event()
    anne = await person(event, "Anne de Vries")

    try:
        async with atomic():
            result = await check_in(event, by=DOORS[0], code=anne["ticket_code"])
            raise RuntimeError("the caller's transaction fails after the scan")
    except RuntimeError:
        pass

    assert result.outcome is CheckinOutcome.OK
    assert await Checkin.count().where(Checkin.event == event) == 0  # rolled back with it
