"""The organisers' programme page: rooms, slots, placing accepted contributions, publishing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from congress.controllers.shared import call_or_404
from congress.enums import AbstractState, SlotKind
from congress.services.abstracts import abstracts_where
from congress.services.programme import (
    PlacementWarnings,
    add_room,
    add_slot,
    place_contribution,
    publish_programme,
)
from congress.services.programme_view import programme_of
from congress.tables import Abstract
from congress.views import CallView
from events.controllers.shared import event_tabs
from werkplaats.auth.guards import organiser_only
from werkplaats.errors import FieldErrors
from werkplaats.forms import FormData, field
from werkplaats.i18n import TIMEZONE, _


def _number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() else None


def _moment(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=TIMEZONE)
    except ValueError:
        return None


class ProgrammeBackofficeController(Controller):
    path = "/beheer/events/{slug:str}/programma"
    guards = [organiser_only]
    include_in_schema = False

    async def _page(
        self,
        call: CallView,
        *,
        form: dict | None = None,
        errors: dict | None = None,
        warnings: list[str] | None = None,
        status: int = 200,
    ) -> Template:
        programme = await programme_of(call.event_id)
        placed = {s.abstract_id: s for s in programme.sessions}
        accepted = await abstracts_where(
            (Abstract.call == call.id) & (Abstract.state == AbstractState.ACCEPTED), call=call
        )
        return Template(
            "congress/programme_backoffice.html",
            context={
                "call": call,
                "tabs": await event_tabs(call.event_slug),
                "programme": programme,
                "accepted": accepted,
                "placed": placed,
                "kinds": list(SlotKind),
                "form": form or {},
                "errors": errors or {},
                "warnings": warnings or [],
            },
            status_code=status,
        )

    @get("/")
    async def show(self, slug: FromPath[str]) -> Template:
        return await self._page(await call_or_404(slug, drafts=True))

    @post("/zalen")
    async def room(self, request: Request, slug: FromPath[str], data: FormData) -> Any:
        call = await call_or_404(slug, drafts=True)
        try:
            await add_room(
                call.event_id,
                name=field(data, "room_name"),
                capacity=_number(field(data, "room_capacity")) or 0,
            )
        except FieldErrors as exc:
            return await self._page(call, form=data, errors=exc.errors, status=400)
        flash(request, _("The room has been added."), category="success")
        return Redirect(f"/beheer/events/{slug}/programma", status_code=303)

    @post("/blokken")
    async def slot(self, request: Request, slug: FromPath[str], data: FormData) -> Any:
        call = await call_or_404(slug, drafts=True)
        starts, ends = _moment(field(data, "slot_starts_at")), _moment(field(data, "slot_ends_at"))
        kind = field(data, "slot_kind")
        errors = {}
        if starts is None:
            errors["slot_starts_at"] = _("Enter a date and time.")
        if ends is None:
            errors["slot_ends_at"] = _("Enter a date and time.")
        if kind not in set(SlotKind):
            errors["slot_kind"] = _("Choose one of the options.")
        try:
            if errors:
                raise FieldErrors(errors)
            await add_slot(
                call.event_id,
                kind=SlotKind(kind),
                title=field(data, "slot_title"),
                starts_at=starts,
                ends_at=ends,
                teaching_minutes=_number(field(data, "teaching_minutes")) or 0,
                description=field(data, "slot_description"),
            )
        except FieldErrors as exc:
            return await self._page(call, form=data, errors=exc.errors, status=400)
        flash(request, _("The slot has been added."), category="success")
        return Redirect(f"/beheer/events/{slug}/programma", status_code=303)

    @post("/plaatsen")
    async def place(self, request: Request, slug: FromPath[str], data: FormData) -> Any:
        call = await call_or_404(slug, drafts=True)
        abstract_id = _number(field(data, "abstract"))
        if abstract_id is None or not await Abstract.exists().where(
            (Abstract.id == abstract_id) & (Abstract.call == call.id)
        ):
            raise NotFoundException()
        audience = field(data, "expected_audience")
        try:
            overridden = await place_contribution(
                abstract_id,
                slot_id=_number(field(data, "slot")) or 0,
                room_id=_number(field(data, "room")) or 0,
                expected_audience=_number(audience) if audience else None,
                override=field(data, "override") == "1",
            )
        except PlacementWarnings as exc:
            return await self._page(call, form=data, warnings=exc.warnings, status=409)
        except FieldErrors as exc:
            return await self._page(call, form=data, errors=exc.errors, status=400)
        message = _("Placed despite the warnings.") if overridden else _("Placed.")
        flash(request, message, category="success")
        return Redirect(f"/beheer/events/{slug}/programma", status_code=303)

    @post("/publiceren")
    async def publish(self, request: Request, slug: FromPath[str]) -> Redirect:
        call = await call_or_404(slug, drafts=True)
        await publish_programme(call.event_id)
        flash(request, _("The programme is published on the event page."), category="success")
        return Redirect(f"/beheer/events/{slug}/programma", status_code=303)
