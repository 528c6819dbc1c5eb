"""The catalogue of publications: the rules for one, and the lists pages and feeds show.

A publication is written in one transaction with its themes and events, under the
lock `publication-slug`, so two saves never take the same web address; the
`mailings.hooks` happenings are called in that transaction (and in a deletion's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from events.codes import slugify
from events.services.catalogue.rules import SLUG_PATTERN
from events.tables import Event, Theme
from mailings import hooks
from mailings.enums import PublicationKind
from mailings.tables import Publication, PublicationEvent, PublicationTheme
from mailings.views import PublicationView
from werkplaats.db import atomic, contains, lock
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _

LIMITS = {"title": 250, "authors": 300, "url": 500, "cover_url": 500, "slug": 160}


def web_address(value: str) -> bool:
    """An absolute http(s) address with a host: never `javascript:`, `data:` or a path."""
    if any(ord(char) < 32 or char.isspace() for char in value):
        return False
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.hostname)


def _date(value: Any, errors: dict[str, str]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors["published_on"] = _("Enter a date as YYYY-MM-DD.")
        return None


async def _ids(table: Any, slugs: Sequence[str], field_name: str, errors: dict[str, str]) -> list:
    wanted = list(dict.fromkeys(slug for slug in slugs if slug))
    if not wanted:
        return []
    rows = await table.select(table.id, table.slug).where(table.slug.is_in(wanted))
    found = {row["slug"]: row["id"] for row in rows}
    unknown = [slug for slug in wanted if slug not in found]
    if unknown:
        errors[field_name] = _("Unknown: {names}.").format(names=", ".join(unknown))
    return [found[slug] for slug in wanted if slug in found]


async def check_publication(values: Mapping[str, Any]) -> tuple[dict[str, Any], list, list]:
    """The clean columns, theme ids and event ids of `values`; FieldErrors if any is bad."""
    errors: dict[str, str] = {}
    text = {key: str(values.get(key) or "").strip() for key in ("title", "url", "authors")}
    text |= {key: str(values.get(key) or "").strip() for key in ("summary", "cover_url", "slug")}
    if not text["title"]:
        errors["title"] = _("Enter a title.")
    kind = str(values.get("kind") or "")
    if kind not in set(PublicationKind):
        errors["kind"] = _("Choose a kind.")
    if not text["url"]:
        errors["url"] = _("Enter the web address where it can be read.")
    elif not web_address(text["url"]):
        errors["url"] = _("Enter a web address that starts with http:// or https://.")
    if text["cover_url"] and not web_address(text["cover_url"]):
        errors["cover_url"] = _("Enter a web address that starts with http:// or https://.")
    text["slug"] = text["slug"] or slugify(text["title"])
    if not SLUG_PATTERN.match(text["slug"]):
        errors["slug"] = _("Use lower-case letters, digits and hyphens only.")
    for key, limit in LIMITS.items():
        if len(text[key]) > limit and key not in errors:
            errors[key] = _("At most {n} characters.").format(n=limit)
    published_on = _date(values.get("published_on"), errors)
    theme_ids = await _ids(Theme, values.get("themes") or [], "themes", errors)
    event_ids = await _ids(Event, values.get("events") or [], "events", errors)
    if errors:
        raise FieldErrors(errors)
    return text | {"kind": kind, "published_on": published_on}, theme_ids, event_ids


async def save_publication(values: Mapping[str, Any], *, publication_id: int | None = None) -> str:
    """Create or change a publication with its themes and events; its slug."""
    clean, theme_ids, event_ids = await check_publication(values)
    data = {Publication._meta.get_column_by_name(k): v for k, v in clean.items()}
    data[Publication.updated_at] = dt.datetime.now(dt.UTC)
    async with atomic():
        await lock("publication-slug")
        taken = Publication.exists().where(Publication.slug == clean["slug"])
        if publication_id is not None:
            taken = taken.where(Publication.id != publication_id)
        if await taken:
            raise FieldErrors({"slug": _("This web address is already taken.")})
        if publication_id is None:
            rows = await Publication.insert(Publication(_data=data)).returning(Publication.id)
            publication_id = rows[0]["id"]
        else:
            await Publication.update(data).where(Publication.id == publication_id)
            await PublicationTheme.delete().where(PublicationTheme.publication == publication_id)
            await PublicationEvent.delete().where(PublicationEvent.publication == publication_id)
        if theme_ids:
            await PublicationTheme.insert(
                *(PublicationTheme(publication=publication_id, theme=t) for t in theme_ids)
            )
        if event_ids:
            await PublicationEvent.insert(
                *(PublicationEvent(publication=publication_id, event=e) for e in event_ids)
            )
        await hooks.publication_changed.call(publication_id)
    return clean["slug"]


async def delete_publication(slug: str) -> bool:
    async with atomic():
        rows = await Publication.delete().where(Publication.slug == slug).returning(Publication.id)
        for row in rows:
            await hooks.publication_withdrawn.call(row["id"])
    return bool(rows)


async def _views(rows: list[dict[str, Any]]) -> list[PublicationView]:
    ids = [row["id"] for row in rows]
    themes: dict[int, list] = {i: [] for i in ids}
    events: dict[int, list] = {i: [] for i in ids}
    if ids:
        for row in await PublicationTheme.select(
            PublicationTheme.publication,
            PublicationTheme.theme.slug.as_alias("slug"),
            PublicationTheme.theme.name.as_alias("name"),
        ).where(PublicationTheme.publication.is_in(ids)):
            themes[row["publication"]].append({"slug": row["slug"], "name": row["name"]})
        for row in await PublicationEvent.select(
            PublicationEvent.publication,
            PublicationEvent.event.slug.as_alias("slug"),
            PublicationEvent.event.title.as_alias("title"),
            PublicationEvent.event.status.as_alias("status"),
        ).where(PublicationEvent.publication.is_in(ids)):
            if row["status"] != "draft":
                events[row["publication"]].append({"slug": row["slug"], "title": row["title"]})
    return [
        PublicationView(
            **{k: v for k, v in row.items() if k != "kind"},
            kind=PublicationKind(row["kind"]),
            themes=sorted(themes[row["id"]], key=lambda t: t["name"]),
            events=events[row["id"]],
        )
        for row in rows
    ]


async def list_publications(
    *,
    kind: PublicationKind | None = None,
    theme: str | None = None,
    year: int | None = None,
    search: str = "",
    event_id: int | None = None,
    limit: int | None = None,
) -> list[PublicationView]:
    """Newest first (by date, then by when it was added)."""
    query = Publication.select()
    if kind is not None:
        query = query.where(Publication.kind == kind.value)
    if theme:
        linked = await PublicationTheme.select(PublicationTheme.publication).where(
            PublicationTheme.theme.slug == theme
        )
        query = query.where(Publication.id.is_in([r["publication"] for r in linked] or [0]))
    if event_id is not None:
        linked = await PublicationEvent.select(PublicationEvent.publication).where(
            PublicationEvent.event == event_id
        )
        query = query.where(Publication.id.is_in([r["publication"] for r in linked] or [0]))
    if year is not None:
        query = query.where(
            (Publication.published_on >= dt.date(year, 1, 1))
            & (Publication.published_on <= dt.date(year, 12, 31))
        )
    if search:
        query = query.where(
            contains(Publication.title, search)
            | contains(Publication.summary, search)
            | contains(Publication.authors, search)
        )
    query = query.order_by(Publication.published_on, Publication.id, ascending=False)
    if limit is not None:
        query = query.limit(limit)
    return await _views(await query)


async def get_publication(slug: str) -> PublicationView | None:
    row = await Publication.select().where(Publication.slug == slug).first()
    return (await _views([row]))[0] if row else None


async def publications_by_id(ids: Sequence[int]) -> list[PublicationView]:
    """In the order asked (a mailing's chosen cards)."""
    if not ids:
        return []
    rows = await Publication.select().where(Publication.id.is_in(list(ids)))
    by_id = {view.id: view for view in await _views(rows)}
    return [by_id[i] for i in ids if i in by_id]


async def publication_years() -> list[int]:
    rows = await Publication.select(Publication.published_on).where(
        Publication.published_on.is_not_null()
    )
    return sorted({row["published_on"].year for row in rows}, reverse=True)
