"""The event catalogue: creating, changing, publishing and cancelling events.

Every change goes through `create_event` / `update_event`, which take plain typed
values (from the JSON API or a parsed form), check every rule, and either raise
`FieldErrors` having written nothing, or write the event, its venue and its themes
in one transaction.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from events import hooks
from events.codes import slugify
from events.enums import EventStatus
from events.services.catalogue.rules import RESERVED_SLUGS, check_values
from events.services.registration.seats import promote_from_waiting_list, seat_lock
from events.tables import Event, EventTheme, Theme, Venue
from werkplaats import audit
from werkplaats.db import atomic, lock
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _

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
    "net_hours",
    "retention_months",
    "themes",
)


async def _free_slug(base: str) -> str:
    taken = {
        row["slug"]
        for row in await Event.select(Event.slug).where(
            (Event.slug == base) | Event.slug.like(f"{base}-%")
        )
    }
    if base not in taken and base not in RESERVED_SLUGS:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


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
    for name in ("accreditation_points", "net_hours"):
        if isinstance(columns.get(name), float):
            columns[name] = Decimal(str(columns[name]))
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
SLUG_LOCK = "event-slugs"


def _with_defaults(values: dict[str, Any]) -> dict[str, Any]:
    given = {k: v for k, v in values.items() if v is not None or k == "capacity"}
    return {**DEFAULTS, **given}


async def _current_values(slug: str) -> dict[str, Any] | None:
    row = await Event.select().where(Event.slug == slug).first()
    if row is None:
        return None
    themes = await EventTheme.select(EventTheme.theme.slug).where(EventTheme.event == row["id"])
    row["themes"] = [t["theme.slug"] for t in themes]
    row["venue_id"] = row.pop("venue")
    return row


def _merge(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    merged = {**current, **changes}
    if "venue" in changes:
        merged.pop("venue_id", None)
    return merged


async def event_errors(
    values: dict[str, Any], *, current: dict[str, Any] | None = None
) -> tuple[dict[str, str], list[int]]:
    """Every rule an event (new, or `current` with `values` as changes) breaks.

    Returns the errors and the ids of the chosen themes. Writes nothing, so a form
    can show all problems in one round.
    """
    merged = _with_defaults(values) if current is None else _merge(current, values)
    errors = check_values(merged)
    theme_ids = await _check_references(merged, errors)
    slug = values.get("slug")
    if not slug or "slug" in errors or (current is not None and slug == current["slug"]):
        return errors, theme_ids
    if current is not None and current["status"] != EventStatus.DRAFT:
        errors["slug"] = _("The web address of a published event cannot change.")
    elif await Event.exists().where(Event.slug == slug):
        errors["slug"] = _("This web address is already taken by another event.")
    return errors, theme_ids


async def check_event(values: dict[str, Any], *, slug: str | None = None) -> dict[str, str]:
    """The errors a create (or, with `slug`, an update) would raise; writes nothing."""
    current = await _current_values(slug) if slug else None
    errors, _theme_ids = await event_errors(values, current=current)
    return errors


async def create_event(values: dict[str, Any]) -> str:
    """Create an event from typed values; returns its slug.

    The slug is checked and chosen under a lock, inside the transaction that
    writes it: two organisers saving the same title at once get two slugs.
    """
    values = _with_defaults(values)
    async with atomic():
        await lock(SLUG_LOCK)
        errors, theme_ids = await event_errors(values)
        if errors:
            raise FieldErrors(errors)
        values["slug"] = values.get("slug") or await _free_slug(slugify(values["title"]))
        row = _row_values(values) | {"venue": await _venue_id(values)}
        inserted = await Event.insert(
            Event(_data={Event._meta.get_column_by_name(k): v for k, v in row.items()})
        ).returning(Event.id)
        await _set_themes(inserted[0]["id"], theme_ids)
        await hooks.event_changed.call(
            hooks.EventChange(inserted[0]["id"], frozenset(), created=True)
        )
        await audit.record("event.created", f"event:{values['slug']}", title=values["title"])
    return values["slug"]


def _moves_event(row: dict[str, Any], current: dict[str, Any]) -> bool:
    """Does this change move (or cancel) the event in people's calendars?"""
    changed = any(
        name in row and row[name] != current.get(name)
        for name in ("starts_at", "ends_at", "online_url")
    )
    moved = changed or ("venue" in row and row["venue"] != current["venue_id"])
    # Calendars apply an update only with a higher SEQUENCE: a cancellation is one.
    status = row.get("status", current["status"])
    cancelled_or_back = status != current["status"] and EventStatus.CANCELLED in (
        status,
        current["status"],
    )
    return moved or cancelled_or_back


