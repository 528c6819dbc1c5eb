"""The events JSON API under /api/v1/events (DESIGN.md, "Contracts that stay stable")."""

from __future__ import annotations

import datetime as dt

from events.enums import EventKind, EventStatus
from events.services.catalogue.events import create_event
from events.services.catalogue.listing import get_event
from events.services.catalogue.reference import save_theme
from tests.conftest import demo_event_values
from tests.events.helpers import api_event, event_count, in_language
from werkplaats.enums import Role
from werkplaats.i18n import TIMEZONE

URL = "/api/v1/events"


async def test_api_create_event_as_organiser_returns_the_event(client, api_headers):
    await save_theme({"name": "Blended hulpverlening"})
    body = api_event(
        capacity=80,
        themes=["blended-hulpverlening"],
        venue={"name": "Hogeschool Inholland Haarlem", "address": "Zijlweg 131", "city": "Haarlem"},
        online_url="https://meet.example.org/armoede",
    )

    response = await client.post(URL, json=body, headers=await api_headers())

    assert response.status_code == 201
    event = response.json()
    assert {
        k: event[k]
        for k in ("slug", "title", "kind", "status", "starts_at", "ends_at", "capacity", "themes")
    } == {
        "slug": "actualiteitencollege-armoede",
        "title": "Actualiteitencollege armoede",
        "kind": "actualiteitencollege",
        "status": "published",
        "starts_at": "2030-04-16T11:30:00Z",
        "ends_at": "2030-04-16T15:00:00Z",
        "capacity": 80,
        "themes": ["blended-hulpverlening"],
    }
    assert event["venue"] == {
        "name": "Hogeschool Inholland Haarlem",
        "address": "Zijlweg 131",
        "postal_code": "",
        "city": "Haarlem",
    }
    assert event["url"] == "http://testserver.local/events/actualiteitencollege-armoede"
    assert (
        await get_event("actualiteitencollege-armoede")
    ).online_url == "https://meet.example.org/armoede"


async def test_api_create_event_defaults_to_draft(client, api_headers):
    body = {k: v for k, v in api_event().items() if k != "status"}

    response = await client.post(URL, json=body, headers=await api_headers())

    assert response.status_code == 201
    assert response.json()["status"] == "draft"
    assert await get_event("actualiteitencollege-armoede") is None


async def test_api_create_event_without_valid_token_is_401(client):
    without = await client.post(URL, json=api_event())
    unknown = await client.post(
        URL, json=api_event(), headers={"Authorization": "Bearer niet-geldig"}
    )

    expected = {"message": in_language("nl", "Log in or send a valid API token.")}
    assert (without.status_code, without.json()) == (401, expected)
    assert (unknown.status_code, unknown.json()) == (401, expected)
    assert await event_count() == 0


async def test_api_checkin_token_may_not_create_or_change_events(client, api_headers):
    slug = await create_event(demo_event_values())
    checkin = await api_headers(Role.CHECKIN)

    created = await client.post(URL, json=api_event(), headers=checkin)
    changed = await client.patch(f"{URL}/{slug}", json={"status": "cancelled"}, headers=checkin)

    assert (created.status_code, created.json()) == (
        403,
        {"message": in_language("nl", "You may not do this")},
    )
    assert changed.status_code == 403
    assert await event_count() == 1
    assert (await get_event(slug)).status is EventStatus.PUBLISHED


async def test_api_session_cookie_does_not_authenticate(client, login):
    await login(Role.ORGANISER)

    response = await client.post(URL, json=api_event())

    assert response.status_code == 401
    assert await event_count() == 0


BAD_INPUT = {
    "colour": {"colour": "rood"},
    "kind": {"kind": "lezing"},
    "ends_at": {"ends_at": "2030-04-16T12:00:00+02:00"},
    "slug": {"slug": "bestaand-evenement"},
    "capacity": {"capacity": -1},
    "starts_at": {"starts_at": "2030-04-16T13:30:00"},  # no offset
    "themes": {"themes": ["bestaat-niet"]},
    "zip": {"venue": {"name": "Wijkcentrum", "zip": "2034 LA"}},
}


async def test_api_create_event_bad_input_is_422_naming_the_field_and_writes_nothing(
    client, api_headers
):
    await create_event(demo_event_values(slug="bestaand-evenement"))
    headers = await api_headers()

    responses = {
        field: await client.post(URL, json=api_event(**overrides), headers=headers)
        for field, overrides in BAD_INPUT.items()
    }

    outcome = {
        field: (r.status_code, sorted(r.json()), sorted(r.json()["errors"]))
        for field, r in responses.items()
    }
    assert outcome == {field: (422, ["errors", "message"], [field]) for field in BAD_INPUT}
    assert all(r.json()["errors"][field] for field, r in responses.items())
    assert await event_count() == 1


async def test_api_error_messages_dutch_by_default_english_with_lang(client, api_headers):
    headers = await api_headers()
    body = api_event(ends_at="2030-04-16T12:00:00+02:00")
    message = "The end must be after the start."

    dutch = await client.post(URL, json=body, headers=headers)
    english = await client.post(f"{URL}?lang=en", json=body, headers=headers)

    assert english.json() == {
        "message": "Please correct the marked fields.",
        "errors": {"ends_at": message},
    }
    assert dutch.json() == {
        "message": in_language("nl", "Please correct the marked fields."),
        "errors": {"ends_at": in_language("nl", message)},
    }
    if in_language("nl", message) != message:  # the Dutch catalogue has it
        assert dutch.json()["errors"] != english.json()["errors"]


