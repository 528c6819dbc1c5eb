"""The public calendar feeds over HTTP: what they hold, how they change, and how they
answer a calendar that asks whether anything changed."""

from __future__ import annotations

import datetime as dt

from events.enums import EventKind, EventStatus
from events.services.calendars.versions import (
    event_file,
    feed_events,
    feed_version,
    kind_feed,
    public_feed,
    theme_feed,
)
from events.services.catalogue.events import create_event, set_status, update_event
from events.services.catalogue.reference import save_theme, save_venue
from events.services.registration.core import RegistrationInput, register
from events.tables import Event
from tests.conftest import demo_event_values
from tests.events.calendar_helpers import (
    VENUE,
    at,
    feeds_of_every_kind,
    make_event,
    parse_feed,
    unfolded,
)
from werkplaats.i18n import TIMEZONE

HOST = "testserver.local"
ONLINE_URL = "https://meet.example.org/werkplaats-geheim-8f3k2"


async def event_id(slug: str) -> int:
    return (await Event.select(Event.id).where(Event.slug == slug).first())["id"]


async def test_public_feed_parses_in_both_parsers_with_calendar_properties(client):
    slug = await make_event()

    response = await client.get("/calendar.ics")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    feed = parse_feed(response.content)
    calendar = feed.strict
    assert (calendar.version, calendar.calscale, calendar.method) == ("2.0", "GREGORIAN", "PUBLISH")
    assert calendar.prodid == "-//Werkplaats Sociaal Domein//Werkplaats//NL"
    assert calendar.name == ["Werkplaats Sociaal Domein"]
    assert calendar.refresh_interval == dt.timedelta(hours=1)
    extras = {extra.name: extra.value for extra in calendar.extras}
    assert extras["x-wr-calname"] == "Werkplaats Sociaal Domein"
    assert extras["x-published-ttl"] == "PT1H"
    assert extras["x-wr-caldesc"].startswith("Alle openbare evenementen")
    assert feed.loose.x_wr_calname.value == "Werkplaats Sociaal Domein"
    [entry] = feed.entries
    assert entry.uid == f"event-{await event_id(slug)}@{HOST}"
    assert entry.url == f"http://{HOST}/events/{slug}"
    assert entry.location == "Pletterij, Lange Herenvest 122, Haarlem"
    assert entry.description == f"Alle partners bij elkaar.\n\nhttp://{HOST}/events/{slug}"
    assert entry.status == "CONFIRMED"


