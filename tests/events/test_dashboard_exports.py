"""The dashboard counts each event's registrations; one export holds every event's."""

from __future__ import annotations

import csv
import html
import io
import re

from openpyxl import load_workbook

from events.services.catalogue.events import create_event
from events.services.registration.core import RegistrationInput, register
from tests.conftest import demo_event_values
from werkplaats.enums import Role
from werkplaats.i18n import TIMEZONE


async def _two_events() -> tuple[str, str]:
    spring = await create_event(demo_event_values(title="Leeratelier voorjaar", capacity=2))
    autumn_start = demo_event_values()["starts_at"].replace(month=10)
    autumn = await create_event(
        demo_event_values(
            title="Leeratelier najaar",
            starts_at=autumn_start,
            ends_at=autumn_start.replace(hour=17),
            capacity=None,
        )
    )
    for name in ("Zeger Aalders", "Anne Bakker", "Jan de Vries"):  # the third waits
        email = f"{name.split()[0].lower()}@example.org"
        await register(spring, RegistrationInput(name=name, email=email, privacy_consent=True))
    await register(
        autumn,
        RegistrationInput(
            name="Fatima el Amrani", email="fatima@example.org", privacy_consent=True
        ),
    )
    return spring, autumn


def _dashboard_row(page: str, title: str) -> list[str]:
    row = re.search(rf"<tr><td><a [^>]*>{title}</a></td>(.*?)</tr>", page, re.S).group(1)
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    return [re.sub(r"<[^>]+>", "", html.unescape(cell)).strip() for cell in cells]


async def test_dashboard_shows_registered_of_capacity_and_the_waiting_list(client, login):
    await _two_events()
    await login(Role.ORGANISER)

    page = (await client.get("/beheer/")).text

    assert _dashboard_row(page, "Leeratelier voorjaar")[-2:] == ["2 / 2", "1"]
    assert _dashboard_row(page, "Leeratelier najaar")[-2:] == ["1", "0"]
    assert 'href="/beheer/registrations.xlsx"' in page


async def test_all_events_export_has_every_registration_by_event_then_name(client, login):
    await _two_events()
    await login(Role.ORGANISER)

    csv_response = await client.get("/beheer/registrations.csv")
    xlsx_response = await client.get("/beheer/registrations.xlsx")

    assert csv_response.headers["cache-control"].startswith("private")
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Evenement", "Begin", "Naam", "E-mailadres"]
    assert [(row[0], row[2], row[8]) for row in rows[1:]] == [
        ("Leeratelier voorjaar", "Anne Bakker", "Aangemeld"),
        ("Leeratelier voorjaar", "Jan de Vries", "Op de wachtlijst"),
        ("Leeratelier voorjaar", "Zeger Aalders", "Aangemeld"),
        ("Leeratelier najaar", "Fatima el Amrani", "Aangemeld"),
    ]
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert [row[2] for row in cells[1:]] == [row[2] for row in rows[1:]]
    assert cells[1][1] == demo_event_values()["starts_at"].astimezone(TIMEZONE).replace(tzinfo=None)


async def test_all_events_export_is_for_organisers_only(client, login):
    await login(Role.CHECKIN)

    response = await client.get("/beheer/registrations.csv", follow_redirects=False)

    assert response.status_code == 403
