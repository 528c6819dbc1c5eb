"""Demo data for one programme year, taken from the network's own description.

Idempotent: themes, venues and partners are matched by slug or name, events by slug.
No real person's name or contact details.
"""

from __future__ import annotations

import datetime as dt

from events.codes import slugify
from events.demo_people import load_demo_attendees
from events.enums import EventKind, EventStatus, PartnerKind
from events.services.catalogue.events import create_event
from events.services.catalogue.reference import save_theme, save_venue
from events.tables import Event, Partner, Session, Theme, Venue
from werkplaats.i18n import TIMEZONE

THEMES = [
    (
        "Integraal en wijkgericht werken",
        "Leertraject in Schagen, Den Helder, Hollands Kroon en Texel (de K4).",
    ),
    ("Sociale reflexiviteit", "Bewust sociaal handelen van sociaal professionals."),
    (
        "Participatiewet in uitvoering",
        "Leeratelier met IJmond Werkt! over de uitvoering van de participatiewet.",
    ),
    (
        "Toegang tot hulp en ondersteuning",
        "Verbetertraject Toegang in Hollands Kroon, samen met Movisie.",
    ),
    (
        "Blended hulpverlening",
        "Blended Effectmeting en Benchmark: de optimale mix van online en fysieke hulp.",
    ),
    ("Inclusieve wijk", "Samen werken aan een inclusieve wijk in Haarlem-Schalkwijk."),
    (
        "Vitale stadsontwikkeling",
        "Bewoners en studenten bouwen aan een nieuwe wijk op het gasfabriekterrein in Alkmaar.",
    ),
]

VENUES = [
    {
        "name": "Hogeschool Inholland Haarlem",
        "address": "Zijlweg 131",
        "postal_code": "2015 CE",
        "city": "Haarlem",
        "directions": "Tien minuten lopen van station Haarlem. Rolstoeltoegankelijk; lift naast de hoofdingang.",
    },
    {
        "name": "Hogeschool Inholland Alkmaar",
        "address": "Bergerweg 200",
        "postal_code": "1817 MN",
        "city": "Alkmaar",
        "directions": "Bus 10 vanaf station Alkmaar. Gratis parkeren op het terrein.",
    },
    {
        "name": "Schouwburg De Kampanje",
        "address": "Bernhardplein 10",
        "postal_code": "1781 HH",
        "city": "Den Helder",
        "directions": "Vijf minuten lopen van station Den Helder.",
    },
    {
        "name": "Wijkcentrum Schalkwijk",
        "address": "Fie Carelsenplein 2",
        "postal_code": "2034 LA",
        "city": "Haarlem",
        "directions": "Bus 73 tot halte Winkelcentrum Schalkwijk.",
    },
]

PARTNERS = [
    ("Gemeente Haarlem", PartnerKind.GEMEENTE, "Haarlem"),
    ("Gemeente Alkmaar", PartnerKind.GEMEENTE, "Alkmaar"),
    ("Gemeente Den Helder", PartnerKind.GEMEENTE, "Den Helder"),
    ("Gemeente Schagen", PartnerKind.GEMEENTE, "Schagen"),
    ("Gemeente Hollands Kroon", PartnerKind.GEMEENTE, "Anna Paulowna"),
    ("Gemeente Texel", PartnerKind.GEMEENTE, "Den Burg"),
    ("DOCK", PartnerKind.ZORG_WELZIJN, "Haarlem"),
    ("Haarlem Effect", PartnerKind.ZORG_WELZIJN, "Haarlem"),
    ("MEE & de Wering", PartnerKind.ZORG_WELZIJN, "Alkmaar"),
    ("IJmond Werkt!", PartnerKind.OVERIG, "Velsen"),
    ("Movisie", PartnerKind.KENNISINSTITUUT, "Utrecht"),
    ("Hogeschool Inholland", PartnerKind.ONDERWIJS, "Haarlem"),
    (
        "Cliëntenraad Sociaal Domein Kop van Noord-Holland",
        PartnerKind.CLIENTENORGANISATIE,
        "Den Helder",
    ),
]


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TIMEZONE)


