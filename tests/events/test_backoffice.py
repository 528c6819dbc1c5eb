"""The back office for events, themes and venues (/beheer/)."""

from __future__ import annotations

import datetime as dt

from events.enums import EventStatus
from events.services.catalogue.events import create_event
from events.services.catalogue.listing import get_event
from events.services.catalogue.reference import save_theme, save_venue
from events.tables import Event, Theme, Venue
from tests.conftest import demo_event_values, post_form
from tests.events.helpers import (
    event_count,
    field_errors,
    flashes,
    form_event,
    in_language,
    input_value,
    log_in_without_backoffice,
)
from werkplaats.enums import Role

UTC = dt.UTC


async def test_backoffice_anonymous_is_sent_to_login(client):
    response = await client.get("/beheer/events", follow_redirects=False)

    assert response.status_code in (302, 303)
    assert response.headers["location"] == "/login?next=/beheer/events"


async def test_backoffice_anonymous_post_creates_nothing(client):
    response = await post_form(client, "/beheer/events/new", form_event(), follow_redirects=False)

    assert response.status_code in (302, 303)
    assert response.headers["location"].startswith("/login")
    assert await event_count() == 0


BACKOFFICE_PAGES = (
    "/beheer/",
    "/beheer/events",
    "/beheer/events/new",
    "/beheer/events.csv",
    "/beheer/themes/",
    "/beheer/venues/",
)


async def test_backoffice_checkin_role_is_forbidden(client, make_user):
    await log_in_without_backoffice(client, make_user, Role.CHECKIN)

    responses = {path: await client.get(path, params={"lang": "en"}) for path in BACKOFFICE_PAGES}

    assert {path: r.status_code for path, r in responses.items()} == dict.fromkeys(
        BACKOFFICE_PAGES, 403
    )
    assert all("<h1>You may not do this</h1>" in r.text for r in responses.values())


async def test_backoffice_create_event_converts_amsterdam_time_to_utc(client, login):
    await save_theme({"name": "Inclusieve wijk"})
    venue_id = await save_venue({"name": "Wijkcentrum Schalkwijk", "city": "Haarlem"})
    await login(Role.ORGANISER)

    response = await post_form(
        client,
        "/beheer/events/new",
        form_event(
            themes=["inclusieve-wijk"],
            venue_id=str(venue_id),
            moderated="1",
            accreditation_points="2,5",
        ),
        follow_redirects=False,
    )

    assert response.headers["location"] == "/beheer/events/themabijeenkomst-inclusieve-wijk"
    event = await get_event("themabijeenkomst-inclusieve-wijk", include_drafts=True)
    assert (event.starts_at, event.ends_at) == (
        dt.datetime(2030, 4, 16, 11, 30, tzinfo=UTC),
        dt.datetime(2030, 4, 16, 15, 0, tzinfo=UTC),
    )
    assert (event.status, event.capacity, event.moderated, str(event.accreditation_points)) == (
        EventStatus.DRAFT,
        40,
        True,
        "2.5",
    )
    assert (event.venue["name"], [t["slug"] for t in event.themes]) == (
        "Wijkcentrum Schalkwijk",
        ["inclusieve-wijk"],
    )


async def test_backoffice_create_event_in_winter_time_lands_on_edit_page_with_flash(client, login):
    await login(Role.ORGANISER)

    response = await post_form(
        client,
        "/beheer/events/new",
        form_event(starts_at="2030-01-15T09:30", ends_at="2030-01-15T12:30"),
    )

    assert (response.status_code, response.url.path) == (
        200,
        "/beheer/events/themabijeenkomst-inclusieve-wijk",
    )
    assert flashes(response.text) == [in_language("nl", "Event saved.")]
    event = await get_event("themabijeenkomst-inclusieve-wijk", include_drafts=True)
    assert event.starts_at == dt.datetime(2030, 1, 15, 8, 30, tzinfo=UTC)


async def test_backoffice_form_errors_rerender_with_typed_values_and_create_nothing(client, login):
    await login(Role.ORGANISER)
    client.cookies.set("lang", "en")

    response = await post_form(
        client,
        "/beheer/events/new",
        form_event(
            title="Werkplaats-café <live>",
            ends_at="2030-04-16T12:00",
            capacity="-5",
            contact_email="geen-adres",
        ),
    )

    assert response.status_code == 400
    assert field_errors(response.text) == {
        "ends_at": "The end must be after the start.",
        "capacity": "The capacity cannot be below zero.",
        "contact_email": "Enter a valid e-mail address.",
    }
    assert input_value(response.text, "title") == "Werkplaats-café <live>"
    assert input_value(response.text, "starts_at") == "2030-04-16T13:30"
    assert input_value(response.text, "capacity") == "-5"
    assert await event_count() == 0


