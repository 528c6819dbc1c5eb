"""Fixture years for the programme's results: events, registrations and check-ins
written straight into the tables, as the door and the form would leave them."""

from __future__ import annotations

import datetime as dt

from events.enums import EventKind, EventStatus, RegistrationStatus
from events.services.registration.rows import new_ticket_code, new_token
from events.tables import Checkin, Event, Partner, Registration
from programme.services.years import create_programme
from programme.tables import PartnerDomain, PartnerProfile
from werkplaats.i18n import TIMEZONE


def at(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 14, tzinfo=TIMEZONE)


async def add_event(
    slug: str,
    kind: EventKind,
    starts: dt.datetime,
    *,
    status: EventStatus = EventStatus.PUBLISHED,
) -> int:
    rows = await Event.insert(
        Event(
            title=slug.replace("-", " ").capitalize(),
            slug=slug,
            kind=kind,
            status=status,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=3),
        )
    ).returning(Event.id)
    return rows[0]["id"]


async def add_attendee(
    event_id: int,
    email: str,
    *,
    organisation: str = "",
    organisation_type: str = "",
    checked_in: bool = True,
) -> int:
    rows = await Registration.insert(
        Registration(
            event=event_id,
            token=new_token(),
            ticket_code=new_ticket_code(),
            status=RegistrationStatus.REGISTERED,
            name=email.partition("@")[0],
            email=email,
            organisation=organisation,
            organisation_type=organisation_type,
        )
    ).returning(Registration.id)
    if checked_in:
        await Checkin.insert(Checkin(event=event_id, registration=rows[0]["id"]))
    return rows[0]["id"]


async def add_partner(name: str, kind: str, domain: str, municipality: str) -> int:
    rows = await Partner.insert(Partner(name=name, kind=kind)).returning(Partner.id)
    partner_id = rows[0]["id"]
    await PartnerDomain.insert(PartnerDomain(partner=partner_id, domain=domain))
    await PartnerProfile.insert(
        PartnerProfile(partner=partner_id, municipality=municipality, region="IJmond")
    )
    return partner_id


async def year_2022() -> int:
    """The seed's programme with the year 2022 as the charts and the annual report read
    it: two partners, a regional meeting of three from Velsen (its id returned) and a
    themed one of one from Socius."""
    await create_programme("Werkplaats Sociaal Domein Noord-Holland", 2020, 2022)
    await add_partner("Gemeente Velsen", "gemeente", "velsen.example", "Velsen")
    await add_partner("Stichting Socius", "zorg_welzijn", "socius.example", "Haarlem")
    spring = await add_event("regio-voorjaar", EventKind.REGIONALE_BIJEENKOMST, at(2022, 3, 8))
    autumn = await add_event("thema-wonen", EventKind.THEMABIJEENKOMST, at(2022, 10, 4))
    for name in ("sanne", "ruud", "ilse"):
        await add_attendee(spring, f"{name}@velsen.example")
    await add_attendee(autumn, "joost@socius.example")
    return spring