async def update_event(slug: str, changes: dict[str, Any]) -> str | None:
    """Apply `changes` to the event; returns its (possibly new) slug, None if unknown.

    The slug is part of links and calendars: it can change only while a draft.
    Moving the time or place raises `sequence`, so calendars show the change. The
    `event_changed` hook (and `event_cancelled`, for a cancellation) is called in
    this transaction.
    """
    async with atomic():
        await lock(SLUG_LOCK)
        current = await _current_values(slug)
        if current is None:
            return None
        errors, theme_ids = await event_errors(changes, current=current)
        if errors:
            raise FieldErrors(errors)
        row = _row_values(changes)
        if "venue" in changes or "venue_id" in changes:
            row["venue"] = await _venue_id(_merge(current, changes))
        if _moves_event(row, current):
            row["sequence"] = current["sequence"] + 1
        row["updated_at"] = dt.datetime.now(dt.UTC)
        await Event.update({Event._meta.get_column_by_name(k): v for k, v in row.items()}).where(
            Event.id == current["id"]
        )
        if "themes" in changes:
            await _set_themes(current["id"], theme_ids)
        if row.get("status", current["status"]) != current["status"]:
            # A registration in flight decides its seat under this lock and then checks
            # the event is still open: it sees this change, or commits before it.
            await lock(seat_lock(current["id"]))
        if row.get("status", current["status"]) == EventStatus.CANCELLED != current["status"]:
            await hooks.event_cancelled.call(current["id"])
        changed = _changed_fields(row, changes, current)
        await hooks.event_changed.call(hooks.EventChange(current["id"], changed))
        await _record_change(slug, row, current, changed)
        if _frees_seats(changes, current):
            await lock(seat_lock(current["id"]))
            await promote_from_waiting_list(current["id"])
    return changes.get("slug") or slug


async def _record_change(
    slug: str, row: dict[str, Any], current: dict[str, Any], changed: frozenset[str]
) -> None:
    status = row.get("status", current["status"])
    if status != current["status"]:
        await audit.record(f"event.{EventStatus(status).value}", f"event:{slug}")
    if changed - {"status"}:
        await audit.record("event.changed", f"event:{slug}", fields=sorted(changed - {"status"}))


def _changed_fields(
    row: dict[str, Any], changes: dict[str, Any], current: dict[str, Any]
) -> frozenset[str]:
    """The columns (and `themes`) whose value this change really alters."""
    before = current | {"venue": current["venue_id"]}
    names = {k for k in row if k not in {"updated_at", "sequence"} and row[k] != before.get(k)}
    if "themes" in changes and sorted(changes["themes"]) != sorted(current["themes"]):
        names.add("themes")
    return frozenset(names)


def _frees_seats(changes: dict[str, Any], current: dict[str, Any]) -> bool:
    """A raised (or removed) capacity, or a publication, may let the waiting list in."""
    if "capacity" in changes and changes["capacity"] != current["capacity"]:
        return current["capacity"] is not None and (
            changes["capacity"] is None or changes["capacity"] > current["capacity"]
        )
    return changes.get("status") == EventStatus.PUBLISHED != current["status"]


async def set_status(slug: str, status: EventStatus) -> str | None:
    return await update_event(slug, {"status": status})
