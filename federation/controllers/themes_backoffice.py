"""Back office: how theme names of other Werkplaatsen are read here
(`/beheer/landelijk/themas`)."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from federation.services.themes import all_mappings, remove_mapping, save_mapping
from werkplaats.auth.guards import organiser_only
from werkplaats.errors import FieldErrors
from werkplaats.forms import FormData, field
from werkplaats.i18n import _

PATH = "/beheer/landelijk/themas"


class ThemeMappingBackofficeController(Controller):
    path = PATH
    guards = [organiser_only]
    include_in_schema = False

    async def _page(self, form: dict, errors: dict, status_code: int = 200) -> Template:
        return Template(
            "federation/beheer/themes.html",
            context={"mappings": await all_mappings(), "form": form, "errors": errors},
            status_code=status_code,
        )

    @get("/")
    async def index(self) -> Template:
        return await self._page({}, {})

    @post("/")
    async def add(self, request: Request, data: FormData) -> Template | Redirect:
        form = {name: field(data, name) for name in ("from_name", "to_name")}
        try:
            await save_mapping(form["from_name"], form["to_name"])
        except FieldErrors as exc:
            return await self._page(form, exc.errors, status_code=400)
        flash(request, _("Theme mapping saved."), category="success")
        return Redirect(f"{PATH}/")

    @post("/{mapping_id:int}/verwijderen")
    async def remove(self, request: Request, mapping_id: FromPath[int]) -> Redirect:
        await remove_mapping(mapping_id)
        flash(request, _("Theme mapping removed."), category="success")
        return Redirect(f"{PATH}/")
