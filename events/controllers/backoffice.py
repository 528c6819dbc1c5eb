"""Back office for events: the dashboard, the event list, the event form."""

from __future__ import annotations

import asyncio
import csv
import io

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from events.controllers.shared import event_tabs
from events.enums import EventKind, EventStatus
from events.forms import form_from_values, parse_event_form
from events.services.catalogue.events import check_event, create_event, set_status, update_event
from events.services.catalogue.listing import all_themes, all_venues, get_event, list_events
from events.services.registration.admin import registration_counts
from events.services.registration.export import all_events_table
from werkplaats.auth.guards import organiser_only
from werkplaats.errors import FieldErrors
from werkplaats.exports import XLSX_MEDIA_TYPE, to_csv, to_xlsx
from werkplaats.forms import FormData, field
from werkplaats.i18n import _, format_moment
from werkplaats.mail.outbox import outbox_counts
from werkplaats.responses import private_download


async def _form_page(form: dict, errors: dict, *, event=None, status_code: int = 200) -> Template:
    return Template(
        "beheer/event_form.html",
        context={
            "form": form,
            "errors": errors,
            "event": event,
            "tabs": await event_tabs(event.slug) if event else [],
            "kinds": list(EventKind),
            "statuses": list(EventStatus),
            "themes": await all_themes(),
            "venues": await all_venues(),
        },
        status_code=status_code,
    )


class EventBackofficeController(Controller):
    path = "/beheer"
    guards = [organiser_only]
    include_in_schema = False

    @get("/")
    async def dashboard(self) -> Template:
        upcoming = await list_events(statuses=tuple(EventStatus), limit=10)
        context = {
            "events": upcoming,
            "registrations": await registration_counts([event.id for event in upcoming]),
            "outbox": await outbox_counts(),
        }
        return Template("beheer/dashboard.html", context=context)

    @get("/registrations.csv")
    async def export_all_csv(self) -> Response[bytes]:
        """Every event's registrations in one file (an event's own questions are in
        that event's export)."""
        body = to_csv(await all_events_table())
        return private_download(body, "text/csv", "aanmeldingen-alle-evenementen.csv")

    @get("/registrations.xlsx")
    async def export_all_xlsx(self) -> Response[bytes]:
        table = await all_events_table()
        body = await asyncio.to_thread(to_xlsx, table, title=_("Registrations"))
        return private_download(body, XLSX_MEDIA_TYPE, "aanmeldingen-alle-evenementen.xlsx")

    @get("/events")
    async def index(
        self, q: FromQuery[str] = "", status: FromQuery[str] = "", tab: FromQuery[str] = "upcoming"
    ) -> Template:
        statuses = (EventStatus(status),) if status in set(EventStatus) else tuple(EventStatus)
        events = await list_events(statuses=statuses, past=tab == "past", search=q.strip()[:100])
        return Template(
            "beheer/events.html",
            context={
                "events": events,
                "q": q,
                "status": status,
                "tab": tab,
                "statuses": list(EventStatus),
            },
        )

    @get("/events.csv")
    async def export(self) -> Response[bytes]:
        events = await list_events(statuses=tuple(EventStatus), past=None)
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(
            [
                _("Title"),
                _("Kind"),
                _("Status"),
                _("Start"),
                _("End"),
                _("Venue"),
                _("Capacity"),
                _("Web address"),
            ]
        )
        for e in events:
            writer.writerow(
                [
                    e.title,
                    _(e.kind.label),
                    _(e.status.label),
                    format_moment(e.starts_at),
                    format_moment(e.ends_at),
                    e.venue["name"] if e.venue else _("Online"),
                    "" if e.capacity is None else e.capacity,
                    f"/events/{e.slug}",
                ]
            )
        return Response(
            ("\ufeff" + buffer.getvalue()).encode("utf-8"),
            media_type="text/csv",
            headers={"Content-Disposition": 'attachment; filename="evenementen.csv"'},
        )

    @get("/events/new")
    async def new(self) -> Template:
        return await _form_page(form_from_values(None), {})

    @post("/events/new")
    async def create(self, request: Request, data: FormData) -> Template | Redirect:
        values, errors = parse_event_form(data)
        try:
            if errors:  # show the rules' errors too, so the form takes one round
                raise FieldErrors({**await check_event(values), **errors})
            slug = await create_event(values)
        except FieldErrors as exc:
            return await _form_page(_echo(data), {**errors, **exc.errors}, status_code=400)
        flash(request, _("Event saved."), category="success")
        return Redirect(f"/beheer/events/{slug}")

    @get("/events/{slug:str}")
    async def edit(self, slug: FromPath[str]) -> Template:
        event = await get_event(slug, include_drafts=True)
        if event is None:
            raise NotFoundException()
        return await _form_page(form_from_values(event), {}, event=event)

    @post("/events/{slug:str}")
    async def update(
        self, request: Request, slug: FromPath[str], data: FormData
    ) -> Template | Redirect:
        event = await get_event(slug, include_drafts=True)
        if event is None:
            raise NotFoundException()
        values, errors = parse_event_form(data)
        for unchanged in ("slug", "retention_months"):  # empty: left as it is
            if values[unchanged] is None:
                values.pop(unchanged)
        try:
            if errors:
                raise FieldErrors({**await check_event(values, slug=slug), **errors})
            new_slug = await update_event(slug, values)
        except FieldErrors as exc:
            return await _form_page(
                _echo(data), {**errors, **exc.errors}, event=event, status_code=400
            )
        flash(request, _("Event saved."), category="success")
        return Redirect(f"/beheer/events/{new_slug}")

    @post("/events/{slug:str}/status")
    async def change_status(
        self, request: Request, slug: FromPath[str], data: FormData
    ) -> Redirect:
        status = field(data, "status")
        if status not in set(EventStatus):
            raise NotFoundException()
        try:
            result = await set_status(slug, EventStatus(status))
        except FieldErrors as exc:
            flash(request, " ".join(exc.errors.values()), category="error")
            return Redirect(f"/beheer/events/{slug}")
        if result is None:
            raise NotFoundException()
        message = {
            EventStatus.PUBLISHED: _("The event is published."),
            EventStatus.CANCELLED: _("The event is cancelled."),
            EventStatus.DRAFT: _("The event is a draft again."),
        }[EventStatus(status)]
        flash(request, message, category="success")
        return Redirect(f"/beheer/events/{slug}")


def _echo(data: dict) -> dict:
    """What was typed, to show again in the form."""
    form = {
        key: (value[-1] if isinstance(value, list) and key != "themes" else value)
        for key, value in data.items()
    }
    themes = data.get("themes", [])
    form["themes"] = themes if isinstance(themes, list) else [themes]
    form["moderated"] = data.get("moderated") == "1"
    return form
