"""Back office: the other Werkplaatsen this one reads (`/beheer/landelijk/bronnen`),
with the age of each copy, the last error and the items skipped; and who follows
this agenda in the fediverse."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from federation.activitystreams import account
from federation.age import age
from federation.services.followers import list_followers
from federation.services.refresh import refresh_source
from federation.services.sources import FIELDS, add_source, list_sources, remove_source
from werkplaats.auth.guards import organiser_only
from werkplaats.errors import FieldErrors
from werkplaats.forms import FormData, field
from werkplaats.i18n import _

PATH = "/beheer/landelijk/bronnen"


class SourceBackofficeController(Controller):
    path = PATH
    guards = [organiser_only]
    include_in_schema = False

    async def _page(self, form: dict, errors: dict, status_code: int = 200) -> Template:
        return Template(
            "federation/beheer/sources.html",
            context={
                "sources": await list_sources(),
                "form": form,
                "errors": errors,
                "age": age,
                "followers": await list_followers(),
                "fediverse_account": account().removeprefix("acct:"),
            },
            status_code=status_code,
        )

    @get("/")
    async def index(self) -> Template:
        return await self._page({}, {})

    @post("/")
    async def add(self, request: Request, data: FormData) -> Template | Redirect:
        form = {name: field(data, name) for name in FIELDS}
        try:
            source_id = await add_source(form)
        except FieldErrors as exc:
            return await self._page(form, exc.errors, status_code=400)
        await self._refresh(request, source_id)
        return Redirect(f"{PATH}/")

    @post("/{source_id:int}/ophalen")
    async def refresh(self, request: Request, source_id: FromPath[int]) -> Redirect:
        await self._refresh(request, source_id)
        return Redirect(f"{PATH}/")

    @post("/{source_id:int}/verwijderen")
    async def remove(self, request: Request, source_id: FromPath[int]) -> Redirect:
        if not await remove_source(source_id):
            raise NotFoundException()
        flash(request, _("The source and its copy are removed."), category="success")
        return Redirect(f"{PATH}/")

    async def _refresh(self, request: Request, source_id: int) -> None:
        fetched = await refresh_source(source_id)
        if fetched is None:
            raise NotFoundException()
        if fetched:
            flash(request, _("The source was fetched."), category="success")
        else:
            flash(request, _("The source could not be fetched; see below."), category="error")