async def test_api_patch_cancels_event(client, api_headers):
    slug = await create_event(demo_event_values())

    response = await client.patch(
        f"{URL}/{slug}", json={"status": "cancelled"}, headers=await api_headers()
    )

    assert response.status_code == 200
    assert (response.json()["slug"], response.json()["status"]) == (slug, "cancelled")
    assert (await get_event(slug)).status is EventStatus.CANCELLED


async def test_api_patch_moves_event_and_keeps_other_fields(client, api_headers):
    slug = await create_event(demo_event_values())

    response = await client.patch(
        f"{URL}/{slug}",
        json={"starts_at": "2030-04-16T14:00:00+02:00", "capacity": None},
        headers=await api_headers(),
    )

    assert response.status_code == 200
    event = await get_event(slug)
    assert (event.starts_at, event.ends_at) == (
        dt.datetime(2030, 4, 16, 14, 0, tzinfo=TIMEZONE),
        dt.datetime(2030, 4, 16, 17, 0, tzinfo=TIMEZONE),
    )
    assert (event.capacity, event.summary, event.sequence) == (None, "Alle partners bij elkaar.", 1)


async def test_api_patch_slug_of_published_event_is_422_and_changes_nothing(client, api_headers):
    slug = await create_event(demo_event_values())

    response = await client.patch(
        f"{URL}/{slug}",
        json={"slug": "ander-adres", "title": "Andere titel"},
        headers=await api_headers(),
    )

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["slug"]
    assert (await get_event(slug)).title == "Regionale bijeenkomst voorjaar"
    assert await get_event("ander-adres", include_drafts=True) is None


async def test_api_unknown_event_is_json_404(client, api_headers):
    patched = await client.patch(
        f"{URL}/bestaat-niet", json={"status": "cancelled"}, headers=await api_headers()
    )
    fetched = await client.get(f"{URL}/bestaat-niet")

    expected = {"message": in_language("nl", "Page not found")}
    assert (patched.status_code, patched.json()) == (404, expected)
    assert (fetched.status_code, fetched.json()) == (404, expected)
    assert fetched.headers["content-type"].startswith("application/json")


async def test_api_drafts_hidden_from_anonymous_and_checkin_visible_to_organiser(
    client, api_headers
):
    await create_event(demo_event_values(title="Gepubliceerd"))
    draft = await create_event(demo_event_values(title="Concept", status=EventStatus.DRAFT))
    organiser, checkin = await api_headers(), await api_headers(Role.CHECKIN)

    anonymous_list = await client.get(URL)
    checkin_list = await client.get(URL, headers=checkin)
    organiser_list = await client.get(URL, headers=organiser)
    anonymous_detail = await client.get(f"{URL}/{draft}")
    organiser_detail = await client.get(f"{URL}/{draft}", headers=organiser)

    assert [e["title"] for e in anonymous_list.json()] == ["Gepubliceerd"]
    assert [e["title"] for e in checkin_list.json()] == ["Gepubliceerd"]
    assert sorted(e["title"] for e in organiser_list.json()) == ["Concept", "Gepubliceerd"]
    assert anonymous_detail.status_code == 404
    assert (organiser_detail.status_code, organiser_detail.json()["status"]) == (200, "draft")


async def test_api_list_filters_kind_theme_and_past(client):
    await save_theme({"name": "Inclusieve wijk"})
    await create_event(demo_event_values(title="Regionaal", themes=["inclusieve-wijk"]))
    await create_event(demo_event_values(title="College", kind=EventKind.ACTUALITEITENCOLLEGE))
    await create_event(
        demo_event_values(
            title="Vorig college",
            kind=EventKind.ACTUALITEITENCOLLEGE,
            starts_at=dt.datetime(2020, 3, 10, 15, 30, tzinfo=TIMEZONE),
            ends_at=dt.datetime(2020, 3, 10, 17, tzinfo=TIMEZONE),
        )
    )

    by_kind = await client.get(URL, params={"kind": "actualiteitencollege"})
    by_theme = await client.get(URL, params={"theme": "inclusieve-wijk"})
    past = await client.get(URL, params={"past": "true"})
    bad_kind = await client.get(URL, params={"kind": "lezing"})

    assert [e["title"] for e in by_kind.json()] == ["College"]
    assert [e["title"] for e in by_theme.json()] == ["Regionaal"]
    assert [e["title"] for e in past.json()] == ["Vorig college"]
    assert (bad_kind.status_code, list(bad_kind.json()["errors"])) == (422, ["kind"])


async def test_openapi_schema_lists_event_paths(client):
    response = await client.get("/schema/openapi.json")

    paths = response.json()["paths"]
    assert set(paths["/api/v1/events"]) >= {"get", "post"}
    assert set(paths["/api/v1/events/{slug}"]) >= {"get", "patch"}
    assert not [p for p in paths if p.startswith(("/beheer", "/events"))]


async def test_api_empty_title_says_text_is_too_short(client, api_headers):
    response = await client.post(
        f"{URL}?lang=en", json=api_event(title=""), headers=await api_headers()
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"title": "This text is too long or too short."}


async def test_api_capacity_as_text_asks_for_a_number(client, api_headers):
    response = await client.post(
        f"{URL}?lang=en", json=api_event(capacity="veel"), headers=await api_headers()
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"capacity": "Enter a number."}
