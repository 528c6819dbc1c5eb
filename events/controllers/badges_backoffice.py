"""Back office for badges: the event's badge page, a batch, one badge at the desk,
and the ribbon on a registration's page."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from events.controllers.shared import event_or_404 as _event
from events.controllers.shared import event_tabs
from events.enums import BadgeLayout, Ribbon
from events.services.documents.badges import (
    NoBadges,
    badge_batches,
    badge_counts,
    set_ribbon,
    single_badge,
    start_badge_batch,
)
from werkplaats.auth.guards import current_user, organiser_only
from werkplaats.forms import FormData, field
from werkplaats.i18n import _, ngettext
from werkplaats.params import PathId


def _choice(enum: type[BadgeLayout] | type[Ribbon], value: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        return None


def _badges_url(slug: str) -> str:
    return f"/beheer/events/{slug}/badges"


def _registration_url(slug: str, registration_id: int) -> str:
    return f"/beheer/events/{slug}/registrations/{registration_id}"


class BadgeBackofficeController(Controller):
    path = "/beheer/events/{slug:str}"
    guards = [organiser_only]
    include_in_schema = False

    @get("/badges")
    async def index(self, slug: FromPath[str]) -> Template:
        event = await _event(slug)
        batches = await badge_batches(event["id"])
        return Template(
            "beheer/badges.html",
            context={
                "event": event,
                "tabs": await event_tabs(event["slug"]),
                "counts": await badge_counts(event["id"]),
                "batches": batches,
                "layouts": list(BadgeLayout),
                # The paper of the last batch stays chosen: the printer holds that paper.
                "chosen_layout": batches[0].layout if batches else BadgeLayout.A6,
            },
        )

    @post("/badges")
    async def start(self, request: Request, slug: FromPath[str], data: FormData) -> Redirect:
        event = await _event(slug)
        layout = _choice(BadgeLayout, field(data, "layout")) or BadgeLayout.A6
        user = current_user(request)
        try:
            batch = await start_badge_batch(
                event["id"],
                layout=layout,
                only_unprinted=field(data, "who") == "unprinted",
                by=user.id if user else None,
            )
        except NoBadges as exc:
            flash(request, exc.message, category="error")
            return Redirect(_badges_url(slug), status_code=303)
        message = ngettext(
            "The PDF with %(num)d badge is being made.",
            "The PDF with %(num)d badges is being made.",
            batch.total,
        )
        flash(request, message % {"num": batch.total}, category="success")
        return Redirect(f"{_badges_url(slug)}#batch-{batch.job}", status_code=303)

    @post("/registrations/{registration_id:int}/badge", status_code=200)
    async def single(
        self, request: Request, slug: FromPath[str], registration_id: PathId, data: FormData
    ) -> Response[bytes] | Redirect:
        """One badge now, for someone at the desk; opens as a PDF to print."""
        event = await _event(slug)
        layout = _choice(BadgeLayout, field(data, "layout")) or BadgeLayout.A6
        try:
            pdf = await single_badge(event["id"], registration_id, layout=layout)
        except LookupError:
            raise NotFoundException() from None
        except NoBadges as exc:
            flash(request, exc.message, category="error")
            return Redirect(_registration_url(slug, registration_id), status_code=303)
        return Response(
            pdf,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'inline; filename="badge-{slug}-{registration_id}.pdf"',
                "Cache-Control": "private, no-store",
            },
        )

    @post("/registrations/{registration_id:int}/ribbon")
    async def ribbon(
        self, request: Request, slug: FromPath[str], registration_id: PathId, data: FormData
    ) -> Redirect:
        event = await _event(slug)
        ribbon = _choice(Ribbon, field(data, "ribbon"))
        url = _registration_url(slug, registration_id)
        if ribbon is None:
            flash(request, _("Choose one of the ribbons."), category="error")
            return Redirect(url, status_code=303)
        if not await set_ribbon(event["id"], registration_id, ribbon):
            raise NotFoundException()
        message = _("The badge now says “{ribbon}”.").format(ribbon=_(ribbon.label))
        flash(request, message, category="success")
        return Redirect(url, status_code=303)
