"""The demo congress's programme, made from its accepted abstracts, and published."""

from __future__ import annotations

import datetime as dt

from congress.enums import AbstractState, SlotKind
from congress.services.programme import (
    PlacementWarnings,
    add_room,
    add_slot,
    place_contribution,
    publish_programme,
)
from congress.services.programme_view import programme_of
from congress.services.session_choice import SessionFull, choose_session
from congress.tables import Abstract
from events.demo_people import _people as demo_people
from events.enums import RegistrationStatus, Ribbon
from events.services.registration.rows import new_ticket_code, new_token
from events.tables import Event, Registration
from werkplaats.i18n import TIMEZONE

ROOMS = [("Aula", 300), ("Zaal 1.01", 40), ("Zaal 1.02", 30), ("Zaal 2.14", 25)]
# (day, start, end, kind, title, teaching minutes, in the Aula, description)
SLOTS = [
    (11, (9, 0), (9, 30), SlotKind.PLENARY, "Ontvangst met koffie", 0, False, ""),
    (11, (9, 30), (10, 30), SlotKind.PLENARY, "Opening en keynote: doen we het goede?", 60, True,
     "De lector Empowerment en Professionalisering over wat de Leerateliers opleverden."),
    (11, (10, 45), (11, 45), SlotKind.PARALLEL, "Ronde 1", 60, False, ""),
    (11, (11, 45), (12, 45), SlotKind.PLENARY, "Lunch", 0, False, "In de foyer; ook vegetarisch en halal."),
    (11, (12, 45), (13, 45), SlotKind.PARALLEL, "Ronde 2", 60, False, ""),
    (11, (14, 0), (15, 0), SlotKind.PARALLEL, "Ronde 3", 60, False, ""),
    (11, (15, 15), (16, 0), SlotKind.PLENARY, "Plenair gesprek: wat nemen we mee?", 45, True, ""),
    (12, (9, 30), (10, 15), SlotKind.PLENARY, "Keynote: de inwoner aan het woord", 45, True,
     "De cliëntenraad over ervaringskennis in het sociaal domein."),
    (12, (10, 30), (11, 30), SlotKind.PARALLEL, "Ronde 4", 60, False, ""),
    (12, (11, 45), (12, 30), SlotKind.PLENARY, "Afsluiting en borrel", 30, True, ""),
]  # fmt: skip


def _at(day: int, clock: tuple[int, int]) -> dt.datetime:
    return dt.datetime(2027, 11, day, *clock, tzinfo=TIMEZONE)


async def load_programme_demo(event_id: int, call_id: int) -> None:
    rooms = [await add_room(event_id, name=n, capacity=c) for n, c in ROOMS]
    rounds = []
    for day, start, end, kind, title, minutes, in_aula, description in SLOTS:
        slot = await add_slot(
            event_id,
            kind=kind,
            title=title,
            starts_at=_at(day, start),
            ends_at=_at(day, end),
            teaching_minutes=minutes,
            room_id=rooms[0] if in_aula else None,
            description=description,
        )
        if kind is SlotKind.PARALLEL:
            rounds.append(slot)
    places = [(slot, room) for slot in rounds for room in rooms[1:]]
    accepted = (
        await Abstract.select(Abstract.id)
        .where((Abstract.call == call_id) & (Abstract.state == AbstractState.ACCEPTED))
        .order_by(Abstract.id)
    )
    for row in accepted:
        for place in list(places):
            try:
                await place_contribution(row["id"], slot_id=place[0], room_id=place[1])
            except PlacementWarnings:
                continue
            places.remove(place)
            break
    await publish_programme(event_id)
    await _attendees_choose(event_id)


async def _attendees_choose(event_id: int, count: int = 40) -> None:
    """Forty registrations, most of whom chose a workshop in each round."""
    event = await Event.select(Event.starts_at).where(Event.id == event_id).first()
    created = event["starts_at"] - dt.timedelta(days=30)
    rows = await Registration.insert(
        *[
            Registration(
                event=event_id,
                token=new_token(),
                ticket_code=new_ticket_code(),
                status=RegistrationStatus.REGISTERED,
                source="web",
                created_at=created + dt.timedelta(hours=number * 3),
                **{**person, "ribbon": Ribbon.PARTICIPANT},
            )
            for number, person in enumerate(demo_people(count, 200))
        ]
    ).returning(Registration.id)
    programme = await programme_of(event_id)
    rounds = [slot for slot in programme.slots if slot.is_parallel and slot.sessions]
    for number, row in enumerate(rows):
        for round_number, slot in enumerate(rounds):
            if (number + round_number) % 5 == 4:  # some choose later
                continue
            session = slot.sessions[(number + round_number) % len(slot.sessions)]
            try:
                await choose_session(row["id"], session.id)
            except SessionFull:
                continue
