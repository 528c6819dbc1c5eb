"""Requests no form sends: numbers past 64 bits, JSON nested 100,000 deep, bytes that
are not UTF-8. Each gets a 4xx; none reaches the database or answers 500 (issue 13)."""

from __future__ import annotations

import pytest

from events.services.catalogue.events import create_event
from tests.conftest import demo_event_values, post_form
from werkplaats.enums import Role

HUGE = 2**63  # one past what an id column holds

GETS = [
    "/api/v1/jobs/{huge}",
    "/beheer/jobs/{huge}",
    "/beheer/events/{slug}/registrations/{huge}",
    "/beheer/events/{slug}/certificates/{huge}/certificate.pdf",
    "/beheer/themes?edit={huge}",
    "/beheer/venues?edit={huge}",
    "/beheer/events/{slug}/questions?edit={huge}",
    "/beheer/outbox?page={huge}",
    "/beheer/events/{slug}/checkin?session={huge}",
    "/beheer/events/{slug}/checkin/export?session={huge}",
    "/checkin/{slug}?session={huge}",
    "/beheer/calendar-feeds/{huge}",
]
POSTS = [
    "/beheer/events/{slug}/registrations/{huge}/status",
    "/beheer/events/{slug}/registrations/{huge}/resend",
    "/beheer/events/{slug}/registrations/{huge}/badge",
    "/beheer/events/{slug}/questions/{huge}/delete",
    "/beheer/events/{slug}/checkin/links/{huge}/revoke",
    "/beheer/accounts/{huge}/active",
    "/beheer/calendar-feeds/{huge}/revoke",
]


@pytest.fixture
async def slug() -> str:
    return await create_event(demo_event_values())


@pytest.mark.parametrize("path", GETS)
async def test_an_id_past_64_bits_in_a_get_is_a_4xx(client, login, api_headers, slug, path):
    await login(Role.ORGANISER)
    headers = await api_headers() if path.startswith("/api/") else {}

    response = await client.get(path.format(slug=slug, huge=HUGE), headers=headers)

    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])


@pytest.mark.parametrize("path", POSTS)
async def test_an_id_past_64_bits_in_a_post_is_a_4xx(client, login, slug, path):
    await login(Role.ORGANISER)

    response = await post_form(client, path.format(slug=slug, huge=HUGE), {"status": "cancelled"})

    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])


async def test_an_id_past_64_bits_in_a_json_body_is_a_422(client, api_headers, slug):
    body = {"code": "X", "event": slug, "session": HUGE}

    response = await client.post("/api/v1/checkin", json=body, headers=await api_headers())

    assert response.status_code in (400, 422), response.text[:300]


async def test_json_nested_100000_deep_is_a_400(client, api_headers):
    body = b"[" * 100_000 + b"]" * 100_000

    response = await client.post(
        "/api/v1/events",
        content=body,
        headers={**await api_headers(), "Content-Type": "application/json"},
    )

    assert response.status_code == 400, response.text[:300]


@pytest.mark.parametrize("path", ["/api/v1/events", "/api/v1/events/{slug}/registrations"])
async def test_bytes_that_are_not_utf8_are_a_400(client, api_headers, slug, path):
    response = await client.post(
        path.format(slug=slug),
        content=b'{"title": "\xff\xfe caf\xe9"}',
        headers={**await api_headers(), "Content-Type": "application/json"},
    )

    assert response.status_code == 400, response.text[:300]


async def test_a_form_with_bytes_that_are_not_utf8_is_a_4xx(client, slug):
    response = await client.post(
        f"/events/{slug}",
        content=b"name=\xff\xfe&email=a%40b.nl",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert 400 <= response.status_code < 500, response.text[:300]


@pytest.mark.parametrize("year", [0, 10_000, -1])
async def test_a_year_no_programme_holds_is_a_4xx_on_the_publications_api(client, year):
    response = await client.get("/api/v1/publications", params={"year": year})

    assert response.status_code in (400, 422), response.text[:300]


@pytest.mark.parametrize("path", ["/api/v1/jobs/{id}", "/api/v1/mailings/{id}"])
async def test_an_id_past_what_a_postgresql_serial_holds_is_a_4xx_and_the_largest_a_404(
    client, api_headers, path
):
    headers = await api_headers(Role.ORGANISER)

    past = await client.get(path.format(id=2**31), headers=headers)
    largest = await client.get(path.format(id=2**31 - 1), headers=headers)

    assert past.status_code == 422  # out of the bounds the schema states
    assert largest.status_code == 404


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/v1/events/a%00b", None),
        ("get", "/api/v1/events/a%00b/door-pack", None),
        ("get", "/api/v1/registrations/a%00b", None),
        ("get", "/api/v1/publications?q=a%00b", None),
        ("get", "/api/v1/events?theme=a%00b", None),
        ("post", "/api/v1/checkin", {"code": "x", "event": "a\x00b"}),
        ("post", "/api/v1/checkin/batch", {"event": "a\x00b", "scans": []}),
        ("post", "/api/v1/mailings", {"subject": "x", "body": "x", "audience": {"event": "\x00"}}),
        ("get", "/events/a%00b", None),
        ("get", "/events?q=a%00b", None),
    ],
)
async def test_a_nul_anywhere_in_a_request_is_refused(client, api_headers, method, path, body):
    """PostgreSQL's text holds no NUL: each of these was a 500 there (schemathesis)."""
    headers = await api_headers(Role.ORGANISER)
    if method == "post":
        response = await client.post(path, json=body, headers=headers)
    else:
        response = await client.get(path, headers=headers)

    assert response.status_code == (422 if path.startswith("/api/") else 400), response.text
    assert "NUL" in response.text


async def test_a_form_with_a_nul_is_a_400_page(client):
    response = await post_form(client, "/nieuwsbrief", {"email": "a\x00b@example.nl"})

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
