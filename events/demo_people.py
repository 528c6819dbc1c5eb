"""Demo attendees: registrations for a past and a coming event, check-ins at the past one.

Made-up people (no real person's name), from the kinds of organisation in the
network. Written straight into the tables, without mails: a demo should not send
sixty confirmations. Idempotent: an event that has registrations is left alone.
"""

from __future__ import annotations

import datetime as dt
import itertools

from events.enums import OrganisationType, RegistrationStatus, Ribbon
from events.services.registration.rows import new_ticket_code, new_token
from events.tables import Checkin, Event, Registration

FIRST_NAMES = [
    "Anouk", "Bas", "Chantal", "Daan", "Esra", "Femke", "Gijs", "Hanneke", "Ilse", "Jeroen",
    "Karim", "Lotte", "Mehmet", "Nadia", "Olaf", "Priya", "Ruud", "Sanne", "Tamara", "Youssef",
]  # fmt: skip
SURNAMES = [
    "de Vries", "Bakker", "van den Berg", "Jansen", "el Amrani", "Visser", "Smit", "Mulder",
    "de Boer", "van Dijk", "Yilmaz", "Koster", "ter Horst", "Dekker", "van der Meer", "Bos",
]  # fmt: skip
ORGANISATIONS = [
    ("Gemeente Den Helder", OrganisationType.GEMEENTE, "Consulent Wmo"),
    ("Gemeente Schagen", OrganisationType.GEMEENTE, "Beleidsadviseur sociaal domein"),
    ("Gemeente Hollands Kroon", OrganisationType.GEMEENTE, "Medewerker toegang"),
    ("DOCK", OrganisationType.ZORG_WELZIJN, "Opbouwwerker"),
    ("MEE & de Wering", OrganisationType.ZORG_WELZIJN, "Cliëntondersteuner"),
    ("Haarlem Effect", OrganisationType.ZORG_WELZIJN, "Jongerenwerker"),
    ("Hogeschool Inholland", OrganisationType.ONDERWIJS, "Docent Social Work"),
    ("Cliëntenraad Sociaal Domein Kop van Noord-Holland", OrganisationType.CLIENTENORGANISATIE, "Lid"),
    ("", OrganisationType.STUDENT, "Student Social Work"),
]  # fmt: skip

# slug → (registered, of whom checked in; the first two are speakers, the third organises)
ATTENDANCE = {
    "regionale-bijeenkomst-najaar-2026": (36, 30),
    "regionale-bijeenkomst-voorjaar-2027": (48, 0),
    "actualiteitencollege-armoede-en-schulden": (22, 0),
}


def _people(count: int, offset: int) -> list[dict]:
    names = itertools.product(FIRST_NAMES, SURNAMES)
    people = []
    for number, (first, last) in enumerate(itertools.islice(names, offset, offset + count)):
        organisation, kind, role = ORGANISATIONS[number % len(ORGANISATIONS)]
        people.append(
            {
                "name": f"{first} {last}",
                "email": f"{first}.{last}".lower().replace(" ", "") + "@demo.example",
                "organisation": organisation,
                "organisation_type": kind,
                "job_role": role,
                # Social professionals registered with Registerplein; students are not.
                "registerplein_number": ""
                if kind in {OrganisationType.STUDENT, OrganisationType.CLIENTENORGANISATIE}
                else f"46100{10000 + offset + number}",
                "ribbon": Ribbon.SPEAKER
                if number < 2
                else Ribbon.ORGANISER
                if number == 2
                else Ribbon.PARTICIPANT,
            }
        )
    return people


async def load_demo_attendees() -> None:
    for offset, (slug, (registered, present)) in enumerate(ATTENDANCE.items()):
        event = await Event.select(Event.id, Event.starts_at).where(Event.slug == slug).first()
        if event is None or await Registration.exists().where(Registration.event == event["id"]):
            continue
        people = _people(registered, offset * 60)
        created = event["starts_at"] - dt.timedelta(days=21)
        await Registration.insert(
            *[
                Registration(
                    event=event["id"],
                    token=new_token(),
                    ticket_code=new_ticket_code(),
                    status=RegistrationStatus.REGISTERED,
                    source="web",
                    created_at=created + dt.timedelta(hours=number * 5),
                    **person,
                )
                for number, person in enumerate(people)
            ]
        )
        if present:
            await _check_in_the_first(event, present)


async def _check_in_the_first(event: dict, present: int) -> None:
    rows = (
        await Registration.select(Registration.id)
        .where(Registration.event == event["id"])
        .order_by(Registration.id)
        .limit(present)
    )
    opened = event["starts_at"] - dt.timedelta(minutes=20)
    await Checkin.insert(
        *[
            Checkin(
                event=event["id"],
                registration=row["id"],
                checked_in_at=opened + dt.timedelta(seconds=37 * number),
                by_name="Vrijwilliger ingang",
                method="scan" if number % 7 else "search",
            )
            for number, row in enumerate(rows)
        ]
    )
