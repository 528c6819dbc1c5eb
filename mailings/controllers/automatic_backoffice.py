"""Back office: which automatic mails an event sends (a switch per kind, and what
happens the morning after)."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from events.enums import EventStatus
from events.services.catalogue.listing import get_event, list_events
from events.views import EventView
from mailings.automatic import (
    followup_mode,
    reminder_days,
    set_followup_mode,
    set_reminder_days,
    set_switch,
    switched_on,
)
from mailings.enums import NOTICES, AutomaticMail, FollowupMode
from werkplaats.auth.guards import organiser_only
from werkplaats.errors import FieldErrors
from werkplaats.forms import FormData, field, values
from werkplaats.i18n import _

PATH = "/beheer/mailings/automatisch"


class AutomaticMailBackofficeController(Controller):
    path = PATH
    guards = [organiser_only]
    include_in_schema = False

    @get("/")
    async def index(self, event: FromQuery[str] = "") -> Template | Redirect:
        if event:
            return Redirect(f"{PATH}/{event}")
        events = await list_events(statuses=(EventStatus.PUBLISHED, EventStatus.DRAFT))
        return Template("mailings/beheer/automatic.html", context={"events": events, "event": None})

    @get("/{slug:str}")
    async def show(self, slug: FromPath[str]) -> Template:
        event = await get_event(slug, include_drafts=True)
        if event is None:
            raise NotFoundException()
        return await _page(event, {"days": str(await reminder_days(event.id))}, {})

    @post("/{slug:str}")
    async def save(
        self, request: Request, slug: FromPath[str], data: FormData
    ) -> Redirect | Template:
        event = await get_event(slug, include_drafts=True)
        if event is None:
            raise NotFoundException()
        try:
            if field(data, "days"):  # empty: left as it is
                await set_reminder_days(event.id, field(data, "days"))
        except FieldErrors as exc:
            return await _page(event, {"days": field(data, "days")}, exc.errors, status_code=400)
        chosen = set(values(data, "on"))
        for kind in NOTICES:
            await set_switch(event.id, kind, kind.value in chosen)
        if field(data, "followup") in set(FollowupMode):
            await set_followup_mode(event.id, FollowupMode(field(data, "followup")))
        flash(request, _("The automatic mails are saved."), category="success")
        return Redirect(f"{PATH}/{slug}")


async def _page(event: EventView, form: dict, errors: dict, status_code: int = 200) -> Template:
    switches = {kind: await switched_on(event.id, kind) for kind in NOTICES}
    context = {
        "event": event,
        "events": [],
        "switches": switches,
        "followup": await followup_mode(event.id),
        "modes": list(FollowupMode),
        "kinds": list(AutomaticMail),
        "form": form,
        "errors": errors,
    }
    return Template("mailings/beheer/automatic.html", context=context, status_code=status_code)
