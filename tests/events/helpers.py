"""Small helpers shared by the events tests (fixtures live in tests/conftest.py)."""

from __future__ import annotations

import html
import re
from typing import Any

from events.tables import Event
from tests.conftest import PASSWORD, post_form
from werkplaats.i18n import _, language

# A valid JSON body for POST /api/v1/events; 13.30–17.00 Dutch summer time.
API_EVENT = {
    "title": "Actualiteitencollege armoede",
    "kind": "actualiteitencollege",
    "starts_at": "2030-04-16T13:30:00+02:00",
    "ends_at": "2030-04-16T17:00:00+02:00",
    "status": "published",
}

# What the back-office form posts for a valid new event (Europe/Amsterdam local times).
FORM_EVENT = {
    "title": "Themabijeenkomst inclusieve wijk",
    "kind": "themabijeenkomst",
    "starts_at": "2030-04-16T13:30",
    "ends_at": "2030-04-16T17:00",
    "status": "draft",
    "capacity": "40",
    "summary": "Een middag in Schalkwijk.",
}


def api_event(**overrides: Any) -> dict[str, Any]:
    return {**API_EVENT, **overrides}


def form_event(**overrides: Any) -> dict[str, Any]:
    return {**FORM_EVENT, **overrides}


async def event_count() -> int:
    return await Event.count()


def in_language(code: str, message: str) -> str:
    """`message` as the catalogue of `code` has it (the English id if not translated yet)."""
    with language(code):
        return _(message)


def field_errors(page: str) -> dict[str, str]:
    """The field errors shown on a rendered form: {field: message}; a field's name may
    hold digits and dots (`q12`, the congress's `speakers.0.email`)."""
    found = re.findall(
        r'<p class="field-error" id="([a-z_0-9.]+)-error">'
        r'<span class="visually-hidden">[^<]*</span>([^<]*)</p>',
        page,
    )
    return {name: html.unescape(message) for name, message in found}


def input_value(page: str, name: str) -> str | None:
    """The value of the `<input name=...>` on a rendered form."""
    match = re.search(rf'<input id="{name}" name="{name}"[^>]* value="([^"]*)"', page)
    return html.unescape(match.group(1)) if match else None


def flashes(page: str) -> list[str]:
    return [
        html.unescape(m)
        for m in re.findall(r'<div class="flash flash-[a-z]+" role="[a-z]+">([^<]*)</div>', page)
    ]


def card_titles(page: str) -> list[str]:
    """Titles of the event cards on a list page, in order."""
    return [
        html.unescape(t)
        for t in re.findall(r'<h[23]><a href="/events/[^"]+">([^<]*)</a></h[23]>', page)
    ]


async def log_in_without_backoffice(client: Any, make_user: Any, role: Any) -> Any:
    """Log in landing on the home page: the shared `login` fixture lands on /beheer/,
    which is a 403 for roles without back-office access (checkin, reviewer)."""

    user = await make_user(role)
    response = await post_form(
        client, "/login", {"email": user.email, "password": PASSWORD, "next": "/"}
    )
    assert response.status_code == 200, response.text
    return user
