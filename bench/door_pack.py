"""The offline door at an event's size: its pack and its sync.

    python -m bench.door_pack [--registrations 2000] [--repeat 7]

Runs in this process against a fresh SQLite file in a temporary directory (or
BENCH_DATABASE_URL: use a fresh database), with one event of `--registrations`
registered people (varied names and organisations, so compression is not flattered;
the code hashes do not compress at all), half of them checked in already, and a
volunteer's check-in link. Through the app over ASGI, as a phone asks:

- the bare JSON floor (`/health`: the middleware stack and `SELECT 1`);
- the whole pack, gzip as the browser asks for it: time, and size raw and compressed;
- the pack since a cursor a minute old, with nothing changed (the 30-s refresh);
- a batch of 500 scans, each a new check-in (`/scan/{token}/batch`), twice.

Goals (issue 15): the pack ≤ 250 KB compressed and served in ≤ 200 ms; a batch of
500 in < 1 s. Judging a scan on the phone is timed in the browser test
(tests/e2e/test_offline_door.py). The numbers also go to bench/results/door_pack.json.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gzip
import json
import random
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # `python bench/door_pack.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.in_process import environment, insert, timed

RESULTS = Path(__file__).resolve().parent / "results"
GOALS = {"whole pack (gzip)": 200.0, "batch of 500 scans": 1000.0}
SIZE_GOAL = 250 * 1024
BATCH = 500
FIRST = ("Anne", "Bram", "Chantal", "Daan", "Eva", "Fatima", "Gert", "Hanneke", "Ismail", "Joke")
LAST = ("de Vries", "Bakker", "van den Berg", "Jansen", "El Amrani", "Visser", "Smit", "de Boer")
ORGANISATIONS = (
    "Gemeente Den Helder",
    "Gemeente Haarlem",
    "MEE & de Wering",
    "DOCK Haarlem",
    "Wijkteam Schalkwijk",
    "Cliëntenraad Velsen",
    "Hogeschool Inholland",
    "",
)


async def _seed(registrations: int) -> tuple[str, list[str]]:
    """The event's volunteer link token, and the ticket codes of those not yet in."""
    from events.services.checkin.links import create_link
    from events.services.registration.rows import new_ticket_code, new_token
    from events.tables import Checkin, CheckinLink, Event, Registration

    rng = random.Random(15)
    now = dt.datetime.now(dt.UTC)
    await Event.insert(
        Event(
            title="Regionale bijeenkomst: de deur",
            slug="de-deur",
            kind="regionale_bijeenkomst",
            status="published",
            starts_at=now - dt.timedelta(hours=1),
            ends_at=now + dt.timedelta(hours=3),
        )
    )
    event = await Event.select().where(Event.slug == "de-deur").first()
    rows = [
        Registration(
            event=event["id"],
            token=new_token(),
            ticket_code=new_ticket_code(),
            status="registered",
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}",
            email=f"deelnemer{n}@example.org",
            organisation=rng.choice(ORGANISATIONS),
        )
        for n in range(registrations)
    ]
    await insert(Registration, rows)
    # registered in the weeks before, not in the minute a refresh reaches back
    await Registration.update({Registration.updated_at: now - dt.timedelta(days=3)}).where(
        Registration.event == event["id"]
    )
    people = await Registration.select(Registration.id, Registration.ticket_code).order_by(
        Registration.id
    )
    half = len(people) // 2
    checkins = [
        Checkin(event=event["id"], registration=p["id"], by_name="Ingang") for p in people[:half]
    ]
    await insert(Checkin, checkins)
    token = await create_link(event, label="Vrijwilliger ingang", by_user=None)
    await CheckinLink.update({CheckinLink.created_at: now - dt.timedelta(days=1)}).where(
        CheckinLink.event == event["id"]
    )
    return token, [p["ticket_code"] for p in people[half:]]


