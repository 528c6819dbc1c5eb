"""Check-in rules, tested on the service: outcomes, places, nonces, undo, counts."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from events.enums import CheckinOutcome, RegistrationStatus
from events.services.catalogue.events import create_event
from events.services.checkin import desk as checkin_desk
from events.services.checkin.guessing import (
    ADDRESS_UNKNOWN_LIMIT,
    UNKNOWN_LIMIT,
    UNKNOWN_WINDOW,
    TooManyUnknownCodes,
    scan,
)
from events.services.checkin.scans import Scanner, check_in, parse_code, undo_checkin
from events.services.registration.core import RegistrationInput, register
from events.services.registration.seats import change_status
from events.tables import Checkin, Event, Registration, Session
from tests.conftest import demo_event_values

DOOR = Scanner(name="Sanne (ingang)")
ANNA = Scanner(name="Anna")


async def make_event(**overrides: Any) -> int:
    slug = await create_event(demo_event_values(**overrides))
    row = await Event.select(Event.id).where(Event.slug == slug).first()
    return row["id"]


async def person(event_id: int, name: str, **status: Any) -> dict[str, Any]:
    slug = (await Event.select(Event.slug).where(Event.id == event_id).first())["slug"]
    email = name.lower().replace(" ", ".") + "@welzijn.example"
    await register(slug, RegistrationInput(name=name, email=email, privacy_consent=True))
    row = await Registration.select().where(Registration.email == email).first()
    if status.get("status"):
        await change_status(row["id"], status["status"], notify=False)
        row = await Registration.select().where(Registration.id == row["id"]).first()
    return row


async def session_of(event_id: int, room: str = "Zaal 1") -> int:
    now = dt.datetime(2030, 4, 16, 14, 0, tzinfo=dt.UTC)
    rows = await Session.insert(
        Session(event=event_id, title="Workshop", room=room, starts_at=now, ends_at=now)
    ).returning(Session.id)
    return rows[0]["id"]


def test_parse_code_reads_scanned_and_typed_forms():
    code = "0123456789ABCDEFGHJKMNPQRS"

    readings = [
        parse_code(f"WPS1:{code}"),
        parse_code(f"wps1;{code.lower()}"),
        parse_code("0123 4567 89AB CDEF GHJK MNPQ RS"),
        parse_code("O123-4567-89AB-CDEF-GHJK-MNPQ-RS"),  # O for 0, as typed by hand
        parse_code(f"  WPS1: {code}\n"),
    ]

    assert readings == [code] * 5
    assert parse_code("WPS1:ABC") is None
    assert parse_code(f"WPS1:{code[:-1]}U") is None  # U is not in the alphabet
    assert parse_code("") is None
    assert parse_code("x" * 500) is None


async def test_check_in_admits_once_then_says_since_when_and_by_whom():
    event = await make_event()
    anne = await person(event, "Anne de Vries")

    first = await check_in(event, code=f"WPS1:{anne['ticket_code']}", by=DOOR)
    second = await check_in(event, code=anne["ticket_code"], by=ANNA)

    assert first.outcome is CheckinOutcome.OK
    assert first.name == "Anne de Vries"
    assert first.message == "Welkom, Anne de Vries"
    assert second.outcome is CheckinOutcome.ALREADY_CHECKED_IN
    assert second.checked_in_at == first.checked_in_at
    assert second.checked_in_by == "Sanne (ingang)"
    assert await Checkin.count() == 1


async def test_check_in_refuses_those_without_a_seat():
    event = await make_event(capacity=1)
    seated = await person(event, "Bram Bakker")
    waiting = await person(event, "Chris Jansen")
    cancelled = await person(event, "Dewi Smit", status=RegistrationStatus.CANCELLED)

    outcomes = [
        (await check_in(event, code=row["ticket_code"], by=DOOR)).outcome
        for row in (seated, waiting, cancelled)
    ]

    assert waiting["status"] == RegistrationStatus.WAITLISTED
    assert outcomes == [
        CheckinOutcome.OK,
        CheckinOutcome.NOT_ADMITTED,
        CheckinOutcome.CANCELLED,
    ]
    assert await Checkin.count() == 1


async def test_check_in_of_another_events_ticket_names_nobody():
    here, elsewhere = await make_event(), await make_event(title="Actualiteitencollege armoede")
    guest = await person(elsewhere, "Eva Visser")

    result = await check_in(here, code=guest["ticket_code"], by=DOOR)
    unknown = await check_in(here, code="WPS1:" + "0" * 26, by=DOOR)
    nonsense = await check_in(here, code="https://example.org", by=DOOR)

    assert (result.outcome, result.name) == (CheckinOutcome.WRONG_EVENT, None)
    assert (unknown.outcome, unknown.name) == (CheckinOutcome.UNKNOWN, None)
    assert nonsense.outcome is CheckinOutcome.UNKNOWN
    assert await Checkin.count() == 0


async def test_registration_id_of_another_event_is_unknown():
    here, elsewhere = await make_event(), await make_event(title="Ander evenement")
    guest = await person(elsewhere, "Eva Visser")

    result = await check_in(here, registration_id=guest["id"], by=DOOR, method="search")

    assert result.outcome is CheckinOutcome.UNKNOWN


async def test_retried_request_with_the_same_nonce_answers_ok_again_and_writes_once():
    event = await make_event()
    anne = await person(event, "Anne de Vries")

    first = await check_in(event, code=anne["ticket_code"], by=DOOR, nonce="scan-41")
    retry = await check_in(event, code=anne["ticket_code"], by=DOOR, nonce="scan-41")
    other_scan = await check_in(event, code=anne["ticket_code"], by=DOOR, nonce="scan-42")

    assert (first.outcome, retry.outcome) == (CheckinOutcome.OK, CheckinOutcome.OK)
    assert retry.checked_in_at == first.checked_in_at
    assert other_scan.outcome is CheckinOutcome.ALREADY_CHECKED_IN
    assert await Checkin.count() == 1


async def test_nonce_reused_for_someone_else_still_checks_them_in():
    event = await make_event()
    anne, bram = await person(event, "Anne de Vries"), await person(event, "Bram Bakker")

    await check_in(event, code=anne["ticket_code"], by=DOOR, nonce="same")
    result = await check_in(event, code=bram["ticket_code"], by=DOOR, nonce="same")

    assert (result.outcome, result.name) == (CheckinOutcome.OK, "Bram Bakker")
    assert await Checkin.count() == 2


async def test_simultaneous_scans_of_one_code_give_one_ok():
    event = await make_event()
    anne = await person(event, "Anne de Vries")

    results = await asyncio.gather(
        *[check_in(event, code=anne["ticket_code"], by=DOOR) for _ in range(12)]
    )

    outcomes = sorted(r.outcome.value for r in results)
    assert outcomes == ["already_checked_in"] * 11 + ["ok"]
    assert await Checkin.count() == 1


async def test_session_check_in_also_admits_at_the_entrance():
    event = await make_event()
    room = await session_of(event)
    anne = await person(event, "Anne de Vries")

    in_room = await check_in(event, code=anne["ticket_code"], by=DOOR, session_id=room)
    at_door = await check_in(event, code=anne["ticket_code"], by=DOOR)
    again_in_room = await check_in(event, code=anne["ticket_code"], by=DOOR, session_id=room)

    assert in_room.outcome is CheckinOutcome.OK
    assert at_door.outcome is CheckinOutcome.ALREADY_CHECKED_IN
    assert again_in_room.outcome is CheckinOutcome.ALREADY_CHECKED_IN
    assert (await checkin_desk.counts(event)).checked_in == 1
    assert (await checkin_desk.counts(event, room)).checked_in == 1


async def test_session_of_another_event_is_refused():
    event, other = await make_event(), await make_event(title="Ander evenement")
    foreign_room = await session_of(other)
    anne = await person(event, "Anne de Vries")

    with pytest.raises(LookupError):
        await check_in(event, code=anne["ticket_code"], by=DOOR, session_id=foreign_room)
    assert await Checkin.count() == 0


async def test_undo_lets_the_person_be_checked_in_again():
    event = await make_event()
    anne = await person(event, "Anne de Vries")
    await check_in(event, code=anne["ticket_code"], by=DOOR)

    undone = await undo_checkin(event, anne["id"], session_id=None, by="Organisator")
    undone_twice = await undo_checkin(event, anne["id"], session_id=None, by="Organisator")
    again = await check_in(event, code=anne["ticket_code"], by=ANNA)

    assert (undone, undone_twice) == (True, False)
    assert again.outcome is CheckinOutcome.OK
    assert again.checked_in_by == "Anna"
    rows = await Checkin.select(Checkin.undone_by).order_by(Checkin.id)
    assert [r["undone_by"] for r in rows] == ["Organisator", ""]
    assert (await checkin_desk.counts(event)).checked_in == 1


async def test_counts_recent_and_search_at_the_door():
    event = await make_event()
    anne = await person(event, "Anne de Vries")
    bram = await person(event, "Bram Bakker")
    await person(event, "Bart de Boer", status=RegistrationStatus.CANCELLED)
    await check_in(event, code=anne["ticket_code"], by=DOOR)
    await check_in(event, code=bram["ticket_code"], by=DOOR)

    counts = await checkin_desk.counts(event)
    recent = await checkin_desk.recent(event)
    found = await checkin_desk.find_people(event, "b")  # one letter: too short
    found_b = await checkin_desk.find_people(event, "ba")

    assert (counts.checked_in, counts.expected) == (2, 2)
    assert [p.name for p in recent] == ["Bram Bakker", "Anne de Vries"]
    assert found == []
    assert [(p.name, p.status.value, bool(p.checked_in_at)) for p in found_b] == [
        ("Bram Bakker", "registered", True),
        ("Bart de Boer", "cancelled", False),
    ]


async def test_checkin_list_filters_in_and_absent():
    event = await make_event()
    anne = await person(event, "Anne de Vries")
    await person(event, "Bram Bakker")
    await check_in(event, code=anne["ticket_code"], by=DOOR)

    everyone = await checkin_desk.checkin_list(event)
    present = await checkin_desk.checkin_list(event, only="in")
    absent = await checkin_desk.checkin_list(event, only="absent")

    assert [line.person.name for line in everyone] == ["Anne de Vries", "Bram Bakker"]
    assert [line.person.name for line in present] == ["Anne de Vries"]
    assert [line.method for line in present] == ["scan"]
    assert [line.person.name for line in absent] == ["Bram Bakker"]


async def test_too_many_unknown_codes_make_the_scanner_wait():
    event = await make_event()
    anne = await person(event, "Anne de Vries")
    guesser = Scanner(name="Onbekend", link_id=99)
    for number in range(UNKNOWN_LIMIT):
        await scan(event, by=guesser, address="10.0.0.9", code=f"{number:026d}")

    with pytest.raises(TooManyUnknownCodes):
        await scan(event, by=guesser, address="10.0.0.9", code=anne["ticket_code"])
    honest = await scan(event, by=DOOR, address="10.0.0.1", code=anne["ticket_code"])

    assert honest.outcome is CheckinOutcome.OK


async def test_one_faulty_scanner_does_not_stop_the_doors_that_share_its_address():
    event = await make_event()
    anne = await person(event, "Anne de Vries")
    faulty = Scanner(name="Scanner zaal 2", link_id=98)
    venue_wifi = "10.0.0.50"
    for number in range(UNKNOWN_LIMIT):
        await scan(event, by=faulty, address=venue_wifi, code=f"{number:026d}")

    with pytest.raises(TooManyUnknownCodes) as refused:
        await scan(event, by=faulty, address=venue_wifi, code=anne["ticket_code"])
    neighbour = await scan(event, by=DOOR, address=venue_wifi, code=anne["ticket_code"])

    assert 0 < refused.value.retry_after <= UNKNOWN_WINDOW
    assert neighbour.outcome is CheckinOutcome.OK


async def test_an_address_that_guesses_with_many_scanners_is_stopped_far_later():
    event = await make_event()
    address = "10.0.0.60"
    for number in range(ADDRESS_UNKNOWN_LIMIT):
        scanner = Scanner(name="Gok", link_id=1000 + number // (UNKNOWN_LIMIT - 1))
        await scan(event, by=scanner, address=address, code=f"{number:026d}")

    with pytest.raises(TooManyUnknownCodes):
        await scan(event, by=DOOR, address=address, code="0" * 26)