def _events(venues: dict[str, int]) -> list[dict]:
    haarlem, alkmaar = (
        venues["Hogeschool Inholland Haarlem"],
        venues["Hogeschool Inholland Alkmaar"],
    )
    return [
        {
            "slug": "regionale-bijeenkomst-najaar-2026",
            "title": "Regionale bijeenkomst najaar 2026",
            "kind": EventKind.REGIONALE_BIJEENKOMST,
            "starts_at": at(2026, 10, 6, 13, 30),
            "ends_at": at(2026, 10, 6, 17),
            "venue_id": alkmaar,
            "capacity": 150,
            "themes": ["integraal-en-wijkgericht-werken"],
            "summary": "De kennisagenda van de regio: wat leerden de Leerateliers dit jaar?",
        },
        {
            "slug": "actualiteitencollege-armoede-en-schulden",
            "title": "Actualiteitencollege: armoede en schulden in de klantreis",
            "kind": EventKind.ACTUALITEITENCOLLEGE,
            "starts_at": at(2026, 12, 10, 15, 30),
            "ends_at": at(2026, 12, 10, 17, 30),
            "venue_id": haarlem,
            "online_url": "https://meet.example.org/actualiteitencollege-armoede",
            "capacity": 80,
            "themes": ["blended-hulpverlening"],
            "accreditation_id": "PE-412345",
            "accreditation_points": 2,
            "net_hours": 2,
            "summary": "Wat leert de klantreis 'armoede' over de mix van online en fysieke hulp?",
            "description": "Onderzoekers van het BEB-project laten zien hoe inwoners met geldzorgen hulp vinden.\n\n"
            "- de klantreis in beeld\n- wat werkt online, wat niet\n- gesprek met professionals van MEE & de Wering",
        },
        {
            "slug": "themabijeenkomst-sociale-reflexiviteit",
            "title": "Themabijeenkomst sociale reflexiviteit",
            "kind": EventKind.THEMABIJEENKOMST,
            "starts_at": at(2027, 1, 19, 9, 30),
            "ends_at": at(2027, 1, 19, 12, 30),
            "venue_id": venues["Wijkcentrum Schalkwijk"],
            "capacity": 40,
            "themes": ["sociale-reflexiviteit", "inclusieve-wijk"],
            "summary": "Hoe handel je bewust sociaal? Een ochtend met casuïstiek uit Schalkwijk.",
        },
        {
            "slug": "actualiteitencollege-participatiewet",
            "title": "Actualiteitencollege: de participatiewet in de IJmond",
            "kind": EventKind.ACTUALITEITENCOLLEGE,
            "starts_at": at(2027, 3, 9, 15, 30),
            "ends_at": at(2027, 3, 9, 17),
            "online_url": "https://meet.example.org/participatiewet",
            "themes": ["participatiewet-in-uitvoering"],
            "summary": "Online college over wat IJmond Werkt! leerde over de uitvoering van de participatiewet.",
        },
        {
            "slug": "regionale-bijeenkomst-voorjaar-2027",
            "title": "Regionale bijeenkomst voorjaar 2027",
            "kind": EventKind.REGIONALE_BIJEENKOMST,
            "starts_at": at(2027, 4, 13, 13, 30),
            "ends_at": at(2027, 4, 13, 17),
            "venue_id": venues["Schouwburg De Kampanje"],
            "capacity": 250,
            "moderated": False,
            "themes": ["integraal-en-wijkgericht-werken", "toegang-tot-hulp-en-ondersteuning"],
            "summary": "Alle partners van de Werkplaats bij elkaar in de Kop van Noord-Holland.",
            "contact_name": "Secretariaat Werkplaats",
            "contact_email": "werkplaats@example.org",
            "accreditation_id": "PE-498765",
            "accreditation_points": 3,
            "net_hours": 3,
        },
        {
            "slug": "themabijeenkomst-vitale-stadsontwikkeling",
            "title": "Themabijeenkomst vitale stadsontwikkeling",
            "kind": EventKind.THEMABIJEENKOMST,
            "starts_at": at(2027, 6, 8, 14),
            "ends_at": at(2027, 6, 8, 17),
            "venue_id": alkmaar,
            "capacity": 60,
            "moderated": True,
            "themes": ["vitale-stadsontwikkeling"],
            "summary": "Bewoners en studenten Bouwkunde en Social Work over de nieuwe wijk op het gasfabriekterrein.",
        },
        {
            "slug": "congres-werkplaats-sociaal-domein-2027",
            "title": "Congres Werkplaats Sociaal Domein 2027: doen we het goede?",
            "kind": EventKind.CONGRES,
            "starts_at": at(2027, 11, 11, 9),
            "ends_at": at(2027, 11, 12, 16, 30),
            "venue_id": haarlem,
            "online_url": "https://meet.example.org/congres-2027",
            "capacity": 400,
            "themes": [
                "integraal-en-wijkgericht-werken",
                "sociale-reflexiviteit",
                "blended-hulpverlening",
            ],
            "summary": "Twee dagen kennisdelen over alle Leerateliers: doen we het goede in het sociaal domein, en doen we dat goed genoeg?",
            "accreditation_id": "PE-501234",
            "accreditation_points": 10,
            "net_hours": 11,
        },
    ]


