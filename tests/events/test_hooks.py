"""The extension points of `events.hooks`, each used by a small test app (`hook_app`)
the way the congress and mailings apps will use them."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from pypdf import PdfReader

from events import hooks
from events.enums import ChangedBy, EventStatus, RegistrationStatus
from events.services.calendars.feeds import make_attendee_feed
from events.services.catalogue.events import create_event, set_status, update_event
from events.services.documents.badges import single_badge
from events.services.registration.core import RegistrationInput, register
from events.services.registration.seats import change_status
from events.tables import Event, Registration
from tests.conftest import demo_event_values, post_form
from tests.events.calendar_helpers import parse_feed
from tests.events.hook_app import Seen, plugged_in
from werkplaats.enums import Role
from werkplaats.tables import StoredValue

FATIMA = "fatima@gemeente-haarlem.example"


@pytest.fixture
def seen() -> Iterator[Seen]:
    with plugged_in() as seen:
        yield seen


def person(email: str = FATIMA, **extra) -> RegistrationInput:
    return RegistrationInput(
        name="Fatima el Amrani",
        email=email,
        privacy_consent=True,
        sections={"workshop": "Jeugd en gezin"},
        **extra,
    )


async def _event_id(slug: str) -> int:
    return (await Event.select(Event.id).where(Event.slug == slug).first())["id"]


async def _workshops() -> dict[str, str]:
    rows = await StoredValue.select(StoredValue.key, StoredValue.value).where(
        StoredValue.key.like("workshop:%")
    )
    return {row["key"]: row["value"].decode() for row in rows}


async def test_event_changed_names_the_fields_that_changed(seen):
    slug = await create_event(demo_event_values())
    event_id = await _event_id(slug)

    await update_event(slug, {"title": "Regionale bijeenkomst najaar", "capacity": 80})
    await set_status(slug, EventStatus.CANCELLED)

    assert seen.events_changed[0] == hooks.EventChange(event_id, frozenset(), created=True)
    assert seen.events_changed[1].fields == {"title", "capacity"}
    assert not seen.events_changed[1].moved
    assert seen.events_changed[2].fields == {"status"}
    assert seen.cancelled == [event_id]


async def test_registration_changed_tells_old_and_new_status_and_who_moved_up(seen):
    slug = await create_event(demo_event_values(capacity=1))
    event_id = await _event_id(slug)
    await register(slug, person())
    await register(slug, person("bram@wijkteam-zaanstad.example"))
    first = await Registration.select(Registration.id).where(Registration.email == FATIMA).first()

    change = await change_status(first["id"], RegistrationStatus.CANCELLED, by=ChangedBy.ORGANISER)

    second = change.promoted[0]
    assert [(c.registration_id, c.old, c.new, c.by) for c in seen.registrations] == [
        (first["id"], None, RegistrationStatus.REGISTERED, "registrant"),
        (second, None, RegistrationStatus.WAITLISTED, "registrant"),
        (first["id"], RegistrationStatus.REGISTERED, RegistrationStatus.CANCELLED, "organiser"),
        (second, RegistrationStatus.WAITLISTED, RegistrationStatus.REGISTERED, "system"),
    ]
    assert {c.event_id for c in seen.registrations} == {event_id}


async def test_form_section_is_shown_checked_and_saved_with_the_registration(client, seen):
    slug = await create_event(demo_event_values())
    form = {"name": "Fatima el Amrani", "email": FATIMA, "privacy_consent": "1"}

    page = await client.get(f"/events/{slug}")
    refused = await post_form(client, f"/events/{slug}", form)
    accepted = await post_form(client, f"/events/{slug}", form | {"workshop": "Jeugd en gezin"})

    assert '<select id="workshop" name="workshop">' in page.text
    assert refused.status_code == 400
    assert '<p class="error" id="workshop-error">Kies een workshop.</p>' in refused.text
    assert accepted.status_code == 200  # followed to the personal page
    [row] = await Registration.select(Registration.id)
    assert await _workshops() == {f"workshop:{row['id']}": "Jeugd en gezin"}
    assert '<h2 id="panel-workshop-heading">Jouw workshop</h2>' in accepted.text
    assert "<p>Jeugd en gezin</p>" in accepted.text


async def test_form_section_that_fails_to_save_writes_nothing(seen):
    slug = await create_event(demo_event_values())
    seen.fail_on_save = True

    with pytest.raises(RuntimeError):
        await register(slug, person())

    assert await Registration.count() == 0
    assert await _workshops() == {}
    assert seen.registrations == []


async def test_api_takes_a_section_by_its_key(client, seen):
    slug = await create_event(demo_event_values())
    body = {"name": "Fatima el Amrani", "email": FATIMA, "privacy_consent": True}

    refused = await client.post(f"/api/v1/events/{slug}/registrations", json=body)
    accepted = await client.post(
        f"/api/v1/events/{slug}/registrations",
        json=body | {"sections": {"workshop": {"workshop": "Schulden en armoede"}}},
    )

    assert (refused.status_code, refused.json()["errors"]) == (
        422,
        {"workshop": "Kies een workshop."},
    )
    assert accepted.status_code == 201
    assert list((await _workshops()).values()) == ["Schulden en armoede"]


async def test_event_page_shows_the_items_of_other_apps(client, seen):
    slug = await create_event(demo_event_values())

    page = await client.get(f"/events/{slug}")

    assert '<section aria-labelledby="panel-publicaties-heading" class="panel"' in page.text
    assert "<p>Handreiking schulden</p>" in page.text


async def test_badge_carries_the_lines_of_other_apps(seen):
    slug = await create_event(demo_event_values())
    await register(slug, person())
    [row] = await Registration.select(Registration.id)

    pdf = await single_badge(await _event_id(slug), row["id"])

    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert f"Workshop ronde 1 ({row['id']})" in text


async def test_event_calendar_and_personal_feed_carry_the_entries_of_other_apps(client, seen):
    slug = await create_event(demo_event_values())
    event_id = await _event_id(slug)
    await register(slug, person())
    feed = await make_attendee_feed(FATIMA)

    event_file = await client.get(f"/events/{slug}.ics")
    public = await client.get("/calendar.ics")
    personal = await client.get(feed.path)

    uid = f"session-{event_id}-1@hooks.test"
    assert [e.uid for e in parse_feed(event_file.content).entries][1:] == [uid]
    assert uid in [e.uid for e in parse_feed(public.content).entries]
    personal_uids = [e.uid for e in parse_feed(personal.content).entries]
    assert uid in personal_uids and f"mine-{FATIMA}@hooks.test" in personal_uids


async def test_export_has_the_columns_of_other_apps(client, login, seen):
    slug = await create_event(demo_event_values())
    await register(slug, person())
    await login(Role.ORGANISER)

    csv = await client.get(f"/beheer/events/{slug}/registrations.csv")

    header, row = csv.content.decode("utf-8-sig").splitlines()[:2]
    assert header.split(";")[-1] == "Workshop"
    assert row.split(";")[-1] == "Jeugd en gezin"


async def test_event_back_office_pages_list_the_sections_of_other_apps(client, login, seen):
    slug = await create_event(demo_event_values())
    await login(Role.ORGANISER)

    pages = [
        await client.get(f"/beheer/events/{slug}{page}")
        for page in ("", "/registrations", "/questions/", "/checkin/", "/badges", "/certificates")
    ]

    tab = f'<li><a href="/beheer/events/{slug}/publicaties">Publicaties</a></li>'
    assert [tab in page.text for page in pages] == [True] * 6


@pytest.fixture
def nothing_registered() -> Iterator[None]:
    """Every point without the listeners the real apps registered, for one test."""
    kept = {point: point.listeners for point in hooks.ALL}
    for point, listeners in kept.items():
        for listener in listeners:
            point.forget(listener)
    try:
        yield
    finally:
        for point, listeners in kept.items():
            for listener in listeners:
                point.register(listener)


async def test_events_works_with_nothing_registered(client, nothing_registered):
    slug = await create_event(demo_event_values())

    page = await client.get(f"/events/{slug}")
    outcome = await register(slug, person())

    assert all(not point.listeners for point in hooks.ALL)
    assert 'class="panel"' not in page.text
    assert outcome.status is RegistrationStatus.REGISTERED
    assert re.search(r'<select id="workshop"', page.text) is None


async def test_download_and_erasure_of_a_person_include_the_other_apps(client, seen):
    slug = await create_event(demo_event_values())
    outcome = await register(slug, person())

    download = await client.get(f"/r/{outcome.token}/gegevens.json")
    await post_form(client, f"/r/{outcome.token}/wissen", {})

    assert download.json()["other"] == {"workshops": ["Jeugd en gezin"]}
    assert seen.erased == [FATIMA]
