"""Languages, Dutch dates and times in Europe/Amsterdam, and pages in the visitor's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import httpx
import pytest

from events.services.catalogue.events import create_event
from tests.conftest import demo_event_values
from werkplaats import i18n
from werkplaats.enums import MailState, Role
from werkplaats.i18n import (
    TIMEZONE,
    format_clock,
    format_moment,
    format_when,
    local,
    normalise_language,
)
from werkplaats.tables import OutgoingMail

UTC = dt.UTC


def in_language(language: str, message: str) -> str:
    with i18n.language(language):
        return i18n.gettext(message)


def when(language: str, starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    with i18n.language(language):
        return format_when(starts_at, ends_at)


# --- formatting ------------------------------------------------------------


def test_format_when_same_day_in_dutch():
    starts, ends = (
        dt.datetime(2026, 4, 14, 13, 30, tzinfo=TIMEZONE),
        dt.datetime(2026, 4, 14, 17, 0, tzinfo=TIMEZONE),
    )

    text = when("nl", starts, ends)

    pattern = in_language("nl", "{day}, {times} h")
    assert text == pattern.format(day="dinsdag 14 april 2026", times="13.30–17.00")


def test_format_when_same_day_in_english():
    starts, ends = (
        dt.datetime(2026, 4, 14, 13, 30, tzinfo=TIMEZONE),
        dt.datetime(2026, 4, 14, 17, 0, tzinfo=TIMEZONE),
    )

    text = when("en", starts, ends)

    pattern = in_language("en", "{day}, {times} h")
    assert text == pattern.format(day="Tuesday 14 April 2026", times="13:30–17:00")


def test_format_when_over_two_days_in_dutch_and_english():
    starts = dt.datetime(2030, 11, 20, 9, 30, tzinfo=TIMEZONE)
    ends = dt.datetime(2030, 11, 21, 16, 0, tzinfo=TIMEZONE)

    dutch, english = when("nl", starts, ends), when("en", starts, ends)

    dutch_pattern = in_language("nl", "{start_day}, {start_time} h – {end_day}, {end_time} h")
    assert dutch == dutch_pattern.format(
        start_day="woensdag 20 november 2030",
        start_time="09.30",
        end_day="donderdag 21 november 2030",
        end_time="16.00",
    )
    english_pattern = in_language("en", "{start_day}, {start_time} h – {end_day}, {end_time} h")
    assert english == english_pattern.format(
        start_day="Wednesday 20 November 2030",
        start_time="09:30",
        end_day="Thursday 21 November 2030",
        end_time="16:00",
    )


@pytest.mark.parametrize(
    ("utc_start", "local_clock"),
    [
        (dt.datetime(2030, 3, 31, 7, 0, tzinfo=UTC), "09.00"),  # the first day of summer time
        (dt.datetime(2030, 3, 30, 8, 0, tzinfo=UTC), "09.00"),  # the day before: still winter time
        (dt.datetime(2030, 10, 27, 8, 0, tzinfo=UTC), "09.00"),  # the first day of winter time
        (dt.datetime(2030, 7, 1, 7, 0), "09.00"),  # naive values from the database are UTC
    ],
)
def test_times_stored_in_utc_are_shown_in_amsterdam_time(utc_start, local_clock):
    with i18n.language("nl"):
        clock = format_clock(utc_start)

    assert clock == local_clock
    assert local(utc_start).tzinfo is TIMEZONE


def test_format_when_over_the_night_clocks_go_forward():
    starts = dt.datetime(2030, 3, 30, 21, 0, tzinfo=UTC)  # 22.00 winter time
    ends = dt.datetime(2030, 3, 31, 6, 0, tzinfo=UTC)  # 08.00 summer time

    text = when("en", starts, ends)

    pattern = in_language("en", "{start_day}, {start_time} h – {end_day}, {end_time} h")
    assert text == pattern.format(
        start_day="Saturday 30 March 2030",
        start_time="22:00",
        end_day="Sunday 31 March 2030",
        end_time="08:00",
    )


def test_format_moment_uses_the_dutch_clock_and_the_local_day():
    late_evening_utc = dt.datetime(2030, 6, 30, 22, 30, tzinfo=UTC)  # 00.30 on 1 July in Amsterdam

    with i18n.language("nl"):
        text = format_moment(late_evening_utc)

    assert text == in_language("nl", "{day}, {time} h").format(
        day="maandag 1 juli 2030", time="00.30"
    )


@pytest.mark.parametrize(
    ("given", "language"),
    [("en", "en"), ("EN-gb", "en"), ("nl-BE", "nl"), ("de", "nl"), ("", "nl"), (None, "nl")],
)
def test_normalise_language_keeps_only_known_languages(given, language):
    assert normalise_language(given) == language


# --- pages -----------------------------------------------------------------


@pytest.fixture
async def browser(app) -> AsyncIterator[httpx.AsyncClient]:
    """A client that sees what a browser sees: a server error is a response, not an exception."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as client:
        yield client