SESSIONS = {
    "regionale-bijeenkomst-voorjaar-2027": [
        ("Ontvangst met koffie", (13, 30), (14, 0), "", ""),
        (
            "Opening: de regionale kennisagenda",
            (14, 0),
            (14, 30),
            "Lector Empowerment en Professionalisering",
            "Grote zaal",
        ),
        ("Workshop: integraal werken in de K4", (14, 45), (15, 45), "Leertraject K4", "Zaal 1"),
        (
            "Workshop: betere toegang in Hollands Kroon",
            (14, 45),
            (15, 45),
            "Verbetertraject Toegang",
            "Zaal 2",
        ),
        ("Plenair gesprek en borrel", (16, 0), (17, 0), "", "Grote zaal"),
    ],
}


async def _ensure_reference() -> dict[str, int]:
    for name, description in THEMES:
        if not await Theme.exists().where(Theme.slug == slugify(name)):
            await save_theme({"name": name, "description": description})
    for venue in VENUES:
        if not await Venue.exists().where(Venue.name == venue["name"]):
            await save_venue(venue)
    for name, kind, city in PARTNERS:
        if not await Partner.exists().where(Partner.name == name):
            await Partner.insert(Partner(name=name, kind=kind, city=city))
    return {row["name"]: row["id"] for row in await Venue.select(Venue.id, Venue.name)}


async def load_demo() -> None:
    venues = await _ensure_reference()
    for values in _events(venues):
        if not await Event.exists().where(Event.slug == values["slug"]):
            await create_event({**values, "status": EventStatus.PUBLISHED})
    for slug, items in SESSIONS.items():
        event = await Event.select(Event.id, Event.starts_at).where(Event.slug == slug).first()
        if event is None or await Session.exists().where(Session.event == event["id"]):
            continue
        day = event["starts_at"].astimezone(TIMEZONE)
        for position, (title, start, end, speakers, room) in enumerate(items):
            await Session.insert(
                Session(
                    event=event["id"],
                    title=title,
                    speakers=speakers,
                    room=room,
                    position=position,
                    starts_at=day.replace(hour=start[0], minute=start[1]),
                    ends_at=day.replace(hour=end[0], minute=end[1]),
                )
            )
    await load_demo_attendees()
