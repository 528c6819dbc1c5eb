"""The `session_admission` point: an app may refuse someone at a session's door."""

from __future__ import annotations

import datetime as dt

from events import hooks
from events.enums import CheckinOutcome
from events.services.catalogue.events import create_event
from events.services.checkin.scans import Scanner, check_in
from events.services.registration.core import RegistrationInput, register
from events.tables import Event, Registration, Session
from tests.conftest import demo_event_values

DOOR = Scanner(name="Deur zaal 2")


async def _event_with_session() -> tuple[int, int, list[dict]]:
    slug = await create_event(demo_event_values())
    event = await Event.select(Event.id, Event.starts_at).where(Event.slug == slug).first()
    rows = await Session.insert(
        Session(
            event=event["id"],
            title="Workshop schulden",
            starts_at=event["starts_at"],
            ends_at=event["starts_at"] + dt.timedelta(hours=1),
        )
    ).returning(Session.id)
    for n in range(2):
        await register(
            slug, RegistrationInput(name=f"D {n}", email=f"d{n}@x.example", privacy_consent=True)
        )
    people = await Registration.select().order_by(Registration.id)
    return event["id"], rows[0]["id"], people


async def test_a_listener_saying_false_keeps_someone_out_of_the_session_only():
    event_id, session_id, (chose, other) = await _event_with_session()

    async def only_who_chose(session: int, registration: int) -> bool | None:
        return registration == chose["id"]

    hooks.session_admission.register(only_who_chose)
    try:
        inside = await check_in(event_id, by=DOOR, code=chose["ticket_code"], session_id=session_id)
        kept_out = await check_in(
            event_id, by=DOOR, code=other["ticket_code"], session_id=session_id
        )
        entrance = await check_in(event_id, by=DOOR, code=other["ticket_code"])
    finally:
        hooks.session_admission.forget(only_who_chose)

    assert inside.outcome is CheckinOutcome.OK
    assert kept_out.outcome is CheckinOutcome.NOT_ADMITTED
    assert kept_out.message == "Niet toegelaten: D 1"
    assert entrance.outcome is CheckinOutcome.OK


async def test_no_opinion_admits_anyone_registered():
    event_id, session_id, (person, _other) = await _event_with_session()

    async def no_opinion(session: int, registration: int) -> bool | None:
        return None

    hooks.session_admission.register(no_opinion)
    try:
        result = await check_in(
            event_id, by=DOOR, code=person["ticket_code"], session_id=session_id
        )
    finally:
        hooks.session_admission.forget(no_opinion)

    assert result.outcome is CheckinOutcome.OK
