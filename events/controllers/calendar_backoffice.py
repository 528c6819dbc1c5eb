"""Back office for calendar feeds: partner feeds (made here) and attendees' feeds."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from events.calendar_links import feed_links
from events.enums import EventKind, FeedKind
from events.services.calendars.feeds import (
    FeedView,
    PartnerChoice,
    feed_view,
    list_feeds,
    replace_token,
    revoke,
    save_partner_feed,
)
from events.services.catalogue.listing import all_themes
from events.tables import Partner
from werkplaats.auth.guards import organiser_only
from werkplaats.errors import FieldErrors
from werkplaats.forms import FormData, field, values
from werkplaats.i18n import _
from werkplaats.params import PathId
from werkplaats.settings import get_settings

BASE = "/beheer/calendar-feeds"


def _choice(data: dict[str, Any]) -> PartnerChoice:
    return PartnerChoice(
        partner=field(data, "partner"),
        label=field(data, "label"),
        kinds=values(data, "kinds"),
        themes=values(data, "themes"),
    )


def _form(view: FeedView) -> dict[str, Any]:
    return {
        "partner": str(view.partner_id or ""),
        "label": view.label,
        "kinds": [kind.value for kind in view.event_kinds],
        "themes": [str(theme["id"]) for theme in view.themes],
    }


async def _choices() -> dict[str, Any]:
    partners = await Partner.select(Partner.id, Partner.name).order_by(Partner.name)
    return {"partners": partners, "kinds": list(EventKind), "themes": await all_themes()}


async def _feed(feed_id: int) -> FeedView:
    view = await feed_view(feed_id)
    if view is None:
        raise NotFoundException()
    return view


class CalendarFeedBackofficeController(Controller):
    path = BASE
    guards = [organiser_only]
    include_in_schema = False

    async def _index(self, form: dict, errors: dict, status_code: int = 200) -> Template:
        context = {
            "partner_feeds": await list_feeds(FeedKind.PARTNER),
            "attendee_feeds": await list_feeds(FeedKind.ATTENDEE),
            "form": form,
            "errors": errors,
            **await _choices(),
        }
        return Template("beheer/calendar_feeds.html", context=context, status_code=status_code)

    async def _detail(
        self, view: FeedView, form: dict, errors: dict, status_code: int = 200
    ) -> Template:
        title = view.partner_name or view.email
        links = feed_links(title, view.path, base_url=get_settings().base_url, anchor="feed")
        context = {"feed": view, "links": links, "form": form, "errors": errors, **await _choices()}
        return Template("beheer/calendar_feed.html", context=context, status_code=status_code)

    @get("/")
    async def index(self) -> Template:
        return await self._index({}, {})

    @post("/")
    async def create(self, request: Request, data: FormData) -> Template | Redirect:
        choice = _choice(data)
        try:
            feed_id = await save_partner_feed(choice)
        except FieldErrors as exc:
            return await self._index(asdict(choice), exc.errors, status_code=400)
        message = _("The partner feed has been made. Send its link to the partner.")
        flash(request, message, category="success")
        return Redirect(f"{BASE}/{feed_id}", status_code=303)

    @get("/{feed_id:int}")
    async def show(self, feed_id: PathId) -> Template:
        view = await _feed(feed_id)
        return await self._detail(view, _form(view), {})

    @post("/{feed_id:int}")
    async def update(
        self, request: Request, feed_id: PathId, data: FormData
    ) -> Template | Redirect:
        view = await _feed(feed_id)
        if view.kind is not FeedKind.PARTNER:
            raise NotFoundException()
        choice = _choice(data)
        try:
            await save_partner_feed(choice, feed_id=feed_id)
        except FieldErrors as exc:
            return await self._detail(view, asdict(choice), exc.errors, status_code=400)
        flash(request, _("The partner feed has been saved."), category="success")
        return Redirect(f"{BASE}/{feed_id}", status_code=303)

    @post("/{feed_id:int}/replace")
    async def replace(self, request: Request, feed_id: PathId) -> Redirect:
        await replace_token((await _feed(feed_id)).id)
        message = _("The feed has a new link; the old link no longer works.")
        flash(request, message, category="success")
        return Redirect(f"{BASE}/{feed_id}", status_code=303)

    @post("/{feed_id:int}/revoke")
    async def revoke(self, request: Request, feed_id: PathId) -> Redirect:
        await revoke((await _feed(feed_id)).id)
        flash(request, _("The link of this feed no longer works."), category="success")
        return Redirect(f"{BASE}/{feed_id}", status_code=303)