async def test_event_stored_in_utc_shows_amsterdam_time_on_its_page(client):
    slug = await create_event(
        demo_event_values(
            title="Leeratelier op de eerste zomertijddag",
            starts_at=dt.datetime(2030, 3, 31, 7, 0, tzinfo=UTC),
            ends_at=dt.datetime(2030, 3, 31, 10, 30, tzinfo=UTC),
        )
    )

    response = await client.get(f"/events/{slug}")

    assert response.status_code == 200
    assert "zondag 31 maart 2030, 09.00–12.30" in response.text


async def test_language_switch_sets_a_cookie_and_returns_to_the_page(client):
    response = await client.get("/taal/en?next=/events", follow_redirects=False)

    assert response.status_code == 302
    assert response.headers["location"] == "/events"
    assert client.cookies["lang"] == "en"
    page = await client.get("/events")
    assert '<html lang="en">' in page.text
    assert '<a href="/taal/nl?next=/events" lang="nl" hreflang="nl">Nederlands</a>' in page.text


async def test_language_switch_does_not_redirect_off_site(client):
    response = await client.get("/taal/en?next=//evil.example/", follow_redirects=False)

    assert response.headers["location"] == "/"


async def test_pages_are_dutch_without_a_language_choice(client):
    response = await client.get("/events")

    assert '<html lang="nl">' in response.text
    assert '<a href="/taal/en?next=/events" lang="en" hreflang="en">English</a>' in response.text


async def test_lang_query_parameter_sticks_for_the_next_page(client):
    first = await client.get("/events?lang=en")

    second = await client.get("/events")

    assert '<html lang="en">' in first.text
    assert client.cookies["lang"] == "en"
    assert '<html lang="en">' in second.text


async def test_missing_event_is_an_html_404_in_dutch(client):
    response = await client.get("/events/bestaat-niet")

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="nl">' in response.text
    assert f"<h1>{in_language('nl', 'Page not found')}</h1>" in response.text


async def test_missing_event_404_follows_the_language_cookie(client):
    client.cookies.set("lang", "en")

    response = await client.get("/events/bestaat-niet")

    assert response.status_code == 404
    assert '<html lang="en">' in response.text
    assert "<h1>Page not found</h1>" in response.text


async def test_missing_api_resource_is_a_json_404(client):
    response = await client.get("/api/v1/events/bestaat-niet")

    assert response.status_code == 404
    assert response.json() == {"message": in_language("nl", "Page not found")}


@pytest.mark.parametrize(
    ("method", "url", "status"), [("GET", "/bestaat-niet", 404), ("DELETE", "/login", 405)]
)
async def test_unrouted_request_gets_an_html_error_page(browser, method, url, status):
    response = await browser.request(method, url)

    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="nl">' in response.text


async def test_page_not_found_outside_the_events_is_in_the_chosen_language(client):
    await client.get("/taal/en?next=/")

    english = await client.get("/bestaat-niet")
    client.cookies.clear()
    dutch = await client.get("/bestaat-niet")

    assert english.status_code == dutch.status_code == 404
    assert '<html lang="en">' in english.text
    assert "<h1>Page not found</h1>" in english.text
    assert "<h1>Pagina niet gevonden</h1>" in dutch.text


ACCOUNTS = "/beheer/accounts/"


async def test_back_office_names_mail_states_and_roles_in_dutch_and_english(client, login):
    await login(Role.ADMIN)
    for number, state in enumerate([MailState.SENT, MailState.SENT, MailState.FAILED]):
        await OutgoingMail.insert(
            OutgoingMail(
                dedupe_key=f"test:{number}", message_id=f"<{number}@test>",
                to_address="fatima@gemeente-haarlem.example", subject="Uw aanmelding",
                body_text="", state=state,
            )
        )  # fmt: skip

    dutch = [(await client.get(url)).text for url in ("/beheer/", "/beheer/outbox", ACCOUNTS)]
    await client.get("/taal/en?next=/")
    english = [(await client.get(url)).text for url in ("/beheer/", "/beheer/outbox", ACCOUNTS)]

    assert "Verstuurd: 2 · Mislukt: 1" in dutch[0]
    assert ">Verstuurd (2)</a>" in dutch[1] and ">Mislukt</span>" in dutch[1]
    assert "<td>Beheerder</td>" in dutch[2] and ">Deurpersoneel</option>" in dutch[2]
    assert "Sent: 2 · Failed: 1" in english[0]
    assert ">Sent (2)</a>" in english[1]
    assert "<td>Administrator</td>" in english[2] and ">Door staff</option>" in english[2]
