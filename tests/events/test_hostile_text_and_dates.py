"""Dates a programme cannot hold and texts that would break a mail header: refused at
validation, field by field, nothing written (issue 13's defects)."""

from __future__ import annotations

import datetime as dt

import pytest

from events.enums import MAX_EVENT_DAYS
from events.services.catalogue.events import create_event
from events.tables import Event, Registration
from tests.conftest import demo_event_values
from tests.events.helpers import api_event, event_count, in_language
from tests.events.test_registration_api import person, url, written
from werkplaats.errors import FieldErrors
from werkplaats.i18n import TIMEZONE
from werkplaats.text_rules import line_error, text_error

ONE_LINE = "Use one line, without line breaks or invisible control characters."


@pytest.mark.parametrize(
    "text",
    ["Fatima\r\nBcc: iedereen@example.nl", "Fatima\n", "Fa\x00tima", "\u202eamitaF", "A\u2028B"],
)
def test_one_line_texts_refuse_breaks_and_invisible_controls(text):
    assert line_error(text) is not None


def test_texts_of_several_lines_keep_their_breaks_but_not_controls():
    assert text_error("Eerste regel\r\nTweede\tregel") is None
    assert text_error("Regel\x00") is not None
    assert text_error("tekst \u202e omgedraaid") is not None
    assert line_error("Gemeente Den Helder – team Jeugd (café)") is None


async def test_year_9999_is_refused_field_by_field_and_nothing_is_written(client, api_headers):
    body = api_event(starts_at="9999-12-31T10:00:00+01:00", ends_at="9999-12-31T12:00:00+01:00")

    response = await client.post("/api/v1/events?lang=en", json=body, headers=await api_headers())

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["starts_at"] == "Choose a moment between 2000 and 2099."
    assert errors["ends_at"] == "Choose a moment between 2000 and 2099."
    assert await event_count() == 0


async def test_an_event_longer_than_the_bound_is_refused():
    starts = dt.datetime(2030, 6, 1, 9, 0, tzinfo=TIMEZONE)
    values = demo_event_values(
        starts_at=starts, ends_at=starts + dt.timedelta(days=MAX_EVENT_DAYS, hours=1)
    )

    with pytest.raises(FieldErrors) as refused:
        await create_event(values)

    assert set(refused.value.errors) == {"ends_at"}
    assert await event_count() == 0


async def test_a_title_with_a_line_break_is_refused_in_the_users_language(client, api_headers):
    body = api_event(title="Armoede\r\nBcc: iedereen@example.nl")

    response = await client.post("/api/v1/events", json=body, headers=await api_headers())

    assert response.status_code == 422
    assert response.json()["errors"] == {"title": in_language("nl", ONE_LINE)}
    assert await event_count() == 0


async def test_a_venue_with_a_line_break_in_its_city_is_refused():
    values = demo_event_values(venue={"name": "Pletterij", "city": "Haarlem\nBcc: x@y.nl"})

    with pytest.raises(FieldErrors) as refused:
        await create_event(values)

    assert set(refused.value.errors) == {"venue"}


@pytest.mark.parametrize("field", ["name", "organisation", "email"])
async def test_a_registrant_with_a_line_break_is_refused_and_nothing_written(client, field):
    slug = await create_event(demo_event_values())
    value = {"name": "Fatima\r\nel Amrani", "organisation": "Gemeente\nHaarlem"}.get(
        field, "fatima@example.nl\r\nBcc: x@y.nl"
    )

    response = await client.post(f"{url(slug)}?lang=en", json=person(**{field: value}))

    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert await written() == {"registrations": 0, "answers": 0, "consents": 0, "mails": 0}


async def test_an_event_kept_from_before_the_bound_is_one_block_in_the_feed(client):
    slug = await create_event(demo_event_values())
    starts = dt.datetime(2030, 1, 1, 9, 0, tzinfo=TIMEZONE)
    # Written past the rules, as rows from before the bound are: thirty years of days
    # from 9.00 to 17.00 would be one entry a day.
    await Event.update(
        {Event.starts_at: starts, Event.ends_at: starts.replace(year=2060, hour=17)}
    ).where(Event.slug == slug)

    response = await client.get("/calendar.ics")

    assert response.status_code == 200
    assert response.text.count("BEGIN:VEVENT") == 1
    assert await Registration.count() == 0
