"""The event catalogue: creating, changing, publishing and cancelling events.

Every change goes through `create_event` / `update_event`, which take plain typed
values (from the JSON API or a parsed form), check every rule, and either raise
`FieldErrors` having written nothing, or write the event, its venue and its themes
in one transaction.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Any

from events.enums import EventKind, EventStatus
from events.tables import Event, EventTheme, Theme, Venue
from werkplaats.db import atomic
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#].[^\s]*$", re.IGNORECASE)
EVENT_FIELDS = (
    "title",
    "slug",
    "kind",
    "status",
    "summary",
    "description",
    "starts_at",
    "ends_at",
    "venue",
    "venue_id",
    "online_url",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "moderated",
    "contact_name",
    "contact_email",
    "accreditation_id",
    "accreditation_points",
    "themes",
)
TIME_FIELDS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")
# A change to one of these moves the event in people's calendars.
SCHEDULE_FIELDS = ("starts_at", "ends_at", "venue", "online_url")


def slugify(text: str, max_length: int = 80) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "evenement"


async def _free_slug(base: str) -> str:
    taken = {
        row["slug"]
        for row in await Event.select(Event.slug).where(
            (Event.slug == base) | Event.slug.like(f"{base}-%")
        )
    }
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _check_values(values: dict[str, Any]) -> dict[str, str]:
    """Rules on the merged values of an event; returns {field: message}."""
    errors: dict[str, str] = {}
    title = (values.get("title") or "").strip()
    if not title:
        errors["title"] = _("Enter a title.")
    elif len(title) > 200:
        errors["title"] = _("A title has at most 200 characters.")
    if values.get("kind") not in set(EventKind):
        errors["kind"] = _("Choose a kind of event.")
    if values.get("status") not in set(EventStatus):
        errors["status"] = _("Choose draft, published or cancelled.")
    for name in TIME_FIELDS:
        moment = values.get(name)
        if isinstance(moment, dt.datetime) and moment.tzinfo is None:
            errors[name] = _("Give the time with its offset, e.g. 2026-04-14T13:30:00+02:00.")
    comparable = not any(name in errors for name in TIME_FIELDS)  # naive vs aware
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if starts is None:
        errors["starts_at"] = _("Enter when the event starts.")
    if ends is None:
        errors["ends_at"] = _("Enter when the event ends.")
    if comparable and starts and ends and ends <= starts:
        errors["ends_at"] = _("The end must be after the start.")
    capacity = values.get("capacity")
    if capacity is not None and capacity < 0:
        errors["capacity"] = _("The capacity cannot be below zero.")
    opens, closes = values.get("registration_opens_at"), values.get("registration_closes_at")
    if comparable and opens and closes and closes <= opens:
        errors["registration_closes_at"] = _("Registration must close after it opens.")
    elif comparable and closes and ends and closes > ends:
        errors["registration_closes_at"] = _("Registration must close before the event ends.")
    if values.get("online_url") and not URL_PATTERN.match(values["online_url"]):
        errors["online_url"] = _("Enter a web address starting with https://.")
    if values.get("contact_email") and not EMAIL_PATTERN.match(values["contact_email"]):
        errors["contact_email"] = _("Enter a valid e-mail address.")
    points = values.get("accreditation_points")
    if points is not None and points < 0:
        errors["accreditation_points"] = _("Points cannot be below zero.")
    if len(values.get("summary") or "") > 500:
        errors["summary"] = _("A summary has at most 500 characters.")
    slug = values.get("slug")
    if slug is not None and not SLUG_PATTERN.match(slug):
        errors["slug"] = _("Use lower-case letters, digits and hyphens only.")
    venue = values.get("venue")
    if isinstance(venue, dict) and not (venue.get("name") or "").strip():
        errors["venue"] = _("A venue needs a name.")
    return errors


async def _check_references(values: dict[str, Any], errors: dict[str, str]) -> list[int]:
    theme_slugs = values.get("themes") or []
    themes = (
        await Theme.select(Theme.id, Theme.slug).where(Theme.slug.is_in(theme_slugs))
        if theme_slugs
        else []
    )
    unknown = set(theme_slugs) - {t["slug"] for t in themes}
    if unknown:
        errors["themes"] = _("Unknown theme: {names}.").format(names=", ".join(sorted(unknown)))
    venue_id = values.get("venue_id")
    if venue_id is not None and not await Venue.exists().where(Venue.id == venue_id):
        errors["venue"] = _("Choose an existing venue.")
    return [t["id"] for t in themes]


async def _venue_id(values: dict[str, Any]) -> int | None:
    """A venue given by name is found (same name and city) or created."""
    venue = values.get("venue")
    if not isinstance(venue, dict):
        return values.get("venue_id")
    name, city = venue["name"].strip(), (venue.get("city") or "").strip()
    found = await Venue.select(Venue.id).where((Venue.name == name) & (Venue.city == city)).first()
    if found:
        return found["id"]
    rows = await Venue.insert(
        Venue(name=name, address=(venue.get("address") or "").strip(), city=city)
    ).returning(Venue.id)
    return rows[0]["id"]


def _row_values(values: dict[str, Any]) -> dict[str, Any]:
    columns = {
        name: values[name]
        for name in EVENT_FIELDS
        if name in values and name not in {"themes", "venue", "venue_id"}
    }
    for text in ("title", "summary", "description", "online_url", "contact_name", "contact_email"):
        if text in columns:
            columns[text] = (columns[text] or "").strip()
    if isinstance(columns.get("accreditation_points"), float):
        columns["accreditation_points"] = Decimal(str(columns["accreditation_points"]))
    return columns


async def _set_themes(event_id: int, theme_ids: list[int]) -> None:
    await EventTheme.delete().where(EventTheme.event == event_id)
    if theme_ids:
        await EventTheme.insert(*[EventTheme(event=event_id, theme=t) for t in theme_ids])


DEFAULTS: dict[str, Any] = {
    "status": EventStatus.DRAFT,
    "summary": "",
    "description": "",
    "online_url": "",
    "moderated": False,
    "contact_name": "",
    "contact_email": "",
    "accreditation_id": "",
}


async def create_event(values: dict[str, Any]) -> str:
    """Create an event from typed values; returns its slug."""
    values = {**DEFAULTS, **{k: v for k, v in values.items() if v is not None or k == "capacity"}}
    errors = _check_values(values)
    theme_ids = await _check_references(values, errors)
    slug = values.get("slug")
    if slug and "slug" not in errors and await Event.exists().where(Event.slug == slug):
        errors["slug"] = _("This web address is already taken by another event.")
    if errors:
        raise FieldErrors(errors)
    async with atomic():
        values["slug"] = values.get("slug") or await _free_slug(slugify(values["title"]))
        row = _row_values(values) | {"venue": await _venue_id(values)}
        inserted = await Event.insert(
            Event(_data={Event._meta.get_column_by_name(k): v for k, v in row.items()})
        ).returning(Event.id)
        await _set_themes(inserted[0]["id"], theme_ids)
    return values["slug"]


async def _current_values(slug: str) -> dict[str, Any] | None:
    row = await Event.select().where(Event.slug == slug).first()
    if row is None:
        return None
    themes = await EventTheme.select(EventTheme.theme.slug).where(EventTheme.event == row["id"])
    row["themes"] = [t["theme.slug"] for t in themes]
    row["venue_id"] = row.pop("venue")
    return row


async def update_event(slug: str, changes: dict[str, Any]) -> str | None:
    """Apply `changes` to the event; returns its (possibly new) slug, None if unknown.

    The slug is part of links and calendars: it can change only while a draft.
    Moving the time or place raises `sequence`, so calendars show the change.
    """
    current = await _current_values(slug)
    if current is None:
        return None
    merged = {**current, **changes}
    if "venue" in changes:
        merged.pop("venue_id", None)
    errors = _check_values(merged)
    theme_ids = await _check_references(merged, errors)
    new_slug = changes.get("slug")
    if new_slug and new_slug != slug and "slug" not in errors:
        if current["status"] != EventStatus.DRAFT:
            errors["slug"] = _("The web address of a published event cannot change.")
        elif await Event.exists().where(Event.slug == new_slug):
            errors["slug"] = _("This web address is already taken by another event.")
    if errors:
        raise FieldErrors(errors)
    async with atomic():
        row = _row_values(changes)
        if "venue" in changes or "venue_id" in changes:
            row["venue"] = await _venue_id(merged)
        moved = any(
            name in changes and changes[name] != current.get(name)
            for name in ("starts_at", "ends_at", "online_url")
        ) or ("venue" in row and row["venue"] != current["venue_id"])
        if moved:
            row["sequence"] = current["sequence"] + 1
        row["updated_at"] = dt.datetime.now(dt.UTC)
        await Event.update({Event._meta.get_column_by_name(k): v for k, v in row.items()}).where(
            Event.id == current["id"]
        )
        if "themes" in changes:
            await _set_themes(current["id"], theme_ids)
    return new_slug or slug


async def set_status(slug: str, status: EventStatus) -> str | None:
    return await update_event(slug, {"status": status})
