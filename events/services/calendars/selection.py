"""Which events a calendar feed holds, written once as SQL and used twice.

A feed holds public events (published or cancelled) that are still to come or ended
less than a year ago. A cancelled event stays in the feed, marked CANCELLED, until
it has ended; then it leaves the feed, and with it the calendars that subscribe.

A `Selection` is a condition on the `event` table with `{}` for each value. The
feed's body reads it through Piccolo (`WhereRaw`), its version through one aggregate
(`events.services.calendars.versions`). It is SQL rather than Piccolo's own conditions because
a polling calendar makes one request, one query: building and compiling Piccolo's
conditions cost as much as the query itself. Only constants go into the SQL text;
every value is a parameter. Plain SQL that SQLite and PostgreSQL read alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from piccolo.columns.combination import WhereRaw

from events.enums import ACTIVE_STATUSES, EventKind, EventStatus

HISTORY = dt.timedelta(days=365)
PUBLISHED, CANCELLED = EventStatus.PUBLISHED.value, EventStatus.CANCELLED.value
ACTIVE = tuple(sorted(status.value for status in ACTIVE_STATUSES))


@dataclass(frozen=True, slots=True)
class Selection:
    sql: str
    args: tuple[Any, ...] = ()

    def __and__(self, other: Selection) -> Selection:
        return Selection(f"({self.sql}) AND ({other.sql})", self.args + other.args)

    def __or__(self, other: Selection) -> Selection:
        return Selection(f"({self.sql}) OR ({other.sql})", self.args + other.args)

    def where(self) -> WhereRaw:
        return WhereRaw(self.sql, *self.args)


NOTHING = Selection("1 = 0")


def _placeholders(count: int) -> str:
    return ", ".join("{}" for _ in range(count))


def in_feeds(now: dt.datetime | None = None) -> Selection:
    """In any feed at `now`: public, not ended over a year ago, not a past cancellation."""
    now = now or dt.datetime.now(dt.UTC)
    return Selection(
        '"event"."status" IN ({}, {}) AND "event"."ends_at" >= {} '
        'AND ("event"."status" = {} OR "event"."ends_at" >= {})',
        (PUBLISHED, CANCELLED, now - HISTORY, PUBLISHED, now),
    )


def public_event(slug: str) -> Selection:
    """The one event behind /events/{slug}.ics, whenever it is, unless a draft."""
    return Selection(
        '"event"."slug" = {} AND "event"."status" IN ({}, {})', (slug, PUBLISHED, CANCELLED)
    )


def of_kinds(kinds: Iterable[EventKind]) -> Selection:
    values = tuple(kind.value for kind in kinds)
    return Selection(f'"event"."kind" IN ({_placeholders(len(values))})', values)


def on_themes(theme_ids: Iterable[int]) -> Selection:
    ids = tuple(theme_ids)
    return Selection(
        '"event"."id" IN (SELECT "event_theme"."event" FROM "event_theme" '
        f'WHERE "event_theme"."theme" IN ({_placeholders(len(ids))}))',
        ids,
    )


def registered_by(email: str) -> Selection:
    """Events with an active registration (registered, waiting, pending) under `email`."""
    active = registrations_of(email)
    sql = f'"event"."id" IN (SELECT "registration"."event" FROM "registration" WHERE {active.sql})'
    return Selection(sql, active.args)


def registrations_of(email: str) -> Selection:
    """A condition on `registration`: its active registrations under `email`."""
    placeholders = _placeholders(len(ACTIVE))
    return Selection(
        f'"registration"."email" = {{}} AND "registration"."status" IN ({placeholders})',
        (email, *ACTIVE),
    )
