"""`python -m bench.people SLUG N`: N registered people for an event, straight into the
database of a bench run (its DATABASE_URL); prints their ticket codes as JSON.

Written in bulk, not through the registration service: the rows a check-in reads are
what matters here, not the cost of registering them.
"""

from __future__ import annotations

import asyncio
import json
import sys


async def people(slug: str, count: int) -> list[str]:
    from events.enums import RegistrationStatus
    from events.services.registration.rows import new_ticket_code, new_token
    from events.tables import Event, Registration
    from werkplaats.db import close_database, open_database

    await open_database()
    try:
        event = await Event.select(Event.id).where(Event.slug == slug).first()
        if event is None:
            raise SystemExit(f"no event {slug!r}")
        rows = [
            Registration(
                event=event["id"],
                token=new_token(),
                ticket_code=new_ticket_code(),
                status=RegistrationStatus.REGISTERED,
                name=f"Deelnemer {number}",
                email=f"deelnemer-{number}@{slug}.example",
                organisation="Gemeente Den Helder",
            )
            for number in range(count)
        ]
        for start in range(0, count, 500):
            await Registration.insert(*rows[start : start + 500])
        codes = await Registration.select(Registration.ticket_code).where(
            Registration.event == event["id"]
        )
    finally:
        await close_database()
    return [row["ticket_code"] for row in codes]


def main() -> None:
    print(json.dumps(asyncio.run(people(sys.argv[1], int(sys.argv[2])))))


if __name__ == "__main__":
    main()