async def test_public_feed_lines_end_in_crlf_and_fold_at_75_octets(client):
    await make_event(
        title="Actualiteitencollege bestaanszekerheid – wat werkt écht voor cliënten in "
        "Haarlem, Zaanstad, Velsen en de Haarlemmermeer? Een middag met ervaringsdeskundigen",
        summary="Schulden; de Participatiewet, en de rol van sociale wijkteams: een middag "
        "met cliëntenraden\\gemeenten — iedereen welkom. 🙂 " * 3,
    )

    data = (await client.get("/calendar.ics")).content

    lines = data.split(b"\r\n")
    assert data.endswith(b"\r\n") and data.count(b"\n") == data.count(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert sum(line.startswith(b" ") for line in lines) > 5
    for line in lines:
        line.decode()  # no fold splits a UTF-8 character
    [entry] = parse_feed(data).entries
    assert entry.summary.endswith("Een middag met ervaringsdeskundigen")
    assert "cliëntenraden\\gemeenten — iedereen welkom. 🙂" in entry.description


async def test_public_feed_uids_are_the_same_in_a_second_generation(client):
    for number in range(3):
        await make_event(title=f"Actualiteitencollege {number}")
    first = parse_feed((await client.get("/calendar.ics")).content)
    await make_event(title="Nog een college")

    second = parse_feed((await client.get("/calendar.ics")).content)

    ids = [row["id"] for row in await Event.select(Event.id).order_by(Event.id)]
    assert first.uids == [f"event-{i}@{HOST}" for i in ids[:3]]
    assert second.uids[:3] == first.uids
    assert len(set(second.uids)) == 4


async def test_moved_event_shows_the_new_time_with_a_higher_sequence(client):
    slug = await make_event()
    before = parse_feed((await client.get("/calendar.ics")).content).entries[0]
    await update_event(slug, {"starts_at": at(2030, 4, 17, 10), "ends_at": at(2030, 4, 17, 12)})

    after = parse_feed((await client.get("/calendar.ics")).content).entries[0]

    assert before.uid == after.uid
    assert (before.sequence, after.sequence) == (0, 1)
    assert after.starts_at == at(2030, 4, 17, 10)
    assert after.ends_at.astimezone(dt.UTC) == dt.datetime(2030, 4, 17, 10, tzinfo=dt.UTC)


async def test_cancelled_event_is_cancelled_until_it_has_ended_then_leaves(client):
    slug = await make_event()
    await set_status(slug, EventStatus.CANCELLED)

    upcoming = parse_feed((await client.get("/calendar.ics")).content).entries
    yesterday = dt.datetime.now(TIMEZONE) - dt.timedelta(days=1)
    await Event.update(
        {Event.starts_at: yesterday, Event.ends_at: yesterday + dt.timedelta(hours=2)}
    ).where(Event.slug == slug)
    past = parse_feed((await client.get("/calendar.ics")).content).entries

    assert [(e.status, e.sequence) for e in upcoming] == [("CANCELLED", 1)]
    assert past == []


async def test_feed_keeps_past_events_for_a_year_and_never_drafts(client):
    now = dt.datetime.now(TIMEZONE)
    await make_event("Vorige maand", starts_at=now - dt.timedelta(days=30),
                     ends_at=now - dt.timedelta(days=30) + dt.timedelta(hours=2))  # fmt: skip
    await make_event("Twee jaar geleden", starts_at=now - dt.timedelta(days=730),
                     ends_at=now - dt.timedelta(days=730) + dt.timedelta(hours=2))  # fmt: skip
    await make_event("Nog een concept", status=EventStatus.DRAFT)

    entries = parse_feed((await client.get("/calendar.ics")).content).entries

    assert [e.summary for e in entries] == ["Vorige maand"]


async def test_events_on_both_sides_of_summer_time_changes_land_at_local_time(client):
    # 2030: summer time from Sunday 31 March, winter time from Sunday 27 October.
    days = {
        "Zaterdag voor de zomertijd": (30, 3, 1),
        "Maandag na de zomertijd": (1, 4, 2),
        "Zaterdag voor de wintertijd": (26, 10, 2),
        "Maandag na de wintertijd": (28, 10, 1),
    }
    for title, (day, month, _offset) in days.items():
        month_day = (2030, month, day)
        await make_event(title, starts_at=at(*month_day, 13, 30), ends_at=at(*month_day, 17))

    data = (await client.get("/calendar.ics")).content

    feed = parse_feed(data)
    zone = feed.loose.vtimezone.gettzinfo()
    for entry in feed.entries:
        day, month, offset = days[entry.summary]
        assert entry.starts_at.replace(tzinfo=None) == dt.datetime(2030, month, day, 13, 30)
        assert entry.starts_at.utcoffset() == dt.timedelta(hours=offset)
        assert entry.starts_at.astimezone(zone).utcoffset() == dt.timedelta(hours=offset)
        utc_start = dt.datetime(2030, month, day, 13 - offset, 30, tzinfo=dt.UTC)
        assert entry.starts_at.astimezone(dt.UTC) == utc_start
    assert "DTSTART;TZID=Europe/Amsterdam:20300330T133000" in unfolded(data)
    assert "DTSTART;TZID=Europe/Amsterdam:20300401T133000" in unfolded(data)


async def test_congress_over_days_across_the_autumn_change_is_one_entry_per_day(client):
    slug = await make_event(
        "Congres sociaal domein",
        kind=EventKind.CONGRES,
        starts_at=at(2030, 10, 26, 9),
        ends_at=at(2030, 10, 28, 16, 30),
    )
    ident = await event_id(slug)

    entries = parse_feed((await client.get("/calendar.ics")).content).entries

    assert [e.uid for e in entries] == [
        f"event-{ident}@{HOST}",
        f"event-{ident}-day-2@{HOST}",
        f"event-{ident}-day-3@{HOST}",
    ]
    assert [e.summary for e in entries] == [
        f"Congres sociaal domein (dag {n} van 3)" for n in (1, 2, 3)
    ]
    assert [
        (e.starts_at.replace(tzinfo=None), e.ends_at.replace(tzinfo=None)) for e in entries
    ] == [
        (dt.datetime(2030, 10, day, 9), dt.datetime(2030, 10, day, 16, 30)) for day in (26, 27, 28)
    ]
    assert [e.starts_at.utcoffset() for e in entries] == [
        dt.timedelta(hours=2), dt.timedelta(hours=1), dt.timedelta(hours=1)
    ]  # fmt: skip


async def test_evening_past_midnight_stays_one_entry(client):
    await make_event("Nachtdebat", starts_at=at(2030, 5, 3, 20), ends_at=at(2030, 5, 4, 1))

    [entry] = parse_feed((await client.get("/calendar.ics")).content).entries

    assert (entry.starts_at, entry.ends_at) == (at(2030, 5, 3, 20), at(2030, 5, 4, 1))


async def test_kind_feed_holds_only_that_kind_and_says_so(client):
    await make_event("Regionaal")
    await make_event("College", kind=EventKind.ACTUALITEITENCOLLEGE)

    response = await client.get("/calendar/actualiteitencollege.ics")

    feed = parse_feed(response.content)
    assert [e.summary for e in feed.entries] == ["College"]
    assert feed.strict.name == ["Actualiteitencolleges – Werkplaats Sociaal Domein"]


async def test_theme_feed_holds_only_events_on_that_theme(client):
    await save_theme({"name": "Inclusieve wijk", "description": "Samen in Schalkwijk."})
    await save_theme({"name": "Sociale reflexiviteit"})
    await make_event("Wijkavond", themes=["inclusieve-wijk", "sociale-reflexiviteit"])
    await make_event("Reflectie", themes=["sociale-reflexiviteit"])
    await make_event("Zonder thema")

    response = await client.get("/calendar/thema/inclusieve-wijk.ics")

    feed = parse_feed(response.content)
    assert [e.summary for e in feed.entries] == ["Wijkavond"]
    assert feed.strict.name == ["Inclusieve wijk – Werkplaats Sociaal Domein"]
    assert feed.strict.description == ["Samen in Schalkwijk."]


async def test_unknown_kind_or_theme_is_an_empty_404_for_ics_and_a_dutch_page_for_html(client):
    calendar_answers = [
        await client.get(path)
        for path in ("/calendar/webinar.ics", "/calendar/thema/bestaat-niet.ics",
                     "/events/bestaat-niet.ics", "/calendar/feed/geen-token.ics")
    ]  # fmt: skip
    page = await client.get("/calendar/webinar")

    assert [(r.status_code, r.content) for r in calendar_answers] == [(404, b"")] * 4
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "Pagina niet gevonden" in page.text


async def test_event_file_is_one_event_without_a_calendar_name(client):
    slug = await make_event()
    draft = await make_event("Concept", status=EventStatus.DRAFT)

    response = await client.get(f"/events/{slug}.ics")

    feed = parse_feed(response.content)
    assert [e.url for e in feed.entries] == [f"http://{HOST}/events/{slug}"]
    assert feed.strict.name == [] and "X-WR-CALNAME" not in response.text
    assert response.headers["content-disposition"] == f'attachment; filename="{slug}.ics"'
    assert (await client.get(f"/events/{draft}.ics")).status_code == 404
    assert "set-cookie" not in response.headers


async def test_feeds_never_hold_a_meeting_link_or_anything_personal(client):
    slug = await make_event(online_url=ONLINE_URL)
    await client.get(f"/events/{slug}")  # a visitor's cookies must not matter
    outcome = await register(
        slug,
        RegistrationInput(name="Fatima el Amrani", email="fatima@gemeente-haarlem.example",
                          privacy_consent=True),
    )  # fmt: skip

    bodies = [
        (await client.get(path)).text
        for path in ("/calendar.ics", "/calendar/regionale_bijeenkomst.ics", f"/events/{slug}.ics")
    ]

    for body in bodies:
        text = body.replace("\r\n ", "")
        assert "meet.example.org" not in text
        assert outcome.token not in text
        assert "fatima" not in text.lower() and "/r/" not in text


async def test_etag_and_last_modified_give_a_304_and_change_with_the_feed(client):
    slug = await make_event()
    first = await client.get("/calendar.ics")
    etag, modified = first.headers["etag"], first.headers["last-modified"]

    same = await client.get("/calendar.ics", headers={"If-None-Match": etag})
    weak = await client.get("/calendar.ics", headers={"If-None-Match": f'"x", W/{etag}'})
    since = await client.get("/calendar.ics", headers={"If-Modified-Since": modified})
    await update_event(slug, {"title": "Regionale bijeenkomst (nieuwe titel)"})
    changed = await client.get("/calendar.ics", headers={"If-None-Match": etag})

    assert first.headers["cache-control"] == "public, max-age=300"
    assert (same.status_code, same.content, same.headers["etag"]) == (304, b"", etag)
    assert weak.status_code == 304
    assert since.status_code == 304
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    assert "Regionale bijeenkomst (nieuwe titel)" in changed.text


async def test_etag_changes_when_an_event_leaves_or_joins_or_a_venue_is_edited(client):
    slug = await make_event()
    other = await make_event("Tweede bijeenkomst")
    tags = [(await client.get("/calendar.ics")).headers["etag"]]
    await set_status(other, EventStatus.DRAFT)
    tags.append((await client.get("/calendar.ics")).headers["etag"])
    venue = (await Event.select(Event.venue).where(Event.slug == slug).first())["venue"]
    await save_venue({**VENUE, "address": "Lange Herenvest 124"}, venue_id=venue)

    last = await client.get("/calendar.ics", headers={"If-None-Match": tags[-1]})

    assert len(set(tags)) == 2
    assert last.status_code == 200
    assert "Lange Herenvest 124" in last.text


async def test_if_modified_since_before_the_last_change_gets_the_feed(client):
    await make_event()
    long_ago = "Mon, 01 Jan 2001 00:00:00 GMT"

    response = await client.get("/calendar.ics", headers={"If-Modified-Since": long_ago})

    assert response.status_code == 200
    assert response.content.startswith(b"BEGIN:VCALENDAR")


async def test_feed_language_follows_lang_and_has_an_etag_of_its_own(client):
    await make_event(
        kind=EventKind.CONGRES, starts_at=at(2030, 6, 3, 9), ends_at=at(2030, 6, 4, 16)
    )
    dutch = await client.get("/calendar/congres.ics")

    english = await client.get("/calendar/congres.ics?lang=en")

    assert parse_feed(english.content).strict.name == ["Congresses – Werkplaats Sociaal Domein"]
    assert parse_feed(english.content).entries[0].summary.endswith("(day 1 of 2)")
    assert english.headers["etag"] != dutch.headers["etag"]


async def test_event_page_offers_the_file_and_google_and_outlook_links(client):
    slug = await create_event(demo_event_values(venue=VENUE, online_url=ONLINE_URL))

    page = (await client.get(f"/events/{slug}")).text

    assert f'href="/events/{slug}.ics"' in page
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in page
    assert "dates=20300416T113000Z%2F20300416T150000Z" in page
    assert "https://outlook.office.com/calendar/deeplink/compose?" in page
    assert "startdt=2030-04-16T11%3A30%3A00Z" in page
    assert "Zet in je agenda" in page
    assert page.count("meet.example.org") == 1  # the page's own link, not in the calendar links


async def test_every_public_feed_version_counts_exactly_what_its_body_holds():
    slugs = await feeds_of_every_kind()
    feeds = {
        "all": public_feed(),
        "kind": kind_feed(EventKind.REGIONALE_BIJEENKOMST),
        "theme": await theme_feed("inclusieve-wijk"),
        "past event": event_file(slugs[4]),
        "draft": event_file(slugs[6]),
    }

    counted = {name: (await feed_version(feed)).events for name, feed in feeds.items()}
    held = {name: len(await feed_events(feed)) for name, feed in feeds.items()}

    assert counted == held
    assert held == {"all": 4, "kind": 3, "theme": 3, "past event": 1, "draft": 0}


async def test_kind_feed_typed_with_hyphens_redirects_to_the_feed(client):
    response = await client.get(
        "/calendar/regionale-bijeenkomst.ics?lang=en", follow_redirects=False
    )
    unknown = await client.get("/calendar/geen-soort.ics", follow_redirects=False)

    assert response.status_code == 301
    assert response.headers["location"] == "/calendar/regionale_bijeenkomst.ics?lang=en"
    assert unknown.status_code == 404
