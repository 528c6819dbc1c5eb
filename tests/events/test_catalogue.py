"""The catalogue service: the rules for creating, changing and cancelling events."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from events.enums import EventKind, EventStatus
from events.services.catalogue.events import create_event, set_status, update_event
from events.services.catalogue.listing import get_event, list_events
from events.services.catalogue.reference import save_theme
from events.tables import Event, EventTheme, Venue
from tests.conftest import demo_event_values
from werkplaats.errors import FieldErrors
from werkplaats.i18n import TIMEZONE

UTC = dt.UTC


def amsterdam(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2030, 4, day, hour, minute, tzinfo=TIMEZONE)


async def test_create_event_stores_utc_and_derives_slug_from_title():
    slug = await create_event(demo_event_values(capacity=0))

    row = await Event.select().where(Event.slug == slug).first()
    assert slug == "regionale-bijeenkomst-voorjaar"
    assert row["starts_at"] == dt.datetime(2030, 4, 16, 11, 30, tzinfo=UTC)
    assert row["ends_at"] == dt.datetime(2030, 4, 16, 15, 0, tzinfo=UTC)
    assert (row["kind"], row["status"], row["capacity"], row["sequence"]) == (
        "regionale_bijeenkomst",
        "published",
        0,
        0,
    )


async def test_create_event_slug_drops_accents_and_punctuation():
    slug = await create_event(
        demo_event_values(title="  Werkplaats-café: één dag over cliënten!  ")
    )

    event = await get_event(slug)
    assert slug == "werkplaats-cafe-een-dag-over-clienten"
    assert event is not None and event.title == "Werkplaats-café: één dag over cliënten!"


async def test_create_event_same_title_gets_numbered_slugs():
    slugs = [await create_event(demo_event_values()) for _ in range(3)]

    assert slugs == [
        "regionale-bijeenkomst-voorjaar",
        "regionale-bijeenkomst-voorjaar-2",
        "regionale-bijeenkomst-voorjaar-3",
    ]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "   "}, "title"),
        ({"kind": "lezing"}, "kind"),
        ({"ends_at": amsterdam(16, 13, 0)}, "ends_at"),
        ({"ends_at": amsterdam(16, 13, 30)}, "ends_at"),
        ({"capacity": -1}, "capacity"),
        ({"starts_at": dt.datetime(2030, 4, 16, 13, 30)}, "starts_at"),
        (
            {"registration_opens_at": amsterdam(10, 9), "registration_closes_at": amsterdam(9, 9)},
            "registration_closes_at",
        ),
        ({"registration_closes_at": amsterdam(16, 18)}, "registration_closes_at"),
        ({"slug": "Niet Goed"}, "slug"),
        ({"online_url": "ftp://meet.example.org/x"}, "online_url"),
        ({"contact_email": "geen-adres"}, "contact_email"),
        ({"venue_id": 999}, "venue"),
        ({"venue": {"name": "  ", "city": "Haarlem"}}, "venue"),
    ],
    ids=[
        "blank-title",
        "unknown-kind",
        "end-before-start",
        "end-equals-start",
        "negative-capacity",
        "naive-start",
        "registration-closes-before-opening",
        "registration-closes-after-end",
        "slug-format",
        "online-url",
        "contact-email",
        "unknown-venue-id",
        "venue-without-name",
    ],
)
async def test_create_event_breaking_a_rule_raises_field_error_and_writes_nothing(overrides, field):
    with pytest.raises(FieldErrors) as raised:
        await create_event(demo_event_values(**overrides))

    assert list(raised.value.errors) == [field]
    assert raised.value.errors[field]
    assert await Event.count() == 0
    assert await Venue.count() == 0


async def test_create_event_with_taken_slug_is_refused():
    await create_event(demo_event_values(slug="voorjaar"))

    with pytest.raises(FieldErrors) as raised:
        await create_event(demo_event_values(title="Iets anders", slug="voorjaar"))

    assert list(raised.value.errors) == ["slug"]
    assert await Event.count() == 1


async def test_create_event_with_unknown_theme_names_it_and_writes_nothing():
    await save_theme({"name": "Inclusieve wijk"})

    with pytest.raises(FieldErrors) as raised:
        await create_event(
            demo_event_values(
                themes=["inclusieve-wijk", "bestaat-niet"], venue={"name": "Wijkcentrum Schalkwijk"}
            )
        )

    assert list(raised.value.errors) == ["themes"]
    assert "bestaat-niet" in raised.value.errors["themes"]
    assert "inclusieve-wijk" not in raised.value.errors["themes"]
    assert (await Event.count(), await Venue.count(), await EventTheme.count()) == (0, 0, 0)


async def test_create_event_links_existing_themes():
    await save_theme({"name": "Sociale reflexiviteit"})
    await save_theme({"name": "Inclusieve wijk"})

    slug = await create_event(
        demo_event_values(themes=["sociale-reflexiviteit", "inclusieve-wijk"])
    )

    event = await get_event(slug)
    assert event is not None
    assert [t["slug"] for t in event.themes] == ["inclusieve-wijk", "sociale-reflexiviteit"]


async def test_create_event_venue_dict_is_found_by_name_and_city_or_created():
    haarlem = {"name": "Wijkcentrum", "address": "Fie Carelsenplein 2", "city": "Haarlem"}
    alkmaar = {"name": "Wijkcentrum", "address": "Bergerweg 1", "city": "Alkmaar"}

    first = await create_event(demo_event_values(venue=haarlem))
    second = await create_event(demo_event_values(venue={**haarlem, "address": ""}))
    third = await create_event(demo_event_values(venue=alkmaar))

    venues = {slug: (await get_event(slug)).venue for slug in (first, second, third)}
    assert await Venue.count() == 2
    assert venues[first]["id"] == venues[second]["id"] != venues[third]["id"]
    assert (venues[first]["address"], venues[third]["city"]) == ("Fie Carelsenplein 2", "Alkmaar")


async def test_update_event_moving_the_start_raises_sequence():
    slug = await create_event(demo_event_values())

    await update_event(slug, {"starts_at": amsterdam(16, 14)})

    event = await get_event(slug)
    assert event is not None
    assert (event.starts_at, event.sequence) == (dt.datetime(2030, 4, 16, 12, 0, tzinfo=UTC), 1)


async def test_update_event_same_moment_in_other_offset_or_new_title_keeps_sequence():
    slug = await create_event(demo_event_values())

    await update_event(
        slug, {"starts_at": dt.datetime(2030, 4, 16, 11, 30, tzinfo=UTC), "title": "Nieuwe titel"}
    )

    event = await get_event(slug)
    assert event is not None
    assert (event.title, event.slug, event.sequence) == ("Nieuwe titel", slug, 0)


async def test_update_event_other_venue_raises_sequence_same_venue_does_not():
    slug = await create_event(
        demo_event_values(venue={"name": "Schouwburg De Kampanje", "city": "Den Helder"})
    )

    await update_event(slug, {"venue": {"name": "Schouwburg De Kampanje", "city": "Den Helder"}})
    unchanged = (await get_event(slug)).sequence
    await update_event(slug, {"venue": {"name": "Hogeschool Inholland", "city": "Alkmaar"}})

    event = await get_event(slug)
    assert unchanged == 0
    assert (event.venue["name"], event.sequence) == ("Hogeschool Inholland", 1)


async def test_update_event_slug_can_change_while_draft():
    slug = await create_event(demo_event_values(status=EventStatus.DRAFT))

    new_slug = await update_event(slug, {"slug": "voorjaar-2030"})

    assert new_slug == "voorjaar-2030"
    assert await get_event(slug, include_drafts=True) is None
    assert (
        await get_event("voorjaar-2030", include_drafts=True)
    ).title == "Regionale bijeenkomst voorjaar"


async def test_update_event_slug_is_fixed_once_published():
    slug = await create_event(demo_event_values())

    with pytest.raises(FieldErrors) as raised:
        await update_event(slug, {"slug": "ander-adres", "title": "Andere titel"})

    event = await get_event(slug)
    assert list(raised.value.errors) == ["slug"]
    assert (event.slug, event.title) == (slug, "Regionale bijeenkomst voorjaar")


async def test_update_event_checks_rules_against_stored_values():
    slug = await create_event(demo_event_values())

    with pytest.raises(FieldErrors) as raised:
        await update_event(slug, {"ends_at": amsterdam(16, 12)})

    assert list(raised.value.errors) == ["ends_at"]
    assert (await get_event(slug)).ends_at == dt.datetime(2030, 4, 16, 15, 0, tzinfo=UTC)


async def test_update_event_replaces_themes():
    await save_theme({"name": "Sociale reflexiviteit"})
    await save_theme({"name": "Inclusieve wijk"})
    slug = await create_event(demo_event_values(themes=["sociale-reflexiviteit"]))

    await update_event(slug, {"themes": ["inclusieve-wijk"]})

    assert [t["slug"] for t in (await get_event(slug)).themes] == ["inclusieve-wijk"]
    assert await EventTheme.count() == 1


async def test_update_event_unknown_slug_returns_none():
    result = await update_event("bestaat-niet", {"title": "x"})

    assert result is None


async def test_set_status_cancelled_keeps_event_listed_as_cancelled():
    slug = await create_event(demo_event_values())

    await set_status(slug, EventStatus.CANCELLED)

    listed = await list_events()
    assert [(e.slug, e.status, e.is_cancelled) for e in listed] == [
        (slug, EventStatus.CANCELLED, True)
    ]


async def test_list_events_splits_upcoming_and_past_in_date_order():
    for title, year in (
        ("Later", 2031),
        ("Eerder", 2030),
        ("Vorig jaar", 2021),
        ("Lang geleden", 2020),
    ):
        await create_event(
            demo_event_values(
                title=title,
                starts_at=dt.datetime(year, 4, 16, 13, 30, tzinfo=TIMEZONE),
                ends_at=dt.datetime(year, 4, 16, 17, tzinfo=TIMEZONE),
            )
        )

    upcoming, past, both = (
        await list_events(),
        await list_events(past=True),
        await list_events(past=None),
    )

    assert [e.title for e in upcoming] == ["Eerder", "Later"]
    assert [e.title for e in past] == ["Vorig jaar", "Lang geleden"]
    assert [e.title for e in both] == ["Later", "Eerder", "Vorig jaar", "Lang geleden"]


async def test_list_events_filters_kind_theme_search_and_hides_drafts():
    await save_theme({"name": "Inclusieve wijk"})
    await create_event(
        demo_event_values(title="Bijeenkomst Schalkwijk", themes=["inclusieve-wijk"])
    )
    await create_event(
        demo_event_values(title="College armoede", kind=EventKind.ACTUALITEITENCOLLEGE)
    )
    await create_event(
        demo_event_values(
            title="Concept college", kind=EventKind.ACTUALITEITENCOLLEGE, status=EventStatus.DRAFT
        )
    )
    await create_event(
        demo_event_values(
            title="Congres", kind=EventKind.CONGRES, summary="Over armoede en schulden"
        )
    )

    by_kind = await list_events(kind=EventKind.ACTUALITEITENCOLLEGE)
    by_theme = await list_events(theme="inclusieve-wijk")
    by_search = await list_events(search="ARMOEDE")
    with_drafts = await list_events(
        statuses=tuple(EventStatus), kind=EventKind.ACTUALITEITENCOLLEGE
    )

    assert [e.title for e in by_kind] == ["College armoede"]
    assert [e.title for e in by_theme] == ["Bijeenkomst Schalkwijk"]
    assert sorted(e.title for e in by_search) == ["College armoede", "Congres"]
    assert sorted(e.title for e in with_drafts) == ["College armoede", "Concept college"]


async def test_get_event_hides_drafts_unless_asked():
    slug = await create_event(demo_event_values(status=EventStatus.DRAFT))

    public, preview = await get_event(slug), await get_event(slug, include_drafts=True)

    assert public is None
    assert preview is not None and preview.status is EventStatus.DRAFT


async def test_create_event_concurrently_with_same_title_gets_distinct_slugs():
    slugs = await asyncio.gather(*(create_event(demo_event_values()) for _ in range(4)))

    assert sorted(slugs) == [
        "regionale-bijeenkomst-voorjaar",
        "regionale-bijeenkomst-voorjaar-2",
        "regionale-bijeenkomst-voorjaar-3",
        "regionale-bijeenkomst-voorjaar-4",
    ]


async def test_create_event_concurrently_with_same_slug_refuses_the_others_with_field_errors():
    results = await asyncio.gather(
        *(create_event(demo_event_values(slug="voorjaar")) for _ in range(5)),
        return_exceptions=True,
    )

    refused = [r for r in results if isinstance(r, Exception)]
    assert results.count("voorjaar") == 1
    assert [type(r).__name__ for r in refused] == ["FieldErrors"] * 4
    assert all(list(r.errors) == ["slug"] for r in refused)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"slug": "a" * 161}, "slug"),
        ({"capacity": 10**10}, "capacity"),
        ({"accreditation_points": 123456}, "accreditation_points"),
        ({"accreditation_id": "PE-" + "1" * 60}, "accreditation_id"),
        ({"contact_name": "x" * 201}, "contact_name"),
    ],
    ids=["slug", "capacity", "points", "accreditation-id", "contact-name"],
)
async def test_create_event_value_beyond_column_limit_is_a_field_error(overrides, field):
    with pytest.raises(FieldErrors) as raised:
        await create_event(demo_event_values(**overrides))

    assert list(raised.value.errors) == [field]
    assert await Event.count() == 0


async def test_cancelling_an_event_raises_sequence_for_calendars():
    slug = await create_event(demo_event_values())

    await set_status(slug, EventStatus.CANCELLED)

    event = await get_event(slug)
    assert (event.status, event.sequence) == (EventStatus.CANCELLED, 1)
