"""`python -m tests.deploy.seed CAPACITY`: one published event in the database that
DATABASE_URL names (a private server of a fault test); prints its slug."""

from __future__ import annotations

import asyncio
import sys

from events.services.catalogue.events import create_event
from tests.values import demo_event_values
from werkplaats.db import close_database, open_database


async def _seed(capacity: int) -> str:
    await open_database()
    try:
        return await create_event(demo_event_values(capacity=capacity))
    finally:
        await close_database()


if __name__ == "__main__":
    print(asyncio.run(_seed(int(sys.argv[1]))))
