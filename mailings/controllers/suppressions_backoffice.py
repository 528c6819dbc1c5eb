"""Back office for the suppression list: paste a bounce report, see and lift entries."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from mailings.services.suppression import (
    all_suppressions,
    import_suppressions,
    remove_suppression,
)
from werkplaats.auth.guards import organiser_only
from werkplaats.forms import FormData, field
from werkplaats.i18n import _

PATH = "/beheer/blokkeerlijst"


class SuppressionBackofficeController(Controller):
    path = PATH
    guards = [organiser_only]
    include_in_schema = False

    @get("/")
    async def index(self) -> Template:
        return Template(
            "mailings/beheer/suppressions.html", context={"entries": await all_suppressions()}
        )

    @post("/")
    async def add(self, request: Request, data: FormData) -> Redirect:
        count = await import_suppressions(
            field(data, "report"), reason=field(data, "reason") or "bounce"
        )
        flash(request, _("{n} addresses added.").format(n=count), category="success")
        return Redirect(f"{PATH}/")

    @post("/remove")
    async def remove(self, request: Request, data: FormData) -> Redirect:
        await remove_suppression(field(data, "email"))
        flash(request, _("The address can receive mail again."), category="success")
        return Redirect(f"{PATH}/")
