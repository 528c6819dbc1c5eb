"""The catalogue's hand-written statements return what the Piccolo queries they
replaced returned: the same events in the same order, with the same values and types.

The Piccolo versions below are the old `events.services.catalogue.listing`, kept as the
reference; they run against the same database (SQLite or PostgreSQL) in each test.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from events.enums import EventKind, EventStatus
from events.services.catalogue import listing
from events.services.catalogue.events import create_event
from events.services.catalogue.reference import save_theme
from events.services.registration.questions import questions_for
from events.tables import Event, EventTheme, Question, Session, Theme
from events.views import EventView
from tests.conftest import demo_event_values
from werkplaats.db import contains
from werkplaats.i18n import TIMEZONE

# --- the Piccolo queries the statements replaced ------------------------------------


async def _piccolo_views(rows: list[dict], *, with_sessions: bool = False) -> list[EventView]:
    ids = [row["id"] for row in rows]
    themes: dict[int, list[dict]] = defaultdict(list)
    if ids:
        for row in (
            await EventTheme.select(
                EventTheme.event,
                EventTheme.theme.name.as_alias("name"),
                EventTheme.theme.slug.as_alias("slug"),
            )
            .where(EventTheme.event.is_in(ids))
            .order_by(EventTheme.theme.name)
        ):
            themes[row["event"]].append({"name": row["name"], "slug": row["slug"]})
    sessions: dict[int, list[dict]] = defaultdict(list)
    if with_sessions and ids:
        for session in (
            await Session.select()
            .where(Session.event.is_in(ids))
            .order_by(Session.starts_at)
            .order_by(Session.position)
        ):
            sessions[session["event"]].append(session)
    return [
        listing._view({**row, "themes": themes[row["id"]], "sessions": sessions[row["id"]]})
        for row in rows
    ]


async def piccolo_list_events(
    *,
    statuses: tuple[EventStatus, ...] = (EventStatus.PUBLISHED, EventStatus.CANCELLED),
    kind: EventKind | None = None,
    theme: str | None = None,
    past: bool | None = False,
    search: str = "",
    limit: int | None = None,
) -> list[EventView]:
    now = dt.datetime.now(dt.UTC)
    query = Event.select(*listing._COLUMNS).where(Event.status.is_in(list(statuses)))
    if kind is not None:
        query = query.where(Event.kind == kind)
    if theme:
        query = query.where(
            Event.id.is_in(
                EventTheme.select(EventTheme.event).where(EventTheme.theme.slug == theme)
            )
        )
    if past is True:
        query = query.where(Event.ends_at < now).order_by(Event.starts_at, ascending=False)
    elif past is False:
        query = query.where(Event.ends_at >= now).order_by(Event.starts_at)
    else:
        query = query.order_by(Event.starts_at, ascending=False)
    # Ties had no order; the statement breaks them by id.
    query = query.order_by(Event.id, ascending=past is False)
    if search:
        query = query.where(contains(Event.title, search) | contains(Event.summary, search))
    if limit:
        query = query.limit(limit)
    return await _piccolo_views(await query)


async def piccolo_get_event(slug: str, *, include_drafts: bool = False) -> EventView | None:
    query = Event.select(*listing._COLUMNS).where(Event.slug == slug)
    if not include_drafts:
        query = query.where(Event.status != EventStatus.DRAFT)
    row = await query.first()
    return None if row is None else (await _piccolo_views([row], with_sessions=True))[0]


# --- helpers ------------------------------------------------------------------------


def exactly(value: Any) -> Any:
    """A value with its types made visible: `Decimal("3")` and `Decimal("3.0")` are
    equal but show differently, a datetime keeps its zone."""
    if isinstance(value, EventView):
        return [(name, exactly(getattr(value, name))) for name in value.__dataclass_fields__]
    if isinstance(value, list):
        return [exactly(item) for item in value]
    if isinstance(value, dict):
        return [(key, exactly(item)) for key, item in value.items()]
    if isinstance(value, Decimal | dt.datetime):
        return (type(value).__name__, repr(value))
    return (type(value).__name__, value)


def at(day: int, hour: int, minute: int = 0, *, year: int = 2030) -> dt.datetime:
    return dt.datetime(year, 5, day, hour, minute, tzinfo=TIMEZONE)


async def catalogue() -> list[str]:
    """Events of every shape: with and without venue, themes, programme, numbers,
    windows; past, cancelled, draft; two on the same start time."""
    for name in ("Sociale reflexiviteit", "Inclusieve wijk", "Armoede en schulden"):
        await save_theme({"name": name})
    slugs = [
        await create_event(
            demo_event_values(
                title="Regionale bijeenkomst Zaandam",
                starts_at=at(12, 13, 30),
                ends_at=at(12, 17),
                venue={"name": "Zaantheater", "address": "Stationsplein 1", "city": "Zaandam"},
                themes=["sociale-reflexiviteit", "inclusieve-wijk", "armoede-en-schulden"],
                accreditation_points=Decimal("2.5"),
                net_hours=Decimal("3"),
                accreditation_id="A-12345",
                moderated=True,
                registration_opens_at=at(1, 9),
                registration_closes_at=at(11, 17),
                contact_name="Mira Bakker",
                contact_email="mira@example.org",
            )
        ),
        await create_event(
            demo_event_values(
                title="Actualiteitencollege armoede",
                kind=EventKind.ACTUALITEITENCOLLEGE,
                starts_at=at(12, 13, 30),
                ends_at=at(12, 15),
                online_url="https://meet.example.org/college",
                capacity=None,
                themes=["armoede-en-schulden"],
                summary="Over bestaanszekerheid, schulden en de wijk — met “aanhalingstekens”.",
                description="## Programma\n\n* Welkom\n* Lezing\n",
            )
        ),
        await create_event(
            demo_event_values(
                title="Congres",
                kind=EventKind.CONGRES,
                starts_at=at(20, 9, year=2031),
                ends_at=at(21, 16, year=2031),
                venue={"name": "Philharmonie", "city": "Haarlem"},
                net_hours=Decimal("10.5"),
            )
        ),
        await create_event(demo_event_values(title="Lang geleden", **_past(2020))),
        await create_event(
            demo_event_values(title="Afgelast", status=EventStatus.CANCELLED, **_past(2021))
        ),
        await create_event(demo_event_values(title="Concept", status=EventStatus.DRAFT)),
    ]
    event_id = (await Event.select(Event.id).where(Event.slug == slugs[0]).first())["id"]
    for title, hour, position in (("Workshops", 15, 1), ("Plenair", 15, 0), ("Welkom", 13, 0)):
        await Session.insert(
            Session(
                event=event_id,
                title=title,
                starts_at=at(12, hour),
                ends_at=at(12, hour + 1),
                speakers="Prof. dr. J. de Vries",
                room="Zaal 1",
                capacity=40 if position else None,
                position=position,
            )
        )
    return slugs


def _past(year: int) -> dict[str, dt.datetime]:
    return {
        "starts_at": dt.datetime(year, 4, 16, 13, 30, tzinfo=TIMEZONE),
        "ends_at": dt.datetime(year, 4, 16, 17, tzinfo=TIMEZONE),
    }


# --- tests --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"past": True},
        {"past": None},
        {"limit": 2},
        {"past": None, "limit": 3},
        {"kind": EventKind.ACTUALITEITENCOLLEGE},
        {"theme": "armoede-en-schulden"},
        {"search": "ARMOEDE"},
        {"search": "aanhalingstekens"},
        {"statuses": tuple(EventStatus), "past": None},
        {"statuses": (EventStatus.DRAFT,)},
    ],
    ids=repr,
)
async def test_list_events_returns_what_the_piccolo_query_returned(options):
    await catalogue()

    ours, theirs = await listing.list_events(**options), await piccolo_list_events(**options)

    assert ours
    assert exactly(ours) == exactly(theirs)


async def test_list_events_of_a_theme_nobody_chose_is_empty():
    await catalogue()

    assert await listing.list_events(theme="bestaat-niet") == []


async def test_get_event_returns_what_the_piccolo_query_returned_with_its_programme():
    slugs = await catalogue()

    for slug in [*slugs, "bestaat-niet"]:
        for include_drafts in (False, True):
            ours = await listing.get_event(slug, include_drafts=include_drafts)
            theirs = await piccolo_get_event(slug, include_drafts=include_drafts)
            assert exactly(ours) == exactly(theirs)
    event = await listing.get_event(slugs[0])
    assert [session["title"] for session in event.sessions] == ["Welkom", "Plenair", "Workshops"]
    assert [theme["slug"] for theme in event.themes] == [
        "armoede-en-schulden",
        "inclusieve-wijk",
        "sociale-reflexiviteit",
    ]


async def test_events_where_and_all_themes_return_what_piccolo_returned():
    await catalogue()

    events = await listing.events_where(Event.status == EventStatus.PUBLISHED)
    themes = await listing.all_themes()

    assert sorted(e.title for e in events) == [
        "Actualiteitencollege armoede",
        "Congres",
        "Lang geleden",
        "Regionale bijeenkomst Zaandam",
    ]
    for event in events:
        full = await piccolo_get_event(event.slug)
        assert exactly(event) == exactly(replace(full, themes=[], sessions=[]))
    assert themes == await Theme.select().order_by(Theme.name)


async def test_questions_for_returns_what_the_piccolo_query_returned():
    [slug, *_] = await catalogue()
    event_id = (await Event.select(Event.id).where(Event.slug == slug).first())["id"]
    first = await Question.insert(
        Question(event=event_id, label="Workshop", kind="single_choice", choices=["A", "B"])
    ).returning(Question.id)
    await Question.insert(
        Question(
            event=event_id,
            label="Waarom?",
            kind="long_text",
            required=True,
            position=-1,
            shown_if_question=first[0]["id"],
            shown_if_value="B",
        ),
        Question(event=event_id, label="Dieet", kind="yes_no", position=-1),
    )

    ours = await questions_for(event_id)

    rows = (
        await Question.select()
        .where(Question.event == event_id)
        .order_by(Question.position)
        .order_by(Question.id)
        .output(load_json=True)
    )
    assert [(q.id, q.label, q.kind.value, q.required, q.choices) for q in ours] == [
        (r["id"], r["label"], r["kind"], r["required"], list(r["choices"] or [])) for r in rows
    ]
    assert [(q.shown_if_question, q.shown_if_value, q.max_length) for q in ours] == [
        (r["shown_if_question"], r["shown_if_value"], r["max_length"]) for r in rows
    ]
    assert [q.label for q in ours] == ["Waarom?", "Dieet", "Workshop"]
