"""A calendar file and an API answer speak the language of their address (`?lang=`),
never that of a cookie a page visit left behind, and never set one (issue 13)."""

from __future__ import annotations

import datetime as dt

from events.services.catalogue.events import create_event
from tests.conftest import demo_event_values
from tests.events.helpers import api_event
from werkplaats.i18n import TIMEZONE


async def two_days() -> None:
    """A congress over two days: each day's entry says "dag 1 van 2" / "day 1 of 2"."""
    starts = dt.datetime(2030, 11, 14, 9, 0, tzinfo=TIMEZONE)
    await create_event(
        demo_event_values(starts_at=starts, ends_at=starts + dt.timedelta(days=1, hours=7))
    )


async def _summaries(client, url: str) -> list[str]:
    response = await client.get(url)
    assert response.status_code == 200
    return [line for line in response.text.splitlines() if line.startswith("SUMMARY")]


async def test_a_feed_is_the_same_with_or_without_an_english_cookie(client):
    await two_days()
    dutch = await _summaries(client, "/calendar.ics")

    await client.get("/events?lang=en")  # a visitor chose English on a page
    assert client.cookies.get("lang") == "en"
    with_cookie = await _summaries(client, "/calendar.ics")

    assert with_cookie == dutch
    assert "dag 1 van 2" in dutch[0]


async def test_a_feed_asked_in_english_is_english_and_sets_no_cookie(client):
    await two_days()

    response = await client.get("/calendar.ics?lang=en")

    assert "day 1 of 2" in response.text
    assert "lang=" not in response.headers.get("set-cookie", "")


async def test_the_api_ignores_the_language_cookie_of_a_page_visit(client, api_headers):
    headers = await api_headers()
    dutch = await client.post("/api/v1/events", json=api_event(title=""), headers=headers)

    await client.get("/events?lang=en")
    after = await client.post("/api/v1/events", json=api_event(title=""), headers=headers)
    english = await client.post("/api/v1/events?lang=en", json=api_event(title=""), headers=headers)

    assert after.json() == dutch.json()
    assert english.json() != dutch.json()
