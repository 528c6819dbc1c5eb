"""The public pages: home, the event list and the event page, in Dutch and English."""

from __future__ import annotations

import datetime as dt

import pytest

from events.enums import EventKind, EventStatus
from events.services.catalogue.events import create_event
from events.services.catalogue.reference import save_theme
from tests.conftest import demo_event_values
from tests.events.helpers import card_titles, in_language, log_in_without_backoffice
from werkplaats.enums import Role
from werkplaats.i18n import TIMEZONE


def in_year(year: int, **overrides):
    return demo_event_values(
        starts_at=dt.datetime(year, 4, 16, 13, 30, tzinfo=TIMEZONE),
        ends_at=dt.datetime(year, 4, 16, 17, tzinfo=TIMEZONE),
        **overrides,
    )


async def test_event_page_shows_dutch_date_venue_and_places(client):
    slug = await create_event(
        demo_event_values(
            venue={
                "name": "Schouwburg De Kampanje",
                "address": "Bernhardplein 10",
                "city": "Den Helder",
            }
        )
    )

    response = await client.get(f"/events/{slug}")

    assert response.status_code == 200
    page = response.text
    assert '<html lang="nl">' in page
    assert "<h1>Regionale bijeenkomst voorjaar</h1>" in page
    assert "dinsdag 16 april 2030" in page and "13.30–17.00" in page
    assert (
        in_language("nl", "{day}, {times} h").format(
            day="dinsdag 16 april 2030", times="13.30–17.00"
        )
        in page
    )
    assert "<strong>Schouwburg De Kampanje</strong><br>Bernhardplein 10, Den Helder" in page
    assert "100 plaatsen" in page or "100 places" in page  # "plaatsen" once the catalogue has it


@pytest.mark.parametrize("how", ["query", "cookie"])
async def test_event_page_in_english_on_request(client, how):
    slug = await create_event(demo_event_values())
    if how == "cookie":
        client.cookies.set("lang", "en")

    response = await client.get(
        f"/events/{slug}", params={"lang": "en"} if how == "query" else None
    )

    page = response.text
    assert '<html lang="en">' in page
    assert "Tuesday 16 April 2030" in page and "13:30–17:00" in page
    assert "dinsdag" not in page
    assert (
        in_language("en", "{day}, {times} h").format(
            day="Tuesday 16 April 2030", times="13:30–17:00"
        )
        in page
    )


async def test_language_chosen_with_query_sticks_on_next_page(client):
    slug = await create_event(demo_event_values())
    await client.get("/events", params={"lang": "en"})

    response = await client.get(f"/events/{slug}")

    assert "Tuesday 16 April 2030" in response.text


async def test_event_page_of_cancelled_event_says_so(client):
    slug = await create_event(demo_event_values(status=EventStatus.CANCELLED))

    response = await client.get(f"/events/{slug}", params={"lang": "en"})

    assert response.status_code == 200
    assert "<strong>This event has been cancelled.</strong>" in response.text


async def test_draft_event_page_is_404_for_the_public(client):
    slug = await create_event(demo_event_values(status=EventStatus.DRAFT))

    response = await client.get(f"/events/{slug}")

    assert response.status_code == 404
    assert "Regionale bijeenkomst voorjaar" not in response.text


async def test_draft_event_page_is_a_preview_for_an_organiser(client, login):
    slug = await create_event(demo_event_values(status=EventStatus.DRAFT))
    await login(Role.ORGANISER)

    response = await client.get(f"/events/{slug}", params={"lang": "en"})

    assert response.status_code == 200
    assert "<h1>Regionale bijeenkomst voorjaar</h1>" in response.text
    assert "This is a draft: only organisers can see this page." in response.text


async def test_draft_event_page_is_404_for_checkin_staff(client, make_user):
    slug = await create_event(demo_event_values(status=EventStatus.DRAFT))
    await log_in_without_backoffice(client, make_user, Role.CHECKIN)

    response = await client.get(f"/events/{slug}")

    assert response.status_code == 404


