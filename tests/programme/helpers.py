"""Fixture years for the programme's results: events, registrations and check-ins
written straight into the tables, as the door and the form would leave them."""

from __future__ import annotations

import datetime as dt

from events.enums import EventKind, EventStatus, RegistrationStatus
from events.services.registration.rows import new_ticket_code, new_token
from events.tables import Checkin, Event, Partner, Registration
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
