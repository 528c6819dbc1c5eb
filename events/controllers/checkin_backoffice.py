"""Back office for an event's check-in: the lists per place, undo, export, and the
check-in links for volunteers."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from events.controllers.shared import event_or_404 as _event
from events.controllers.shared import event_tabs, place_or_404
from events.services.checkin import desk as checkin_desk
from events.services.checkin.links import create_link, links_for, revoke_link
from events.services.documents.attendance_export import CHECKIN_METHODS, checkin_list_table
from events.tickets import link_qr_data_uri
from werkplaats.auth.guards import current_user, organiser_only
from werkplaats.errors import FieldErrors
from werkplaats.exports import to_csv
from werkplaats.forms import FormData, field
from werkplaats.i18n import N_, _
from werkplaats.params import PathId, QueryId
from werkplaats.responses import private_download
from werkplaats.settings import get_settings

FILTERS = {"all": N_("Everyone"), "in": N_("Checked in"), "absent": N_("Not (yet) here")}


async def _page(
    event: dict[str, Any],
    *,
    session: int | None = None,
    only: str = "all",
    new_link: str | None = None,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    places = await checkin_desk.places(event["id"])
    place = place_or_404(places, session)
    place_counts = [(None, await checkin_desk.counts(event["id"]))] + [
        (p, await checkin_desk.counts(event["id"], p.session_id)) for p in places
    ]
    only = only if only in FILTERS else "all"
    return Template(
        "beheer/checkin.html",
        context={
            "event": event,
            "tabs": await event_tabs(event["slug"]),
            "place": place,
            "session": session,
            "place_counts": place_counts,
            "only": only,
            "filters": FILTERS,
            "methods": CHECKIN_METHODS,
            "lines": await checkin_desk.checkin_list(event["id"], session, only=only),
            "conflicts": await checkin_desk.conflicts(event["id"], session),
            "links": await links_for(event["id"]),
            "new_link": new_link,
            "new_link_qr": link_qr_data_uri(new_link) if new_link else None,
            "form": form or {},
            "errors": errors or {},
        },
        status_code=status_code,
        headers={"Cache-Control": "no-store"} if new_link else None,
    )


class CheckinBackofficeController(Controller):
    path = "/beheer/events/{slug:str}/checkin"
    guards = [organiser_only]
    include_in_schema = False

    @get("/")
    async def index(
        self, slug: FromPath[str], session: QueryId = None,
        only: FromQuery[str] = "all",
    ) -> Template:  # fmt: skip
        return await _page(await _event(slug), session=session, only=only)

    @post("/links")
    async def add_link(self, request: Request, slug: FromPath[str], data: FormData) -> Template:
        """Make a link for a volunteer; it is shown this once, with a QR code to scan."""
        event = await _event(slug)
        user = current_user(request)
        label = field(data, "label")
        try:
            token = await create_link(event, label=label, by_user=user.id if user else None)
        except FieldErrors as exc:
            return await _page(event, form={"label": label}, errors=exc.errors, status_code=400)
        return await _page(event, new_link=f"{get_settings().base_url}/scan/{token}")

    @post("/links/{link_id:int}/revoke")
    async def revoke(self, request: Request, slug: FromPath[str], link_id: PathId) -> Redirect:
        event = await _event(slug)
        if await revoke_link(event["id"], link_id):
            flash(request, _("The link no longer works."), category="success")
        return Redirect(f"/beheer/events/{slug}/checkin", status_code=303)

    @get("/list.csv")
    async def export(self, slug: FromPath[str], session: QueryId = None) -> Response:
        event = await _event(slug)
        place = place_or_404(await checkin_desk.places(event["id"]), session)
        table = await checkin_list_table(event["id"], session)
        name = f"checkin-{slug}" + (f"-sessie-{place.session_id}" if place else "") + ".csv"
        return private_download(to_csv(table), "text/csv", name)
