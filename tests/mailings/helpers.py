"""Publications and events for the mailings tests."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from typing import Any

from events.services.catalogue.events import create_event
from events.services.catalogue.reference import save_theme
from events.services.checkin.scans import Scanner, check_in
from events.services.registration.core import RegistrationInput, register
from events.tables import Event, Registration
from mailings.services.publications import save_publication
from mailings.tables import MailingDelivery
from tests.conftest import demo_event_values
from werkplaats.mail.message import parse
from werkplaats.settings import get_settings


async def a_theme(name: str = "Sociale reflexiviteit") -> str:
    await save_theme({"name": name})
    return name.lower().replace(" ", "-")


async def a_publication(**overrides: Any) -> str:
    values: dict[str, Any] = {
        "title": "Handreiking integraal en wijkgericht werken in de K4",
        "kind": "handreiking",
        "url": "https://werkplaats.example.org/k4.pdf",
        "authors": "Leertraject K4, Hogeschool Inholland",
        "published_on": dt.date(2026, 6, 15),
        "summary": "Wat gemeenten in de K4 leerden over samenwerken in de wijk.",
    }
    values.update(overrides)
    return await save_publication(values)


async def an_event(**overrides: Any) -> str:
    return await create_event(demo_event_values(**overrides))


DOOR = Scanner(name="Sanne (ingang)")
PEOPLE = [
    ("Fatima el Amrani", "fatima@example.nl"),
    ("Jan de Boer", "jan@example.nl"),
    ("Sanne Visser", "sanne@example.nl"),
]


async def event_with_people(*, came: int = 1) -> str:
    """An event with the three of PEOPLE registered, the first `came` checked in."""
    slug = await an_event()
    for name, address in PEOPLE:
        await register(slug, RegistrationInput(name=name, email=address, privacy_consent=True))
    event_id = (await Event.select(Event.id).where(Event.slug == slug).first())["id"]
    for row in await Registration.select(Registration.id).order_by(Registration.id).limit(came):
        await check_in(event_id, by=DOOR, registration_id=row["id"], method="search")
    return slug


def mails_to(address: str) -> list[EmailMessage]:
    """The `.eml` files the file backend wrote for `address`, parsed."""
    found = []
    for path in sorted(get_settings().mail_dir.glob("*.eml")):
        message = parse(path.read_bytes())
        if address in str(message["To"]):
            found.append(message)
    return found


async def delivered(mailing_id: int, address: str) -> list[EmailMessage]:
    """The `.eml` files written for one recipient of one mailing (by its Message-ID)."""
    rows = await MailingDelivery.raw(
        "SELECT o.message_id FROM mailing_delivery d JOIN outgoing_mail o "
        "ON o.id = d.outgoing_mail WHERE d.mailing = {} AND d.to_address = {}",
        mailing_id,
        address,
    )
    ids = {row["message_id"] for row in rows}
    return [m for m in mails_to(address) if m["Message-ID"] in ids]