async def test_backoffice_form_unparsable_values_are_field_errors(client, login):
    await login(Role.ORGANISER)
    client.cookies.set("lang", "en")

    response = await post_form(
        client,
        "/beheer/events/new",
        form_event(starts_at="morgen", capacity="veel", accreditation_points="twee"),
    )

    assert response.status_code == 400
    assert set(field_errors(response.text)) == {"starts_at", "capacity", "accreditation_points"}
    assert input_value(response.text, "starts_at") == "morgen"
    assert await event_count() == 0


async def test_backoffice_edit_form_shows_local_times(client, login):
    slug = await create_event(demo_event_values())
    await login(Role.ORGANISER)

    response = await client.get(f"/beheer/events/{slug}")
    unknown = await client.get("/beheer/events/bestaat-niet")

    assert (response.status_code, unknown.status_code) == (200, 404)
    assert (input_value(response.text, "starts_at"), input_value(response.text, "ends_at")) == (
        "2030-04-16T13:30",
        "2030-04-16T17:00",
    )
    assert input_value(response.text, "slug") == slug


async def test_backoffice_edit_moves_event_and_raises_sequence(client, login):
    slug = await create_event(demo_event_values())
    await login(Role.ORGANISER)

    response = await post_form(
        client,
        f"/beheer/events/{slug}",
        form_event(
            title="Regionale bijeenkomst voorjaar",
            kind="regionale_bijeenkomst",
            slug=slug,
            status="published",
            starts_at="2030-04-16T14:00",
        ),
        follow_redirects=False,
    )

    assert response.headers["location"] == f"/beheer/events/{slug}"
    event = await get_event(slug)
    assert (event.starts_at, event.capacity, event.sequence) == (
        dt.datetime(2030, 4, 16, 12, 0, tzinfo=UTC),
        40,
        1,
    )


async def test_backoffice_edit_cannot_change_slug_of_published_event(client, login):
    slug = await create_event(demo_event_values())
    await login(Role.ORGANISER)
    client.cookies.set("lang", "en")

    response = await post_form(
        client, f"/beheer/events/{slug}", form_event(slug="ander-adres", status="published")
    )

    assert response.status_code == 400
    assert field_errors(response.text) == {
        "slug": "The web address of a published event cannot change."
    }
    assert (await get_event(slug)).title == "Regionale bijeenkomst voorjaar"


async def test_backoffice_edit_changes_slug_of_draft(client, login):
    slug = await create_event(demo_event_values(status=EventStatus.DRAFT))
    await login(Role.ORGANISER)

    response = await post_form(
        client, f"/beheer/events/{slug}", form_event(slug="voorjaar-2030"), follow_redirects=False
    )

    assert response.headers["location"] == "/beheer/events/voorjaar-2030"
    assert await Event.select(Event.slug).output(as_list=True) == ["voorjaar-2030"]


async def test_backoffice_publish_then_cancel_via_status(client, login):
    slug = await create_event(demo_event_values(status=EventStatus.DRAFT))
    await login(Role.ORGANISER)
    client.cookies.set("lang", "en")

    published = await post_form(client, f"/beheer/events/{slug}/status", {"status": "published"})
    public_page = await client.get(f"/events/{slug}")
    cancelled = await post_form(client, f"/beheer/events/{slug}/status", {"status": "cancelled"})

    assert flashes(published.text) == ["The event is published."]
    assert public_page.status_code == 200
    assert flashes(cancelled.text) == ["The event is cancelled."]
    assert (await get_event(slug)).status is EventStatus.CANCELLED


async def test_backoffice_status_unknown_value_is_404_and_changes_nothing(client, login):
    slug = await create_event(demo_event_values(status=EventStatus.DRAFT))
    await login(Role.ORGANISER)

    response = await post_form(client, f"/beheer/events/{slug}/status", {"status": "archived"})

    assert response.status_code == 404
    assert (await get_event(slug, include_drafts=True)).status is EventStatus.DRAFT


async def test_backoffice_status_without_csrf_token_is_refused(client, login):
    slug = await create_event(demo_event_values())
    await login(Role.ORGANISER)

    response = await client.post(f"/beheer/events/{slug}/status", data={"status": "cancelled"})

    assert response.status_code == 403
    assert (await get_event(slug)).status is EventStatus.PUBLISHED


