"""Events with registrations for the badge tests, made through the real services."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from events.enums import RegistrationStatus
from events.services.catalogue.events import create_event
from events.services.registration.core import RegistrationInput, register
from events.services.registration.seats import change_status
from events.tables import Event, Registration
from tests.conftest import demo_event_values, eventually
from tests.events.pdf_pages import pages, scan
from werkplaats.jobs import job_view

# Registered in this order; by surname they are Amrani, Bakker, Berg, Vries.
PEOPLE = [
    ("Jan de Vries", "jan@haarlem.example", "Gemeente Haarlem"),
    ("Fatima el Amrani", "fatima@haarlemmermeer.example", "Gemeente Haarlemmermeer"),
    ("Maria van der Berg", "maria@velsen.example", "Wijkteam Velsen"),
    ("Anna Bakker", "anna@inholland.example", "Hogeschool Inholland"),
]
BY_SURNAME = ["Fatima el Amrani", "Anna Bakker", "Maria van der Berg", "Jan de Vries"]


async def event_with_people(people=PEOPLE, **overrides) -> tuple[str, int, dict[str, int]]:
    """A published event, its id, and registration id by name (all registered)."""
    slug = await create_event(demo_event_values(**overrides))
    event = await Event.select(Event.id).where(Event.slug == slug).first()
    ids = {
        name: await add_person(slug, name, email, organisation)
        for name, email, organisation in people
    }
    return slug, event["id"], ids


async def add_person(slug: str, name: str, email: str, organisation: str = "") -> int:
    entry = RegistrationInput(
        name=name, email=email, organisation=organisation, privacy_consent=True
    )
    await register(slug, entry)
    row = await Registration.select(Registration.id).where(Registration.email == email).first()
    return row["id"]


async def cancel(registration_id: int) -> None:
    await change_status(registration_id, RegistrationStatus.CANCELLED, notify=False)


async def printed_names(event_id: int) -> list[str]:
    rows = (
        await Registration.select(Registration.name)
        .where((Registration.event == event_id) & Registration.badge_printed_at.is_not_null())
        .order_by(Registration.name)
    )
    return [row["name"] for row in rows]


async def ticket_codes(event_id: int) -> dict[str, str]:
    rows = await Registration.select(Registration.name, Registration.ticket_code).where(
        Registration.event == event_id
    )
    return {row["name"]: row["ticket_code"] for row in rows}


async def finished(job_id: int):
    async def check():
        view = await job_view(job_id)
        return view if view and view.finished else None

    return await eventually(check, timeout=30)


def page_names(pdf: bytes, names: list[str]) -> list[str]:
    """Which of `names` is on each page (one badge a page: A6)."""
    texts = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]
    return [next(name for name in names if name in text) for text in texts]


def scanned_codes(pdf: bytes, folder: Path) -> list[str]:
    """Every QR code zbar decodes from the drawn pages, page by page."""
    return [found.data for image in pages(pdf, folder) for found in scan(image)]
