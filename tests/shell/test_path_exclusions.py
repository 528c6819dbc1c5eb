"""The CSRF and session exclusions hold for their own paths only (issue 13): a path
that merely contains `/health`, `/api/` or `.ics` is checked like any other."""

from __future__ import annotations

import pytest

from events.enums import EventStatus
from events.services.catalogue.events import create_event
from events.services.catalogue.listing import get_event
from events.tables import Event
from tests.conftest import demo_event_values, post_form
from werkplaats.enums import Role
from werkplaats.errors import FieldErrors


async def test_a_post_under_a_slug_with_health_in_it_still_needs_the_csrf_token(client, login):
    slug = await create_event(demo_event_values(title="Health check dag"))
    assert slug == "health-check-dag"
    await login(Role.ORGANISER)

    response = await client.post(f"/beheer/events/{slug}/status", data={"status": "cancelled"})

    assert response.status_code == 403
    assert (await get_event(slug)).status is EventStatus.PUBLISHED


async def test_an_event_called_api_keeps_its_back_office_session(client, login):
    slug = await create_event(demo_event_values(title="Oud evenement"))
    # A slug from before the reserved words, written past the rules.
    await Event.update({Event.slug: "api"}).where(Event.slug == slug)
    await login(Role.ORGANISER)

    response = await client.get("/beheer/events/api/badges", follow_redirects=False)

    assert response.status_code == 200


async def test_calendar_files_and_the_api_stay_free_of_the_csrf_cookie(client, api_headers):
    await create_event(demo_event_values())

    feed = await client.get("/calendar.ics")
    api = await client.get("/api/v1/events", headers=await api_headers())

    assert feed.status_code == api.status_code == 200
    assert "csrftoken" not in feed.headers.get("set-cookie", "")
    assert "csrftoken" not in api.headers.get("set-cookie", "")


@pytest.mark.parametrize("word", ["api", "new", "health", "schema"])
async def test_reserved_words_are_never_an_events_web_address(word):
    with pytest.raises(FieldErrors) as refused:
        await create_event(demo_event_values(slug=word))
    assert set(refused.value.errors) == {"slug"}

    chosen = await create_event(demo_event_values(title=word.capitalize()))

    assert chosen == f"{word}-2"


async def test_an_organiser_can_still_post_with_the_token(client, login):
    slug = await create_event(demo_event_values(title="Health check dag"))
    await login(Role.ORGANISER)

    response = await post_form(
        client, f"/beheer/events/{slug}/status", {"status": "cancelled"}, follow_redirects=False
    )

    assert response.status_code in (302, 303)
    assert (await get_event(slug)).status is EventStatus.CANCELLED
