"""The programme's results at a year's size: the dashboard beside a bare page, and
the annual report PDF beside one WeasyPrint page.

    python -m bench.programme [--events 40] [--registrations 6000]
                              [--organisations 300] [--repeat 5]

Runs in this process against a fresh SQLite file in a temporary directory (or
BENCH_DATABASE_URL: use a fresh database), filled with one programme year of
`--events` held events, `--registrations` registrations of which four in five
checked in, from `--organisations` partners (each with its own domain, type and
municipality). Both pages go through the app over ASGI as a logged-in organiser, so
routing, the guard, the queries and the rendering all count; the floors take the
same road (`/privacy`: the site's layout and no query), and one WeasyPrint page on
the same PDF thread. Goals: dashboard ≤ 300 ms, report PDF ≤ 5 s.
The numbers also go to bench/results/programme.json.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # `python bench/programme.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.in_process import environment, insert, print_against_floors, timed, write_results

GOALS_MS = {"dashboard": 300.0, "report PDF": 5000.0}
YEAR = 2022
MUNICIPALITIES = ("Haarlem", "Alkmaar", "Velsen", "Den Helder", "Schagen", "Texel", "Heemskerk")
KINDS = ("gemeente", "zorg_welzijn", "onderwijs", "clientenorganisatie", "netwerk", "overig")
EVENT_KINDS = ("regionale_bijeenkomst", "themabijeenkomst", "actualiteitencollege")
PASSWORD = "bench-organiser-password-long-42"


async def _seed(events: int, registrations: int, organisations: int) -> None:
    from events.services.registration.rows import new_ticket_code, new_token
    from events.tables import Checkin, Event, Partner, Registration
    from programme.services.years import create_programme
    from programme.tables import PartnerDomain, PartnerProfile
    from werkplaats.i18n import TIMEZONE

    rng = random.Random(12)
    await create_programme("Werkplaats Sociaal Domein Noord-Holland", 2020, YEAR)
    await insert(
        Partner,
        [Partner(name=f"Organisatie {n}", kind=rng.choice(KINDS)) for n in range(organisations)],
    )
    ids = [row["id"] for row in await Partner.select(Partner.id).order_by(Partner.id)]
    await insert(PartnerDomain, [PartnerDomain(partner=p, domain=f"org{p}.example") for p in ids])
    await insert(
        PartnerProfile,
        [PartnerProfile(partner=p, municipality=rng.choice(MUNICIPALITIES)) for p in ids],
    )
    starts = [
        dt.datetime(YEAR, 1, 10, 14, tzinfo=TIMEZONE) + dt.timedelta(days=8 * n)
        for n in range(events)
    ]
    await insert(
        Event,
        [
            Event(
                title=f"Bijeenkomst {n}",
                slug=f"bijeenkomst-{n}",
                kind=EVENT_KINDS[n % 3],
                status="published",
                starts_at=s,
                ends_at=s + dt.timedelta(hours=3),
            )
            for n, s in enumerate(starts)
        ],
    )
    event_ids = [row["id"] for row in await Event.select(Event.id).order_by(Event.id)]
    people = [
        (f"persoon{n}@org{rng.choice(ids)}.example", f"Persoon {n}")
        for n in range(registrations // 3)
    ]
    rows, seen = [], set()
    while len(rows) < registrations:
        event, (email, name) = rng.choice(event_ids), rng.choice(people)
        if (event, email) not in seen:
            seen.add((event, email))
            rows.append(
                Registration(
                    event=event,
                    token=new_token(),
                    ticket_code=new_ticket_code(),
                    status="registered",
                    name=name,
                    email=email,
                )
            )
    await insert(Registration, rows)
    checked = await Registration.select(Registration.id, Registration.event)
    await insert(
        Checkin,
        [Checkin(event=r["event"], registration=r["id"]) for r in checked if rng.random() < 0.8],
    )


async def _measure(args: argparse.Namespace) -> dict[str, dict[str, float]]:
    from litestar.testing import AsyncTestClient

    from werkplaats.app import create_app
    from werkplaats.auth.accounts import create_user
    from werkplaats.cli import run_migrations
    from werkplaats.db import close_database, open_database
    from werkplaats.enums import Role
    from werkplaats.pdf import html_to_pdf, in_pdf_thread

    await open_database()
    await run_migrations()
    await _seed(args.events, args.registrations, args.organisations)
    await create_user("bench@werkplaats.test", role=Role.ORGANISER, name="Bench", password=PASSWORD)
    await close_database()

    async def get(client, path: str, size: int = 0):
        response = await client.get(path)
        assert response.status_code == 200 and len(response.content) > size, (path, response)

    async with AsyncTestClient(app=create_app()) as client:
        await client.get("/login")
        form = {
            "email": "bench@werkplaats.test",
            "password": PASSWORD,
            "_csrf_token": client.cookies["csrftoken"],
        }
        await client.post("/login", data=form)
        base = f"/beheer/resultaten/{YEAR}"
        return {
            "bare page (floor)": await timed(lambda: get(client, "/privacy"), args.repeat),
            "dashboard": await timed(lambda: get(client, base, 10_000), args.repeat),
            "one chart, by municipality (SVG)": await timed(
                lambda: get(client, f"{base}/grafieken/gemeente.svg", 1_000), args.repeat
            ),
            "one WeasyPrint page (floor)": await timed(
                lambda: in_pdf_thread(html_to_pdf, "<p>Werkplaats</p>", stylesheets=("base.css",)),
                args.repeat,
            ),
            "report PDF": await timed(
                lambda: get(client, f"{base}/jaarverslag.pdf", 20_000), args.repeat
            ),
        }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.programme", description=__doc__)
    parser.add_argument("--events", type=int, default=40)
    parser.add_argument("--registrations", type=int, default=6000)
    parser.add_argument("--organisations", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-programme-") as tmp:
        environment(tmp)
        rows = asyncio.run(_measure(args))
    floors = {
        "dashboard": "bare page (floor)",
        "one chart, by municipality (SVG)": "bare page (floor)",
        "report PDF": "one WeasyPrint page (floor)",
    }
    print_against_floors(rows, floors, GOALS_MS)
    write_results("programme", args, rows)


if __name__ == "__main__":
    main()