async def test_unknown_event_is_a_friendly_html_404(client):
    response = await client.get("/events/bestaat-niet")

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert f"<h1>{in_language('nl', 'Page not found')}</h1>" in response.text
    assert '<a href="/events">' in response.text


async def test_event_page_sanitises_markdown_description(client):
    slug = await create_event(
        demo_event_values(
            description="**Programma**\n\n<script>alert(1)</script>\n\n[Aanmelden](javascript:alert(2))"
        )
    )

    response = await client.get(f"/events/{slug}")

    assert "<strong>Programma</strong>" in response.text
    assert "<script>alert(1)" not in response.text
    assert 'href="javascript:' not in response.text


async def test_events_index_lists_upcoming_published_in_date_order(client):
    await create_event(in_year(2031, title="Later"))
    await create_event(in_year(2030, title="Eerder"))
    await create_event(in_year(2030, title="Concept", status=EventStatus.DRAFT))
    await create_event(in_year(2020, title="Voorbij"))

    response = await client.get("/events")

    assert card_titles(response.text) == ["Eerder", "Later"]


async def test_events_index_past_tab_lists_past_events_newest_first(client):
    await create_event(in_year(2030, title="Komend"))
    await create_event(in_year(2019, title="Oud"))
    await create_event(in_year(2021, title="Recent"))

    response = await client.get("/events", params={"tab": "past"})

    assert card_titles(response.text) == ["Recent", "Oud"]


async def test_events_index_filters_on_kind_and_theme(client):
    await save_theme({"name": "Inclusieve wijk"})
    await create_event(demo_event_values(title="Regionaal in de wijk", themes=["inclusieve-wijk"]))
    await create_event(demo_event_values(title="College", kind=EventKind.ACTUALITEITENCOLLEGE))
    await create_event(
        demo_event_values(
            title="College in de wijk",
            kind=EventKind.ACTUALITEITENCOLLEGE,
            themes=["inclusieve-wijk"],
        )
    )

    by_kind = await client.get("/events", params={"kind": "actualiteitencollege"})
    by_theme = await client.get("/events", params={"theme": "inclusieve-wijk"})
    both = await client.get(
        "/events", params={"kind": "actualiteitencollege", "theme": "inclusieve-wijk"}
    )
    unknown = await client.get("/events", params={"kind": "lezing", "theme": "bestaat-niet"})

    assert sorted(card_titles(by_kind.text)) == ["College", "College in de wijk"]
    assert sorted(card_titles(by_theme.text)) == ["College in de wijk", "Regionaal in de wijk"]
    assert card_titles(both.text) == ["College in de wijk"]
    assert sorted(card_titles(unknown.text)) == [
        "College",
        "College in de wijk",
        "Regionaal in de wijk",
    ]


async def test_events_index_search_matches_title_and_summary(client):
    await create_event(demo_event_values(title="Armoede en schulden"))
    await create_event(demo_event_values(title="Congres", summary="Ook over armoede."))
    await create_event(demo_event_values(title="Participatiewet"))

    response = await client.get("/events", params={"q": "  armoede "})

    assert sorted(card_titles(response.text)) == ["Armoede en schulden", "Congres"]
    assert 'value="armoede"' in response.text


async def test_home_shows_upcoming_public_events_and_cancelled_ones_marked(client):
    await create_event(in_year(2030, title="Komend"))
    await create_event(in_year(2031, title="Afgelast", status=EventStatus.CANCELLED))
    await create_event(in_year(2030, title="Concept", status=EventStatus.DRAFT))
    await create_event(in_year(2020, title="Voorbij"))

    response = await client.get("/", params={"lang": "en"})

    assert card_titles(response.text) == ["Komend", "Afgelast"]
    assert response.text.count('<strong class="badge badge-cancelled">Cancelled</strong>') == 1