async def test_backoffice_csv_export_has_bom_semicolons_and_every_event(client, login):
    await create_event(
        demo_event_values(
            title="Regionaal; met puntkomma",
            venue={"name": "Schouwburg De Kampanje", "city": "Den Helder"},
        )
    )
    await create_event(demo_event_values(title="Concept", status=EventStatus.DRAFT, capacity=None))
    await login(Role.ORGANISER)

    response = await client.get("/beheer/events.csv", params={"lang": "en"})
    dutch = await client.get("/beheer/events.csv", params={"lang": "nl"})

    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "evenementen.csv" in response.headers["content-disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Title;Kind;Status;Start;End;Venue;Capacity;Web address"
    assert sorted(lines[1:]) == [
        '"Regionaal; met puntkomma";Regional meeting;Published;Tuesday 16 April 2030, 13:30;'
        "Tuesday 16 April 2030, 17:00;Schouwburg De Kampanje;100;/events/regionaal-met-puntkomma",
        "Concept;Regional meeting;Draft;Tuesday 16 April 2030, 13:30;"
        "Tuesday 16 April 2030, 17:00;Online;;/events/concept",
    ]
    dutch_header, *dutch_rows = dutch.content.decode("utf-8-sig").splitlines()
    assert dutch_header.split(";")[0] == in_language("nl", "Title")
    assert len(dutch_rows) == 2
    assert all(";dinsdag 16 april 2030, 13.30" in row for row in dutch_rows)


async def test_backoffice_csv_export_content_type_names_charset_once(client, login):
    await login(Role.ORGANISER)

    response = await client.get("/beheer/events.csv")

    assert response.headers["content-type"] == "text/csv; charset=utf-8"


async def test_backoffice_form_too_long_accreditation_id_is_a_field_error(client, login):
    await login(Role.ORGANISER)

    response = await post_form(
        client, "/beheer/events/new", form_event(accreditation_id="PE-" + "1" * 48)
    )

    assert response.status_code == 400
    assert list(field_errors(response.text)) == ["accreditation_id"]
    assert await event_count() == 0


async def test_backoffice_theme_form_creates_theme_and_refuses_taken_slug(client, login):
    await login(Role.ORGANISER)
    client.cookies.set("lang", "en")

    created = await post_form(
        client, "/beheer/themes/", {"name": "Inclusieve wijk", "description": "Schalkwijk"}
    )
    duplicate = await post_form(
        client, "/beheer/themes/", {"name": "Andere naam", "slug": "inclusieve-wijk"}
    )

    assert "<td>Inclusieve wijk</td><td>inclusieve-wijk</td>" in created.text
    assert duplicate.status_code == 400
    assert field_errors(duplicate.text) == {
        "slug": "This web address is already taken by another theme."
    }
    assert input_value(duplicate.text, "name") == "Andere naam"
    assert await Theme.select(Theme.name, Theme.slug, Theme.description) == [
        {"name": "Inclusieve wijk", "slug": "inclusieve-wijk", "description": "Schalkwijk"}
    ]


async def test_backoffice_theme_form_edits_existing_theme(client, login):
    theme_id = await save_theme({"name": "Inclusieve wijk"})
    await login(Role.ORGANISER)

    form = await client.get("/beheer/themes/", params={"edit": theme_id})
    await post_form(
        client,
        "/beheer/themes/",
        {"id": str(theme_id), "name": "Inclusieve wijk Schalkwijk", "slug": "inclusieve-wijk"},
    )

    assert input_value(form.text, "name") == "Inclusieve wijk"
    assert await Theme.select(Theme.id, Theme.name) == [
        {"id": theme_id, "name": "Inclusieve wijk Schalkwijk"}
    ]


async def test_backoffice_venue_form_creates_venue_and_requires_name(client, login):
    await login(Role.ORGANISER)
    client.cookies.set("lang", "en")

    missing = await post_form(client, "/beheer/venues/", {"name": " ", "city": "Haarlem"})
    created = await post_form(
        client,
        "/beheer/venues/",
        {
            "name": "Wijkcentrum Schalkwijk",
            "address": "Fie Carelsenplein 2",
            "postal_code": "2034 LA",
            "city": "Haarlem",
        },
    )

    assert missing.status_code == 400
    assert field_errors(missing.text) == {"name": "Enter a name."}
    assert input_value(missing.text, "city") == "Haarlem"
    assert created.status_code == 200
    assert (
        "<td>Wijkcentrum Schalkwijk</td><td>Fie Carelsenplein 2, 2034 LA Haarlem</td>"
        in created.text
    )
    assert await Venue.count() == 1


async def test_backoffice_form_shows_syntax_and_rule_errors_in_one_round(client, login):
    await login(Role.ORGANISER)

    response = await post_form(
        client, "/beheer/events/new", form_event(title="", capacity="veel", kind="feest")
    )

    assert response.status_code == 400
    assert set(field_errors(response.text)) == {"title", "capacity", "kind"}
    assert await event_count() == 0
