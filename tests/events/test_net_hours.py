"""Net hours of an event (the hours of programme, breaks excluded) in the form, the
API and the catalogue: what a certificate of attendance states."""

from __future__ import annotations

from decimal import Decimal

import pytest

from events.services.catalogue.events import create_event
from events.services.catalogue.listing import get_event
from tests.conftest import demo_event_values, post_form
from tests.events.helpers import api_event, event_count, field_errors, form_event, input_value
from werkplaats.enums import Role
from werkplaats.errors import FieldErrors

URL = "/api/v1/events"
# API_EVENT and FORM_EVENT last 3.5 hours (13.30–17.00).
BAD_HOURS = {
    "negative": (-1, "Net hours must be more than zero."),
    "zero": (0, "Net hours must be more than zero."),
    "two-decimals": (2.25, "Use at most one decimal, e.g. 2,5."),
    "longer-than-event": (4, "Net hours cannot be more than the event lasts (3.5 hours)."),
    "beyond-column": (123456, "At most 9999.9 hours."),
}


async def test_api_event_with_net_hours_keeps_and_returns_them(client, api_headers):
    headers = await api_headers()

    created = await client.post(URL, json=api_event(net_hours=3.5), headers=headers)
    listed = await client.get(f"{URL}/{created.json()['slug']}")

    assert (created.status_code, created.json()["net_hours"]) == (201, 3.5)
    assert listed.json()["net_hours"] == 3.5
    assert (await get_event(created.json()["slug"])).net_hours == Decimal("3.5")


async def test_api_event_without_net_hours_returns_null(client, api_headers):
    created = await client.post(URL, json=api_event(), headers=await api_headers())

    assert created.json()["net_hours"] is None


@pytest.mark.parametrize(("hours", "message"), BAD_HOURS.values(), ids=BAD_HOURS.keys())
async def test_api_bad_net_hours_is_422_on_that_field_and_writes_nothing(
    client, api_headers, hours, message
):
    response = await client.post(
        f"{URL}?lang=en", json=api_event(net_hours=hours), headers=await api_headers()
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"net_hours": message}
    assert await event_count() == 0


async def test_api_net_hours_as_text_asks_for_a_number(client, api_headers):
    response = await client.post(
        f"{URL}?lang=en", json=api_event(net_hours="drie"), headers=await api_headers()
    )

    assert (response.status_code, response.json()["errors"]) == (
        422,
        {"net_hours": "Enter a number."},
    )


async def test_api_patch_sets_and_clears_net_hours(client, api_headers):
    slug = await create_event(demo_event_values())
    headers = await api_headers()

    set_ = await client.patch(f"{URL}/{slug}", json={"net_hours": 3}, headers=headers)
    after_set = (await get_event(slug)).net_hours
    cleared = await client.patch(f"{URL}/{slug}", json={"net_hours": None}, headers=headers)

    assert (set_.status_code, set_.json()["net_hours"], after_set) == (200, 3.0, Decimal("3"))
    assert (cleared.status_code, (await get_event(slug)).net_hours) == (200, None)


async def test_api_patch_shortening_the_event_below_its_net_hours_is_refused(client, api_headers):
    slug = await create_event(demo_event_values(net_hours=Decimal("3")))

    response = await client.patch(
        f"{URL}/{slug}?lang=en",
        json={"ends_at": "2030-04-16T15:30:00+02:00"},
        headers=await api_headers(),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "net_hours": "Net hours cannot be more than the event lasts (2 hours)."
    }


async def test_backoffice_form_takes_net_hours_with_a_decimal_comma(client, login):
    await login(Role.ORGANISER)

    await post_form(client, "/beheer/events/new", form_event(net_hours="3,5"))
    edit = await client.get("/beheer/events/themabijeenkomst-inclusieve-wijk")

    event = await get_event("themabijeenkomst-inclusieve-wijk", include_drafts=True)
    assert event.net_hours == Decimal("3.5")
    assert input_value(edit.text, "net_hours") == "3,5"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("drie", "Enter a number, e.g. 2 or 2,5."),
        ("-1", "Net hours must be more than zero."),
        ("2,25", "Use at most one decimal, e.g. 2,5."),
        ("4", "Net hours cannot be more than the event lasts (3.5 hours)."),
        ("NaN", "Enter a number, e.g. 2 or 2,5."),
    ],
    ids=["text", "negative", "two-decimals", "longer-than-event", "nan"],
)
async def test_backoffice_form_bad_net_hours_is_a_field_error(client, login, typed, message):
    await login(Role.ORGANISER)
    client.cookies.set("lang", "en")

    response = await post_form(client, "/beheer/events/new", form_event(net_hours=typed))

    assert response.status_code == 400
    assert field_errors(response.text) == {"net_hours": message}
    assert input_value(response.text, "net_hours") == typed
    assert await event_count() == 0


async def test_create_event_with_points_of_two_decimals_is_a_field_error():
    with pytest.raises(FieldErrors) as raised:
        await create_event(demo_event_values(accreditation_points=Decimal("2.25")))

    assert list(raised.value.errors) == ["accreditation_points"]


async def test_event_page_shows_net_hours_in_dutch(client):
    slug = await create_event(
        demo_event_values(net_hours=Decimal("3.5"), accreditation_points=Decimal("2.5"))
    )

    page = (await client.get(f"/events/{slug}")).text

    assert "3,5 uur" in page
    assert "2,5 punten" in page
