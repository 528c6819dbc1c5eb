"""A congress with accepted contributions, rooms and rounds, for the programme tests."""

from __future__ import annotations

import datetime as dt

from congress.enums import Decision, SlotKind
from congress.services.decisions import decide
from congress.services.programme import add_room, add_slot
from congress.services.submission import PersonInput, submit_abstract
from congress.tables import CallForAbstracts
from tests.congress.helpers import entry, make_congress
from werkplaats.i18n import TIMEZONE


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2030, 11, 11, hour, minute, tzinfo=TIMEZONE)


async def congress_with_programme():
    """(slug, event id, rooms {name: id}, slots {title: id}, accepted abstract ids)."""
    slug, call_id = await make_congress()
    event_id = (
        await CallForAbstracts.select(CallForAbstracts.event)
        .where(CallForAbstracts.id == call_id)
        .first()
    )["event"]
    noor = PersonInput("Noor Hendriks", "noor@inholland.example", "Hogeschool Inholland")
    fatma = PersonInput("Fatma Yilmaz", "fatma@mee.example", "MEE & de Wering")
    abstracts = []
    for title, speakers, track in (
        ("Reflecteren in het wijkteam", [noor], "sociale-reflexiviteit"),
        ("De klantreis armoede", [fatma], "blended-hulpverlening"),
        ("Dilemma's in de toegang", [noor], "sociale-reflexiviteit"),
    ):
        view = await submit_abstract(slug, entry(title=title, speakers=speakers, track=track))
        await decide(view.id, Decision.ACCEPT)
        abstracts.append(view.id)
    rooms = {
        name: await add_room(event_id, name=name, capacity=capacity)
        for name, capacity in (("Aula", 200), ("Zaal 1", 30), ("Zaal 2", 20))
    }
    slots = {}
    for title, kind, start, end, minutes, room in (
        ("Opening", SlotKind.PLENARY, at(9, 30), at(10, 30), 45, rooms["Aula"]),
        ("Ronde 1", SlotKind.PARALLEL, at(11), at(12), 60, None),
        ("Lunch", SlotKind.PLENARY, at(12), at(13), 0, None),
        ("Ronde 2", SlotKind.PARALLEL, at(13), at(14), 60, None),
    ):
        slots[title] = await add_slot(
            event_id, kind=kind, title=title, starts_at=start, ends_at=end,
            teaching_minutes=minutes, room_id=room,
        )  # fmt: skip
    return slug, event_id, rooms, slots, abstracts
