"""The organisers' call settings page: switch the call for abstracts on, edit it."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from congress.call_settings_form import form_from_settings, parse_call_form, row_count
from congress.enums import FormatKind
from congress.services.call_settings import check_settings, save_call_settings, settings_of
from events.controllers.shared import event_or_404, event_tabs
from events.services.catalogue.listing import get_event
from werkplaats.auth.guards import organiser_only
from werkplaats.errors import FieldErrors
from werkplaats.forms import FormData
from werkplaats.i18n import _


class CallSettingsController(Controller):
    path = "/beheer/events/{slug:str}/congres/oproep"
    guards = [organiser_only]
    include_in_schema = False

    async def _page(
        self, slug: str, *, form: dict | None = None, errors: dict | None = None, status: int = 200
    ) -> Template:
        event = await get_event(slug, include_drafts=True)
        if event is None:
            raise NotFoundException()
        found = await settings_of(event.id)
        form = form if form is not None else form_from_settings(found[1] if found else None)
        return Template(
            "congress/call_settings.html",
            context={
                "event": event,
                "tabs": await event_tabs(slug),
                "has_call": found is not None,
                "form": form,
                "errors": errors or {},
                "formats": list(FormatKind),
                "question_rows": row_count(form, "questions"),
                "criterion_rows": row_count(form, "criteria"),
            },
            status_code=status,
        )

    @get("/")
    async def show(self, slug: FromPath[str]) -> Template:
        return await self._page(slug)

    @post("/")
    async def save(self, request: Request, slug: FromPath[str], data: FormData) -> Any:
        await event_or_404(slug)
        settings, errors, rows = parse_call_form(data)
        try:
            if errors:
                raise FieldErrors(check_settings(settings) | errors)
            if await save_call_settings(slug, settings) is None:
                raise NotFoundException()
        except FieldErrors as exc:
            return await self._page(
                slug, form=data, errors=rows.form_errors(exc.errors), status=400
            )
        flash(request, _("The call for abstracts has been saved."), category="success")
        return Redirect(f"/beheer/events/{slug}/congres/oproep", status_code=303)
