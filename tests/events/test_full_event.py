"""A full event says so on its card, and its buttons say what they do: join the
waiting list."""

from __future__ import annotations

import re

from events.services.catalogue.events import create_event
from events.services.registration.core import RegistrationInput, register
from tests.conftest import demo_event_values


def _cards(page: str) -> dict[str, str]:
    """Each card's text by its event's slug."""
    found = re.findall(r'<article class="event-card[^"]*">(.*?)</article>', page, re.S)
    return {re.search(r'href="/events/([^"]+)"', card).group(1): card for card in found}


def _buttons(page: str) -> list[str]:
    return re.findall(r'<a class="button" href="#aanmelden">([^<]*)</a>', page) + re.findall(
        r'<button type="submit">([^<]*)</button>', page
    )


async def test_full_event_card_and_buttons_say_waiting_list(client):
    full = await create_event(demo_event_values(title="Leeratelier armoede", capacity=1))
    open_ = await create_event(demo_event_values(title="Leeratelier jeugd", capacity=10))
    await register(
        full, RegistrationInput(name="Anne", email="anne@example.org", privacy_consent=True)
    )

    index, home = (await client.get("/events")).text, (await client.get("/")).text
    full_page, open_page = [(await client.get(f"/events/{s}")).text for s in (full, open_)]

    for page in (index, home):
        assert "Vol: wachtlijst" in _cards(page)[full]
        assert "Vol: wachtlijst" not in _cards(page)[open_]
    assert set(_buttons(full_page)) == {"Op de wachtlijst"}
    assert set(_buttons(open_page)) == {"Aanmelden"}
