"""Demo results: the programme 2020–2022 of the context text, what the network knows
of its partners (municipality, region, e-mail domain), and a year 2022 with its
events, registrations and check-ins — some targets met, others not.

Written straight into the tables, without mails. Idempotent: runs after events'
demo (which makes the partners) and leaves what exists alone. Domains are made up
(`.example`): no real person's address."""

from __future__ import annotations

import datetime as dt
import itertools

from events.demo import at
from events.demo_people import FIRST_NAMES, SURNAMES
from events.enums import EventKind, EventStatus, RegistrationStatus
from events.services.registration.rows import new_ticket_code, new_token
from events.tables import Checkin, Event, Partner, Registration
from programme.services.years import create_programme
from programme.tables import FundedProgramme, PartnerDomain, PartnerProfile

# partner → (municipality, region, e-mail domain)
PARTNER_PLACES = {
    "Gemeente Haarlem": ("Haarlem", "Zuid-Kennemerland", "haarlem.demo.example"),
    "Gemeente Alkmaar": ("Alkmaar", "Noord-Kennemerland", "alkmaar.demo.example"),
    "Gemeente Den Helder": ("Den Helder", "Kop van Noord-Holland (K4)", "denhelder.demo.example"),
    "Gemeente Schagen": ("Schagen", "Kop van Noord-Holland (K4)", "schagen.demo.example"),
    "Gemeente Hollands Kroon": (
        "Hollands Kroon",
        "Kop van Noord-Holland (K4)",
        "hollandskroon.demo.example",
    ),
    "Gemeente Texel": ("Texel", "Kop van Noord-Holland (K4)", "texel.demo.example"),
    "DOCK": ("Haarlem", "Zuid-Kennemerland", "dock.demo.example"),
    "Haarlem Effect": ("Haarlem", "Zuid-Kennemerland", "haarlemeffect.demo.example"),
    "MEE & de Wering": ("Alkmaar", "Noord-Kennemerland", "meedewering.demo.example"),
    "IJmond Werkt!": ("Velsen", "IJmond", "ijmondwerkt.demo.example"),
    "Hogeschool Inholland": ("Haarlem", "Zuid-Kennemerland", "inholland.demo.example"),
}

# (slug, title, kind, start, registered, checked in): 2022 has one themed meeting of
# the two promised and no publication; the rest is met. 2021 brings returning people.
EVENTS = [
    (
        "regionale-bijeenkomst-najaar-2021",
        "Regionale bijeenkomst najaar 2021",
        EventKind.REGIONALE_BIJEENKOMST,
        at(2021, 11, 16, 13, 30),
        40,
        34,
    ),
    (
        "regionale-bijeenkomst-voorjaar-2022",
        "Regionale bijeenkomst voorjaar 2022: de K4 na corona",
        EventKind.REGIONALE_BIJEENKOMST,
        at(2022, 3, 22, 13, 30),
        52,
        44,
    ),
    (
        "themabijeenkomst-participatiewet-2022",
        "Themabijeenkomst: uitvoering van de Participatiewet in de IJmond",
        EventKind.THEMABIJEENKOMST,
        at(2022, 5, 17, 14),
        30,
        24,
    ),
    (
        "actualiteitencollege-sociale-reflexiviteit-2022",
        "Actualiteitencollege: sociale reflexiviteit",
        EventKind.ACTUALITEITENCOLLEGE,
        at(2022, 6, 14, 15, 30),
        26,
        19,
    ),
    (
        "actualiteitencollege-schalkwijk-2022",
        "Actualiteitencollege: een inclusieve wijk in Schalkwijk",
        EventKind.ACTUALITEITENCOLLEGE,
        at(2022, 9, 27, 15, 30),
        24,
        20,
    ),
    (
        "regionale-bijeenkomst-najaar-2022",
        "Regionale bijeenkomst najaar 2022",
        EventKind.REGIONALE_BIJEENKOMST,
        at(2022, 10, 11, 13, 30),
        48,
        41,
    ),
    (
        "congres-werkplaats-2022",
        "Congres Werkplaats Sociaal Domein: doen we het goede?",
        EventKind.CONGRES,
        at(2022, 11, 24, 9),
        120,
        104,
    ),
]

DOMAINS = [place[2] for place in PARTNER_PLACES.values()]
NAMES = list(itertools.product(FIRST_NAMES, SURNAMES))


async def _partners() -> None:
    partners = {row["name"]: row["id"] for row in await Partner.select(Partner.id, Partner.name)}
    for name, (municipality, region, domain) in PARTNER_PLACES.items():
        partner_id = partners.get(name)
        if partner_id is None:
            continue
        if not await PartnerProfile.exists().where(PartnerProfile.partner == partner_id):
            await PartnerProfile.insert(
                PartnerProfile(partner=partner_id, municipality=municipality, region=region)
            )
        if not await PartnerDomain.exists().where(PartnerDomain.domain == domain):
            await PartnerDomain.insert(PartnerDomain(partner=partner_id, domain=domain))


def _person(number: int) -> dict:
    """People overlap between events (number modulo the names): some return."""
    first, last = NAMES[number % len(NAMES)]
    local = f"{first}.{last}".lower().replace(" ", "")
    # Every fifth person types an organisation that is no partner (a gmail-like address).
    if number % 5 == 4:
        return {
            "name": f"{first} {last}",
            "email": f"{local}@mail.demo.example",
            "organisation": "Buurtteam Schalkwijk",
            "organisation_type": "zorg_welzijn",
        }
    domain = DOMAINS[number % len(DOMAINS)]
    return {"name": f"{first} {last}", "email": f"{local}@{domain}", "organisation": ""}


async def _event(
    index: int,
    slug: str,
    title: str,
    kind: EventKind,
    starts: dt.datetime,
    registered: int,
    present: int,
) -> None:
    if await Event.exists().where(Event.slug == slug):
        return
    rows = await Event.insert(
        Event(
            title=title,
            slug=slug,
            kind=kind,
            status=EventStatus.PUBLISHED,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=4),
            capacity=registered + 20,
        )
    ).returning(Event.id)
    event_id = rows[0]["id"]
    registrations = await Registration.insert(
        *[
            Registration(
                event=event_id,
                token=new_token(),
                ticket_code=new_ticket_code(),
                status=RegistrationStatus.REGISTERED,
                source="web",
                created_at=starts - dt.timedelta(days=20),
                **_person(index * 17 + n),
            )
            for n in range(registered)
        ]
    ).returning(Registration.id)
    await Checkin.insert(
        *[
            Checkin(event=event_id, registration=row["id"], checked_in_at=starts, by_name="Demo")
            for row in registrations[:present]
        ]
    )


async def load_demo() -> None:
    await _partners()
    if not await FundedProgramme.exists().where(FundedProgramme.first_year == 2020):
        await create_programme("Werkplaats Sociaal Domein Noord-Holland '20-'22", 2020, 2022)
    for index, values in enumerate(EVENTS):
        await _event(index, *values)
