"""Back office: the text of each automatic mail, the network's default or one
event's own, with a way back to the default."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from events.services.catalogue.listing import get_event
from events.views import EventView
from mailings.automatic_texts import (
    automatic_text,
    own_text,
    placeholder_list,
    reset_automatic_text,
    save_automatic_text,
)
from mailings.enums import AutomaticMail
from werkplaats.auth.guards import current_user, organiser_only
from werkplaats.errors import FieldErrors
from werkplaats.forms import FormData, field
from werkplaats.i18n import _

PATH = "/beheer/mailings/teksten"


def text_url(kind: AutomaticMail, event: EventView | None = None) -> str:
    return f"{PATH}/{kind.value}" + (f"/{event.slug}" if event else "")


class AutomaticTextBackofficeController(Controller):
    path = PATH
    guards = [organiser_only]
    include_in_schema = False

    @get("/")
    async def index(self) -> Template:
        context = {"kinds": list(AutomaticMail), "text_url": text_url}
        return Template("mailings/beheer/automatic_texts.html", context=context)

    @get("/{kind:str}")
    async def network(self, kind: FromPath[str]) -> Template:
        return await _page(_kind(kind), None)

    @get("/{kind:str}/{slug:str}")
    async def of_event(self, kind: FromPath[str], slug: FromPath[str]) -> Template:
        return await _page(_kind(kind), await _event(slug))

    @post("/{kind:str}")
    async def save_network(
        self, request: Request, kind: FromPath[str], data: FormData
    ) -> Redirect | Template:
        return await _save(request, _kind(kind), None, data)

    @post("/{kind:str}/{slug:str}")
    async def save_of_event(
        self, request: Request, kind: FromPath[str], slug: FromPath[str], data: FormData
    ) -> Redirect | Template:
        return await _save(request, _kind(kind), await _event(slug), data)


def _kind(value: str) -> AutomaticMail:
    if value not in set(AutomaticMail):
        raise NotFoundException()
    return AutomaticMail(value)


async def _event(slug: str) -> EventView:
    event = await get_event(slug, include_drafts=True)
    if event is None:
        raise NotFoundException()
    return event


async def _save(
    request: Request, kind: AutomaticMail, event: EventView | None, data: FormData
) -> Redirect | Template:
    event_id = event.id if event else None
    if field(data, "action") == "reset":
        await reset_automatic_text(kind, event_id)
        flash(request, _("The text is back to the default."), category="success")
        return Redirect(text_url(kind, event))
    subject, body = field(data, "subject"), field(data, "body")
    user = current_user(request)
    by = user.email if user else ""
    try:
        await save_automatic_text(kind, event_id, subject=subject, body=body, by=by)
    except FieldErrors as exc:
        form = {"subject": subject, "body": body}
        return await _page(kind, event, form=form, errors=exc.errors, status_code=400)
    flash(request, _("The text is saved."), category="success")
    return Redirect(text_url(kind, event))


async def _page(
    kind: AutomaticMail,
    event: EventView | None,
    *,
    form: dict | None = None,
    errors: dict | None = None,
    status_code: int = 200,
) -> Template:
    event_id = event.id if event else None
    text = await automatic_text(kind, event_id)
    context = {
        "kind": kind,
        "event": event,
        "text": text,
        "own": await own_text(kind, event_id) is not None,
        "form": form or {"subject": text.subject, "body": text.body},
        "errors": errors or {},
        "placeholders": placeholder_list(),
        "action": text_url(kind, event),
    }
    return Template("mailings/beheer/automatic_text.html", context=context, status_code=status_code)
