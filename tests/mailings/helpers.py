"""Publications and events for the mailings tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from events.services.catalogue import create_event
from events.services.reference import save_theme
from mailings.services.publications import save_publication
from tests.conftest import demo_event_values


async def a_theme(name: str = "Sociale reflexiviteit") -> str:
    await save_theme({"name": name})
    return name.lower().replace(" ", "-")


async def a_publication(**overrides: Any) -> str:
    values: dict[str, Any] = {
        "title": "Handreiking integraal en wijkgericht werken in de K4",
        "kind": "handreiking",
        "url": "https://werkplaats.example.org/k4.pdf",
        "authors": "Leertraject K4, Hogeschool Inholland",
        "published_on": dt.date(2026, 6, 15),
        "summary": "Wat gemeenten in de K4 leerden over samenwerken in de wijk.",
    }
    values.update(overrides)
    return await save_publication(values)


async def an_event(**overrides: Any) -> str:
    return await create_event(demo_event_values(**overrides))
