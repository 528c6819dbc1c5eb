"""The national agenda and catalogue: this Werkplaats's public events and
publications beside every source's copy, in one list, labelled with their Werkplaats.

Items from a source are plain text from its last good fetch; each carries the age of
that copy, and whether the source failed since (the copy may be out of date).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from events.enums import EventKind, EventStatus
from events.ical import event_location, event_url
from events.services.catalogue.listing import list_events
from events.views import EventView
from federation.services.themes import ThemeNames, theme_names
from federation.tables import RemoteEvent, RemotePublication, Source
from mailings.enums import PublicationKind
from mailings.services.publications import list_publications
from mailings.views import PublicationView
from werkplaats.i18n import format_when, local
from werkplaats.settings import get_settings


@dataclass(frozen=True)
class Werkplaats:
    name: str
    region: str
    copied_at: dt.datetime | None = None  # None: this Werkplaats itself
    failing: bool = False


@dataclass(frozen=True)
class AgendaEvent:
    uid: str
    werkplaats: Werkplaats
    title: str
    summary: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    cancelled: bool
    kind: str
    themes: list[str]
    where: str
    url: str
    registration_url: str
    theme_keys: list[str] = field(default_factory=list)

    @property
    def when(self) -> str:
        return format_when(self.starts_at, self.ends_at)

    @property
    def kind_label(self) -> str:
        return EventKind(self.kind).label if self.kind in set(EventKind) else self.kind


@dataclass(frozen=True)
class AgendaPublication:
    werkplaats: Werkplaats
    title: str
    url: str
    authors: str
    published_on: dt.date | None
    summary: str
    genre: str
    themes: list[str]
    theme_keys: list[str] = field(default_factory=list)

    @property
    def genre_label(self) -> str:
        kinds = set(PublicationKind)
        return PublicationKind(self.genre).label if self.genre in kinds else self.genre


@dataclass(frozen=True)
class Filters:
    region: str = ""
    kind: str = ""
    theme: str = ""  # a theme key (themes.theme_key)
    day_from: dt.date | None = None
    day_to: dt.date | None = None


def home() -> Werkplaats:
    settings = get_settings()
    return Werkplaats(name=settings.site_name, region=settings.site_region)


def _werkplaats(row: dict[str, Any]) -> Werkplaats:
    return Werkplaats(
        name=row["source_name"],
        region=row["source_region"],
        copied_at=row["copied_at"],
        failing=bool(row["source_error"]),
    )


def _with_source(table: Any) -> tuple:
    return (
        table.source.name.as_alias("source_name"),
        table.source.region.as_alias("source_region"),
        table.source.last_success_at.as_alias("copied_at"),
        table.source.last_error.as_alias("source_error"),
    )


def _own_event(event: EventView, names: ThemeNames) -> AgendaEvent:
    url = event_url(event, base_url=get_settings().base_url)
    themes = [theme["name"] for theme in event.themes]
    return AgendaEvent(
        uid=f"event-{event.id}@{get_settings().host}",
        werkplaats=home(),
        title=event.title,
        summary=event.summary,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        cancelled=event.status is EventStatus.CANCELLED,
        kind=event.kind.value,
        themes=themes,
        where=event_location(event),
        url=url,
        registration_url=url,
        theme_keys=names.keys(themes),
    )


def _remote_event(row: dict[str, Any], names: ThemeNames) -> AgendaEvent:
    themes = json.loads(row["themes"] or "[]")
    where = ", ".join(part for part in (row["place"], row["city"]) if part)
    return AgendaEvent(
        uid=f"{row['remote_id']}.source-{row['source']}",  # two sources may both say "e1"
        werkplaats=_werkplaats(row),
        title=row["name"],
        summary=row["description"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        cancelled=bool(row["cancelled"]),
        kind=row["kind"],
        themes=themes,
        where=where or ("Online" if row["online"] else ""),
        url=row["url"],
        registration_url=row["registration_url"] or row["url"],
        theme_keys=names.keys(themes),
    )


def _kept(item: AgendaEvent, filters: Filters) -> bool:
    day = local(item.starts_at).date()
    return (
        (not filters.region or item.werkplaats.region == filters.region)
        and (not filters.kind or item.kind == filters.kind)
        and (not filters.theme or filters.theme in item.theme_keys)
        and (filters.day_from is None or local(item.ends_at).date() >= filters.day_from)
        and (filters.day_to is None or day <= filters.day_to)
    )


async def national_events(filters: Filters) -> tuple[list[AgendaEvent], ThemeNames]:
    """Events not yet over, by start; the theme names seen (for the filter)."""
    names = await theme_names()
    now = dt.datetime.now(dt.UTC)
    items = [_own_event(event, names) for event in await list_events(past=False)]
    rows = await RemoteEvent.select(*RemoteEvent.all_columns(), *_with_source(RemoteEvent)).where(
        RemoteEvent.ends_at >= now
    )
    items += [_remote_event(row, names) for row in rows]
    kept = [item for item in items if _kept(item, filters)]
    return sorted(kept, key=lambda item: (item.starts_at, item.title)), names


def _own_publication(publication: PublicationView, names: ThemeNames) -> AgendaPublication:
    themes = [theme["name"] for theme in publication.themes]
    return AgendaPublication(
        werkplaats=home(),
        title=publication.title,
        url=publication.url,
        authors=publication.authors,
        published_on=publication.published_on,
        summary=publication.summary,
        genre=publication.kind.value,
        themes=themes,
        theme_keys=names.keys(themes),
    )


def _remote_publication(row: dict[str, Any], names: ThemeNames) -> AgendaPublication:
    themes = json.loads(row["themes"] or "[]")
    return AgendaPublication(
        werkplaats=_werkplaats(row),
        title=row["name"],
        url=row["url"],
        authors=row["authors"],
        published_on=row["published_on"],
        summary=row["abstract"],
        genre=row["genre"],
        themes=themes,
        theme_keys=names.keys(themes),
    )


async def national_publications(
    filters: Filters,
) -> tuple[list[AgendaPublication], ThemeNames]:
    """Newest first; `filters.kind` is the genre."""
    names = await theme_names()
    items = [_own_publication(p, names) for p in await list_publications(limit=2000)]
    rows = await RemotePublication.select(
        *RemotePublication.all_columns(), *_with_source(RemotePublication)
    )
    items += [_remote_publication(row, names) for row in rows]
    kept = [
        item
        for item in items
        if (not filters.region or item.werkplaats.region == filters.region)
        and (not filters.kind or item.genre == filters.kind)
        and (not filters.theme or filters.theme in item.theme_keys)
    ]
    return sorted(kept, key=lambda p: p.published_on or dt.date.min, reverse=True), names


async def regions() -> list[str]:
    found = {row["region"] for row in await Source.select(Source.region)}
    found.add(get_settings().site_region)
    return sorted(region for region in found if region)
