"""The control of the race tests: a registration endpoint that is naive on purpose.

It counts the seats taken, waits a moment, then inserts: no transaction, no lock.
Under concurrent requests it hands out more seats than there are. If the race test
could not see that happen here, its green light on the real app would mean nothing.

Serve it like the app: `python -m uvicorn tests.events.race_app:app --port P`, with
the same DATABASE_URL.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import AsyncIterator
from typing import Any

from litestar import Litestar, get, post
from litestar.exceptions import NotFoundException

from events.enums import RegistrationStatus
from events.tables import Event, Registration
from werkplaats.db import close_database, open_database

RACE_WINDOW_SECONDS = 0.01


@post("/api/v1/events/{slug:str}/registrations", status_code=201)
async def register_naively(slug: str, data: dict[str, Any]) -> dict[str, Any]:
    event = await Event.select(Event.id, Event.capacity).where(Event.slug == slug).first()
    if event is None:
        raise NotFoundException()
    taken = await Registration.count().where(
        (Registration.event == event["id"]) & (Registration.status == RegistrationStatus.REGISTERED)
    )
    await asyncio.sleep(RACE_WINDOW_SECONDS)  # what a slow query or a busy server does
    full = event["capacity"] is not None and taken >= event["capacity"]
    status = RegistrationStatus.WAITLISTED if full else RegistrationStatus.REGISTERED
    await Registration.insert(
        Registration(
            event=event["id"],
            token=secrets.token_urlsafe(32),
            ticket_code=secrets.token_hex(13),
            status=status,
            name=data["name"],
            email=data["email"].strip().lower(),
        )
    )
    return {"status": status.value, "position": None}


@get("/health")
async def health() -> dict[str, bool]:
    return {"ok": True}


@contextlib.asynccontextmanager
async def lifespan(app: Litestar) -> AsyncIterator[None]:
    await open_database()
    try:
        yield
    finally:
        await close_database()


app = Litestar(route_handlers=[register_naively, health], lifespan=[lifespan])
