"""Back office for themes and venues."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from events.services.catalogue.listing import all_themes, all_venues
from events.services.catalogue.reference import (
    VENUE_FIELDS,
    get_theme_by_id,
    get_venue,
    save_theme,
    save_venue,
)
from werkplaats.auth.guards import organiser_only
from werkplaats.errors import FieldErrors
from werkplaats.forms import FormData, field
from werkplaats.i18n import _
from werkplaats.params import QueryId


class ThemeController(Controller):
    path = "/beheer/themes"
    guards = [organiser_only]
    include_in_schema = False

    async def _page(
        self, form: dict, errors: dict, theme_id: int | None = None, status_code: int = 200
    ) -> Template:
        return Template(
            "beheer/themes.html",
            context={
                "themes": await all_themes(),
                "form": form,
                "errors": errors,
                "theme_id": theme_id,
            },
            status_code=status_code,
        )

    @get("/")
    async def index(self, edit: QueryId = None) -> Template:
        theme = await get_theme_by_id(edit) if edit else None
        return await self._page(theme or {}, {}, theme["id"] if theme else None)

    @post("/")
    async def save(self, request: Request, data: FormData) -> Template | Redirect:
        form = {key: field(data, key) for key in ("name", "slug", "description")}
        theme_id = int(field(data, "id")) if field(data, "id").isdigit() else None
        if theme_id is not None and await get_theme_by_id(theme_id) is None:
            raise NotFoundException()
        try:
            await save_theme(form, theme_id=theme_id)
        except FieldErrors as exc:
            return await self._page(form, exc.errors, theme_id, status_code=400)
        flash(request, _("Theme saved."), category="success")
        return Redirect("/beheer/themes/")


class VenueController(Controller):
    path = "/beheer/venues"
    guards = [organiser_only]
    include_in_schema = False

    async def _page(
        self, form: dict, errors: dict, venue_id: int | None = None, status_code: int = 200
    ) -> Template:
        return Template(
            "beheer/venues.html",
            context={
                "venues": await all_venues(),
                "form": form,
                "errors": errors,
                "venue_id": venue_id,
            },
            status_code=status_code,
        )

    @get("/")
    async def index(self, edit: QueryId = None) -> Template:
        venue = await get_venue(edit) if edit else None
        return await self._page(venue or {}, {}, venue["id"] if venue else None)

    @post("/")
    async def save(self, request: Request, data: FormData) -> Template | Redirect:
        form = {key: field(data, key) for key in VENUE_FIELDS}
        venue_id = int(field(data, "id")) if field(data, "id").isdigit() else None
        if venue_id is not None and await get_venue(venue_id) is None:
            raise NotFoundException()
        try:
            await save_venue(form, venue_id=venue_id)
        except FieldErrors as exc:
            return await self._page(form, exc.errors, venue_id, status_code=400)
        flash(request, _("Venue saved."), category="success")
        return Redirect("/beheer/venues/")
