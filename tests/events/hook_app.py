"""A small app that plugs into every extension point of `events.hooks`, as the
congress and mailings apps will: the tests register it, look at what it changed,
and forget it again (`plugged_in`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from events import hooks
from events.ical_text import CalendarEntry
from events.views import EventView, RegistrationView
from werkplaats.errors import FieldErrors
from werkplaats.tables import StoredValue

WORKSHOPS = ("Schulden en armoede", "Jeugd en gezin")


@dataclass
class Seen:
    """What the app was told and asked, in order."""

    events_changed: list[hooks.EventChange] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)
    registrations: list[hooks.RegistrationChange] = field(default_factory=list)
    erased: list[str] = field(default_factory=list)
    fail_on_save: bool = False


class WorkshopChoice:
    """A required choice of one workshop, saved as a StoredValue in the registration's
    transaction (the congress will keep it in a table of its own)."""

    key = "workshop"

    def __init__(self, seen: Seen) -> None:
        self.seen = seen

    async def render(
        self, event: EventView, *, values: Mapping[str, Any], errors: Mapping[str, str]
    ) -> Markup:
        chosen = values.get("workshop", "")
        options = "".join(
            f"<option{' selected' if name == chosen else ''}>{escape(name)}</option>"
            for name in ("", *WORKSHOPS)
        )
        error = errors.get("workshop")
        message = f'<p class="error" id="workshop-error">{escape(error)}</p>' if error else ""
        return Markup(
            f'<div class="field" id="workshop-field">{message}'
            f'<label for="workshop">Workshop</label>'
            f'<select id="workshop" name="workshop">{options}</select></div>'
        )

    async def check(self, event: EventView, data: Mapping[str, Any]) -> str:
        value = data.get("workshop")
        if isinstance(value, list):
            value = value[0] if value else ""
        if value not in WORKSHOPS:
            raise FieldErrors({"workshop": "Kies een workshop."})
        return value

    async def save(self, registration_id: int, value: str) -> None:
        await StoredValue.insert(
            StoredValue(key=f"workshop:{registration_id}", value=value.encode())
        )
        if self.seen.fail_on_save:
            raise RuntimeError("the workshop app failed")


@contextmanager
def plugged_in() -> Iterator[Seen]:
    """Register a listener on every point; forget them all afterwards."""
    seen = Seen()
    section = WorkshopChoice(seen)

    async def on_event_changed(change: hooks.EventChange) -> None:
        seen.events_changed.append(change)

    async def on_cancelled(event_id: int) -> None:
        seen.cancelled.append(event_id)

    async def on_registration(change: hooks.RegistrationChange) -> None:
        seen.registrations.append(change)

    async def sections(event: EventView) -> list[hooks.FormSection]:
        return [section]

    async def personal_panel(registration: RegistrationView) -> list[hooks.Panel]:
        chosen = await StoredValue.select(StoredValue.value).where(
            StoredValue.key == f"workshop:{registration.id}"
        )
        text = chosen[0]["value"].decode() if chosen else "nog geen"
        return [hooks.Panel("workshop", "Jouw workshop", Markup("<p>{}</p>").format(text))]

    async def page_items(event: EventView) -> list[hooks.Panel]:
        return [hooks.Panel("publicaties", "Publicaties", Markup("<p>Handreiking schulden</p>"))]

    async def badge_lines(ids: Sequence[int]) -> dict[int, list[str]]:
        return {
            registration_id: [f"Workshop ronde 1 ({registration_id})"] for registration_id in ids
        }

    async def event_entries(event: EventView) -> list[CalendarEntry]:
        return [_session_entry(f"session-{event.id}-1@hooks.test", event.starts_at, "Workshop")]

    async def personal_entries(email: str) -> list[CalendarEntry]:
        start = dt.datetime(2030, 4, 16, 14, tzinfo=dt.UTC)
        return [_session_entry(f"mine-{email}@hooks.test", start, "Mijn workshop")]

    async def columns(event_id: int) -> list[hooks.ExportColumn]:
        rows = await StoredValue.select(StoredValue.key, StoredValue.value).where(
            StoredValue.key.like("workshop:%")
        )
        return [
            hooks.ExportColumn(
                "Workshop", {int(r["key"].split(":")[1]): r["value"].decode() for r in rows}
            )
        ]

    async def personal_data(email: str) -> list[hooks.PersonalData]:
        rows = await StoredValue.select(StoredValue.key, StoredValue.value).where(
            StoredValue.key.like("workshop:%")
        )
        return [hooks.PersonalData("workshops", [r["value"].decode() for r in rows])]

    async def erase(email: str) -> None:
        seen.erased.append(email)

    async def tabs(slug: str) -> list[hooks.Tab]:
        return [hooks.Tab("publicaties", "Publicaties", f"/beheer/events/{slug}/publicaties")]

    pairs: list[tuple[hooks.Point[Any, Any], Any]] = [
        (hooks.event_changed, on_event_changed),
        (hooks.event_cancelled, on_cancelled),
        (hooks.registration_changed, on_registration),
        (hooks.registration_form_sections, sections),
        (hooks.personal_page_panels, personal_panel),
        (hooks.event_page_items, page_items),
        (hooks.badge_lines, badge_lines),
        (hooks.event_calendar_entries, event_entries),
        (hooks.personal_calendar_entries, personal_entries),
        (hooks.export_columns, columns),
        (hooks.backoffice_event_tabs, tabs),
        (hooks.personal_data, personal_data),
        (hooks.erase_personal_data, erase),
    ]
    for point, listener in pairs:
        point.register(listener)
    try:
        yield seen
    finally:
        for point, listener in pairs:
            point.forget(listener)


def _session_entry(uid: str, start: dt.datetime, summary: str) -> CalendarEntry:
    return CalendarEntry(
        uid=uid,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        last_modified=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
        sequence=0,
        summary=summary,
        location="Zaal 2",
        url="https://werkplaats.example/events/x",
        description="",
        status="CONFIRMED",
    )
