"""An event that took place, with people checked in: what certificates are about.

Check-ins are written as rows, as the door would write them (the check-in service
has its own tests); events are registered for while open, then moved into the past.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from events.services.catalogue.events import create_event
from events.services.registration.core import RegistrationInput, register
from events.tables import Checkin, Event, Registration, Session
from tests.conftest import demo_event_values
from werkplaats.i18n import TIMEZONE

# 13 October 2026, 13.30–17.00 Dutch summer time: a Tuesday in the past.
HELD_ON = dt.datetime(2026, 10, 13, 13, 30, tzinfo=TIMEZONE)
ACCREDITED = {
    "title": "Regionale bijeenkomst voorjaar 2027",
    "contact_name": "Secretariaat Werkplaats",
    "contact_email": "werkplaats@example.org",
    "accreditation_id": "PE-498765",
    "accreditation_points": Decimal("3"),
    "net_hours": Decimal("3.5"),
}


@dataclass(frozen=True)
class Held:
    slug: str
    event: dict[str, Any]
    people: list[dict[str, Any]]  # the registrations, in the order given

    def person(self, name: str) -> dict[str, Any]:
        return next(p for p in self.people if p["name"] == name)


def person(name: str, **details: Any) -> dict[str, Any]:
    email = name.lower().replace(" ", ".") + "@wijkteam.example"
    return {"name": name, "email": email, **details}


async def held_event(*people: dict[str, Any], ended: bool = True, **overrides: Any) -> Held:
    """An event with these registrations; `ended` moves it to 13 October 2026."""
    slug = await create_event(demo_event_values(**{**ACCREDITED, **overrides}))
    for details in people:
        await register(slug, RegistrationInput(privacy_consent=True, **details))
    if ended:
        await Event.update(
            {Event.starts_at: HELD_ON, Event.ends_at: HELD_ON + dt.timedelta(hours=3.5)}
        ).where(Event.slug == slug)
    event = await Event.select().where(Event.slug == slug).first()
    rows = await Registration.select().where(Registration.event == event["id"])
    by_email = {row["email"]: row for row in rows}
    return Held(slug, event, [by_email[p["email"]] for p in people])


async def check_in(
    registration: dict[str, Any], *, session_title: str | None = None, undone: bool = False
) -> None:
    """A check-in at the entrance, or in a session of that title (made if needed)."""
    session = None
    if session_title is not None:
        found = await Session.select(Session.id).where(Session.title == session_title).first()
        session = found["id"] if found else None
        if session is None:
            rows = await Session.insert(
                Session(
                    event=registration["event"],
                    title=session_title,
                    starts_at=HELD_ON,
                    ends_at=HELD_ON + dt.timedelta(hours=1),
                )
            ).returning(Session.id)
            session = rows[0]["id"]
    await Checkin.insert(
        Checkin(
            event=registration["event"],
            registration=registration["id"],
            session=session,
            by_name="Test",
            undone_at=dt.datetime.now(dt.UTC) if undone else None,
        )
    )