async def _measure(args: argparse.Namespace) -> tuple[dict[str, dict[str, float]], dict]:
    from litestar.testing import AsyncTestClient

    from werkplaats.app import create_app
    from werkplaats.cli import run_migrations
    from werkplaats.db import close_database, open_database

    await open_database()
    await run_migrations()
    token, codes = await _seed(args.registrations)
    await close_database()
    sizes: dict[str, int] = {}
    batches = iter(range(0, len(codes), BATCH))

    async with AsyncTestClient(app=create_app()) as client:
        gzip_headers = {"Accept-Encoding": "gzip"}

        async def health() -> None:
            assert (await client.get("/health")).status_code == 200

        async def whole() -> None:
            response = await client.get(f"/scan/{token}/pack", headers=gzip_headers)
            assert response.status_code == 200, response.text
            assert response.headers["content-encoding"] == "gzip"
            sizes["raw"] = len(response.content)  # decoded by the client; gzip as the server
            sizes["gzip"] = len(gzip.compress(response.content, compresslevel=6))
            sizes["people"] = len(response.json()["people"])
            sizes["checkins"] = len(response.json()["checkins"])

        cursor = (await client.get(f"/scan/{token}/pack")).json()["cursor"]

        async def since() -> None:
            response = await client.get(f"/scan/{token}/pack?since={cursor}", headers=gzip_headers)
            assert response.status_code == 200 and not response.json()["full"]
            sizes["since, raw"] = len(response.content)
            sizes["since, people"] = len(response.json()["people"])
            sizes["since, checkins"] = len(response.json()["checkins"])

        async def batch() -> None:
            start = next(batches)
            at = dt.datetime.now(dt.UTC).isoformat()
            scans = [
                {"nonce": f"bench-{start + n}", "scanned_at": at, "code": f"WPS1:{code}"}
                for n, code in enumerate(codes[start : start + BATCH])
            ]
            response = await client.post(f"/scan/{token}/batch", json={"scans": scans})
            results = response.json()["results"]
            assert response.status_code == 200 and {r["status"] for r in results} == {"ok"}

        rows = {
            "bare JSON, /health (floor)": await timed(health, args.repeat),
            "whole pack (gzip)": await timed(whole, args.repeat),
            "pack since a cursor, nothing new": await timed(since, args.repeat),
            "batch of 500 scans": await timed(batch, min(2, len(codes) // BATCH), warm=False),
        }
    return rows, sizes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.door_pack", description=__doc__)
    parser.add_argument("--registrations", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-door-pack-") as tmp:
        environment(tmp)
        rows, sizes = asyncio.run(_measure(args))
    floor = rows["bare JSON, /health (floor)"]["median_ms"]
    print(f"{'row':34} {'median ms':>10} {'max ms':>10} {'× floor':>8}  goal")
    for name, row in rows.items():
        goal = GOALS.get(name)
        verdict = (
            f"≤ {goal:.0f} ms {'met' if row['median_ms'] <= goal else 'NOT met'}" if goal else ""
        )
        ratio = row["median_ms"] / floor
        print(f"{name:34} {row['median_ms']:10.1f} {row['max_ms']:10.1f} {ratio:8.1f}  {verdict}")
    met = "met" if sizes["gzip"] <= SIZE_GOAL else "NOT met"
    print(
        f"pack of {sizes['people']} people, {sizes['checkins']} check-ins: "
        f"{sizes['raw'] / 1024:.0f} KB raw, {sizes['gzip'] / 1024:.0f} KB gzip "
        f"(≤ {SIZE_GOAL // 1024} KB {met}); since a cursor: {sizes['since, raw']} bytes raw, "
        f"{sizes['since, people']} people, {sizes['since, checkins']} check-ins"
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "door_pack.json").write_text(
        json.dumps({"args": vars(args), "rows": rows, "sizes": sizes}, indent=2)
    )


if __name__ == "__main__":
    main()
