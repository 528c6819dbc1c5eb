"""`python -m bench.seats SLUG`: the seats of one event as JSON, read with the app's tables.

Run with a bench run's environment (its DATABASE_URL) after a writing row, to check
what the server wrote rather than what it answered: seats taken against capacity,
the waiting list, and how far the mail outbox got.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections import Counter
from typing import Any


async def seats(slug: str) -> dict[str, Any]:
    from events.tables import Event, Registration
    from werkplaats.db import close_database, open_database
    from werkplaats.tables import OutgoingMail

    await open_database()
    try:
        event = await Event.select(Event.id, Event.capacity).where(Event.slug == slug).first()
        if event is None:
            raise SystemExit(f"no event {slug!r}")
        rows = await Registration.select(Registration.status, Registration.id).where(
            Registration.event == event["id"]
        )
        outbox = await OutgoingMail.select(OutgoingMail.state)
    finally:
        await close_database()
    return {
        "capacity": event["capacity"],
        "statuses": dict(Counter(row["status"] for row in rows)),
        "registrations": len(rows),
        "outbox": dict(Counter(row["state"] for row in outbox)),
    }


def main() -> None:
    print(json.dumps(asyncio.run(seats(sys.argv[1]))))


if __name__ == "__main__":
    main()
