"""Themes and venues: the reference data events point to."""

from __future__ import annotations

import datetime as dt
from typing import Any

from events.codes import slugify
from events.services.catalogue.rules import SLUG_PATTERN
from events.tables import Event, Theme, Venue
from werkplaats.db import atomic
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _
from werkplaats.text_rules import text_errors


async def save_theme(values: dict[str, str], *, theme_id: int | None = None) -> int:
    name = values.get("name", "").strip()
    slug = values.get("slug", "").strip() or slugify(name)
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Enter a name.")
    elif len(name) > 150:
        errors["name"] = _("A name has at most 150 characters.")
    errors = text_errors({"name": name}, lines=("name",)) | errors
    if not SLUG_PATTERN.match(slug):
        errors["slug"] = _("Use lower-case letters, digits and hyphens only.")
    elif await Theme.exists().where((Theme.slug == slug) & (Theme.id != (theme_id or 0))):
        errors["slug"] = _("This web address is already taken by another theme.")
    if errors:
        raise FieldErrors(errors)
    data = {
        Theme.name: name,
        Theme.slug: slug,
        Theme.description: values.get("description", "").strip(),
    }
    if theme_id is None:
        rows = await Theme.insert(Theme(_data=data)).returning(Theme.id)
        return rows[0]["id"]
    await Theme.update(data).where(Theme.id == theme_id)
    return theme_id


VENUE_FIELDS = ("name", "address", "postal_code", "city", "directions")


async def save_venue(values: dict[str, str], *, venue_id: int | None = None) -> int:
    clean: dict[str, Any] = {key: values.get(key, "").strip() for key in VENUE_FIELDS}
    errors: dict[str, str] = {}
    if not clean["name"]:
        errors["name"] = _("Enter a name.")
    for key, limit in (("name", 200), ("address", 200), ("postal_code", 10), ("city", 100)):
        if len(clean[key]) > limit:
            errors[key] = _("At most {n} characters.").format(n=limit)
    lines = ("name", "address", "postal_code", "city")
    errors = text_errors(clean, lines=lines, texts=("directions",)) | errors
    if errors:
        raise FieldErrors(errors)
    data = {Venue._meta.get_column_by_name(k): v for k, v in clean.items()}
    if venue_id is None:
        rows = await Venue.insert(Venue(_data=data)).returning(Venue.id)
        return rows[0]["id"]
    async with atomic():
        await Venue.update(data).where(Venue.id == venue_id)
        # Calendars show the venue as LOCATION: to them, its events have changed.
        await Event.update({Event.updated_at: dt.datetime.now(dt.UTC)}).where(
            Event.venue == venue_id
        )
    return venue_id


async def get_venue(venue_id: int) -> dict[str, Any] | None:
    return await Venue.select().where(Venue.id == venue_id).first()


async def get_theme_by_id(theme_id: int) -> dict[str, Any] | None:
    return await Theme.select().where(Theme.id == theme_id).first()
