"""Personal calendar feeds: an attendee's own events from their personal page, a
partner organisation's chosen kinds and themes from the back office; tokens that
can be replaced and revoked; a subscribe form that refuses an empty choice."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from events.enums import EventKind, EventStatus, FeedKind, RegistrationStatus
from events.services.calendars.feeds import (
    PartnerChoice,
    calendar_of,
    feed_view,
    make_attendee_feed,
    save_partner_feed,
)
from events.services.calendars.versions import feed_events, feed_version
from events.services.catalogue.events import set_status
from events.services.catalogue.reference import save_theme
from events.services.registration.core import RegistrationInput, register
from events.services.registration.seats import change_status
from events.tables import CalendarFeed, CalendarFeedTheme, Event, Partner, Registration, Theme
from tests.conftest import post_form
from tests.events.calendar_helpers import at, feeds_of_every_kind, make_event, parse_feed
from tests.events.helpers import field_errors, flashes
from werkplaats.enums import Role

FATIMA = "fatima@gemeente-haarlem.example"


async def registered(slug: str, email: str = FATIMA) -> str:
    outcome = await register(
        slug, RegistrationInput(name="Fatima el Amrani", email=email, privacy_consent=True)
    )
    assert outcome.token
    return outcome.token


def feed_path(page: str) -> str:
    found = re.search(r'href="http://testserver\.local(/calendar/feed/[A-Za-z0-9_-]+\.ics)"', page)
    assert found, "no feed link on the page"
    return found.group(1)


async def feed_token() -> str:
    return (await CalendarFeed.select(CalendarFeed.token).first())["token"]


async def test_attendee_makes_a_feed_on_the_personal_page_with_all_their_events(client):
    spring = await make_event(
        "Voorjaar", starts_at=at(2030, 4, 16, 13), ends_at=at(2030, 4, 16, 17)
    )
    autumn = await make_event("Najaar", starts_at=at(2030, 10, 8, 13), ends_at=at(2030, 10, 8, 17))
    other = await make_event("Niet voor Fatima")
    token = await registered(spring)
    await registered(autumn)
    await registered(other, email="jan@dock.example")
    before = (await client.get(f"/r/{token}")).text

    made = await post_form(client, f"/r/{token}/agenda", {}, follow_redirects=False)
    page = await client.get(f"/r/{token}")
    response = await client.get(feed_path(page.text))

    assert "Maak mijn agendalink" in before and "/calendar/feed/" not in before
    assert (made.status_code, made.headers["location"]) == (303, f"/r/{token}#mijn-agenda")
    assert flashes(page.text) == ["Je agendalink is klaar."]
    assert "webcal://testserver.local/calendar/feed/" in page.text
    feed = parse_feed(response.content)
    assert [e.summary for e in feed.entries] == ["Voorjaar", "Najaar"]
    assert feed.strict.name == ["Mijn evenementen – Werkplaats Sociaal Domein"]
    assert response.headers["cache-control"] == "private, max-age=300"
    assert len(await feed_token()) >= 43  # 256 random bits


async def test_attendee_feed_follows_registrations_waiting_list_and_cancellation(client):
    first = await make_event("Vol", capacity=1)
    second = await make_event("Later", starts_at=at(2030, 5, 1, 13), ends_at=at(2030, 5, 1, 17))
    await registered(first, email="iemand@anders.example")
    waiting = await registered(first)
    later = await registered(second)
    view = await make_attendee_feed(FATIMA)
    path = view.path
    before = await client.get(path)

    row = await Registration.select(Registration.id).where(Registration.token == later).first()
    await change_status(row["id"], RegistrationStatus.CANCELLED, notify=False)
    after = await client.get(path, headers={"If-None-Match": before.headers["etag"]})

    assert waiting
    assert [(e.summary, e.status) for e in parse_feed(before.content).entries] == [
        ("Vol", "TENTATIVE"),
        ("Later", "CONFIRMED"),
    ]
    assert after.status_code == 200
    assert [e.summary for e in parse_feed(after.content).entries] == ["Vol"]


async def test_attendee_feed_shows_a_cancelled_event_as_cancelled(client):
    slug = await make_event()
    await registered(slug)
    view = await make_attendee_feed(FATIMA)
    await set_status(slug, EventStatus.CANCELLED)

    [entry] = parse_feed((await client.get(view.path)).content).entries

    assert (entry.status, entry.sequence) == ("CANCELLED", 1)


async def test_replacing_the_link_makes_the_old_one_a_bare_404(client):
    token = await registered(await make_event())
    await post_form(client, f"/r/{token}/agenda", {})
    old = feed_path((await client.get(f"/r/{token}")).text)

    replaced = await post_form(client, f"/r/{token}/agenda/vervangen", {})
    new = feed_path(replaced.text)

    assert new != old
    gone = await client.get(old)
    assert (gone.status_code, gone.content) == (404, b"")
    assert (await client.get(new)).status_code == 200
    assert "Je hebt een nieuwe agendalink. De oude link werkt niet meer." in flashes(replaced.text)


async def test_revoking_the_link_is_a_404_and_a_new_link_can_be_made(client):
    token = await registered(await make_event())
    await post_form(client, f"/r/{token}/agenda", {})
    old = feed_path((await client.get(f"/r/{token}")).text)

    revoked = await post_form(client, f"/r/{token}/agenda/intrekken", {})
    remade = await post_form(client, f"/r/{token}/agenda", {})

    assert (await client.get(old)).status_code == 404
    assert "Je vorige agendalink werkt niet meer." in revoked.text
    assert "/calendar/feed/" not in revoked.text
    new = feed_path(remade.text)
    assert new != old and (await client.get(new)).status_code == 200
    assert await CalendarFeed.count() == 1


async def test_feed_actions_need_a_known_personal_link_and_a_csrf_token(client):
    token = await registered(await make_event())

    unknown = await post_form(client, "/r/onbekend/agenda", {})
    no_csrf = await client.post(f"/r/{token}/agenda", data={})

    assert unknown.status_code == 404
    assert no_csrf.status_code == 403
    assert await CalendarFeed.count() == 0


async def test_personal_feed_holds_no_token_and_no_meeting_link(client):
    slug = await make_event(online_url="https://meet.example.org/geheim-123")
    token = await registered(slug)
    view = await make_attendee_feed(FATIMA)

    body = (await client.get(view.path)).text.replace("\r\n ", "")

    assert token not in body and view.token not in body
    assert "meet.example.org" not in body and FATIMA not in body


async def partner(name: str = "Gemeente Haarlem") -> int:
    rows = await Partner.insert(Partner(name=name)).returning(Partner.id)
    return rows[0]["id"]


async def test_partner_feed_holds_the_chosen_kinds_and_themes(client):
    await save_theme({"name": "Inclusieve wijk"})
    theme = await save_theme({"name": "Sociale reflexiviteit"})
    await make_event("College", kind=EventKind.ACTUALITEITENCOLLEGE)
    await make_event("Wijkavond", themes=["sociale-reflexiviteit"])
    await make_event("Op een ander thema", themes=["inclusieve-wijk"])
    await make_event("Congres", kind=EventKind.CONGRES)
    choice = PartnerChoice(
        partner=str(await partner()),
        label="Team Jeugd",
        kinds=["actualiteitencollege"],
        themes=[str(theme)],
    )
    feed_id = await save_partner_feed(choice)

    response = await client.get(f"/calendar/feed/{await feed_token()}.ics")

    feed = parse_feed(response.content)
    assert sorted(e.summary for e in feed.entries) == ["College", "Wijkavond"]
    assert feed.strict.name == ["Werkplaats Sociaal Domein – Gemeente Haarlem · Team Jeugd"]
    assert feed.strict.description == [
        "De evenementen die Gemeente Haarlem volgt: Actualiteitencolleges, Sociale reflexiviteit."
    ]
    assert await CalendarFeedTheme.count().where(CalendarFeedTheme.feed == feed_id) == 1


async def test_subscribe_form_without_kind_or_theme_is_a_dutch_field_error(client, login):
    await login(Role.ORGANISER)
    partner_id = await partner()

    response = await post_form(client, "/beheer/calendar-feeds/", {"partner": str(partner_id)})

    assert response.status_code == 400
    assert field_errors(response.text) == {
        "kinds": "Kies minstens één soort evenement of één thema."
    }
    assert 'aria-describedby="choice-hint kinds-error"' in response.text
    assert await CalendarFeed.count() == 0


async def test_subscribe_form_refuses_an_unknown_partner_kind_or_theme(client, login):
    await login(Role.ORGANISER)

    response = await post_form(
        client,
        "/beheer/calendar-feeds/",
        {"partner": "999", "kinds": ["webinar"], "themes": ["12345"]},
    )

    assert response.status_code == 400
    assert field_errors(response.text) == {
        "partner": "Kies een partnerorganisatie.",
        "kinds": "Deze waarde is niet toegestaan.",
        "themes": "Kies thema's uit de lijst.",
    }
    assert await CalendarFeed.count() == 0


async def test_organiser_makes_changes_replaces_and_revokes_a_partner_feed(client, login):
    await login(Role.ORGANISER)
    partner_id = await partner()
    await make_event("College", kind=EventKind.ACTUALITEITENCOLLEGE)
    await make_event("Congres", kind=EventKind.CONGRES)
    form: dict[str, Any] = {"partner": str(partner_id), "kinds": ["actualiteitencollege"]}

    made = await post_form(client, "/beheer/calendar-feeds/", form, follow_redirects=False)
    detail_url = made.headers["location"]
    first = feed_path((await client.get(detail_url)).text)
    first_tag = (await client.get(first)).headers["etag"]
    await post_form(client, detail_url, {**form, "kinds": ["congres"]})
    changed = await client.get(first, headers={"If-None-Match": first_tag})
    await post_form(client, f"{detail_url}/replace", {})
    second = feed_path((await client.get(detail_url)).text)
    await post_form(client, f"{detail_url}/revoke", {})

    assert made.status_code == 303
    assert [e.summary for e in parse_feed(changed.content).entries] == ["Congres"]
    assert (await client.get(first)).status_code == 404
    assert (await client.get(second)).status_code == 404
    row = await CalendarFeed.select().first()
    assert (row["kind"], row["revoked_at"] is not None) == (FeedKind.PARTNER, True)


async def test_organiser_can_revoke_an_attendee_feed(client, login):
    await registered(await make_event())
    view = await make_attendee_feed(FATIMA)
    await login(Role.ORGANISER)

    index = await client.get("/beheer/calendar-feeds/")
    await post_form(client, f"/beheer/calendar-feeds/{view.id}/revoke", {})

    assert FATIMA in index.text
    assert (await client.get(view.path)).status_code == 404


async def test_calendar_feed_back_office_is_for_organisers_only(client, login):
    anonymous = await client.get("/beheer/calendar-feeds/", follow_redirects=False)
    await login(Role.CHECKIN)

    door_staff = await client.get("/beheer/calendar-feeds/")

    assert anonymous.status_code in (302, 303)
    assert anonymous.headers["location"].startswith("/login")
    assert door_staff.status_code == 403


async def test_partner_feed_whose_only_theme_was_deleted_follows_nothing(client):
    theme = await save_theme({"name": "Inclusieve wijk"})
    await make_event("Wijkavond", themes=["inclusieve-wijk"])
    await save_partner_feed(PartnerChoice(partner=str(await partner()), themes=[str(theme)]))
    await Theme.delete().where(Theme.id == theme)

    response = await client.get(f"/calendar/feed/{await feed_token()}.ics")

    assert response.status_code == 200
    assert parse_feed(response.content).entries == []


async def test_personal_feed_versions_count_exactly_what_their_bodies_hold():
    slugs = await feeds_of_every_kind()
    person = RegistrationInput(name="Jan Bakker", email="jan@dock.example", privacy_consent=True)
    went = await make_event("Al geweest")
    for slug in (slugs[0], slugs[1], went):
        await register(slug, person)
    last_week = dt.datetime.now(dt.UTC) - dt.timedelta(days=7)
    await Event.update({Event.starts_at: last_week, Event.ends_at: last_week}).where(
        Event.slug == went
    )
    theme = (await Theme.select(Theme.id).first())["id"]
    choice = PartnerChoice(partner=str(await partner()), kinds=["actualiteitencollege"],
                           themes=[str(theme)])  # fmt: skip
    feeds = {
        "partner": calendar_of(await feed_view(await save_partner_feed(choice))),
        "attendee": calendar_of(await make_attendee_feed("jan@dock.example")),
    }

    counted = {name: (await feed_version(feed)).events for name, feed in feeds.items()}
    held = {name: len(await feed_events(feed)) for name, feed in feeds.items()}

    assert counted == held == {"partner": 4, "attendee": 3}
