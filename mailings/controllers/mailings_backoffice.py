"""Back office for mailings: compose, preview, test, send or schedule, follow progress."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from events.enums import EventStatus
from events.services.catalogue.listing import all_themes, list_events
from mailings import placeholders
from mailings.enums import DELIVERY_STATE_LABELS, AudienceWho
from mailings.services.audience import Recipient
from mailings.services.mailings import (
    MailingView,
    create_mailing,
    deliveries,
    delivery_counts,
    get_mailing,
    list_mailings,
    update_mailing,
)
from mailings.services.publications import list_publications
from mailings.services.sending import (
    preview,
    retry_failed,
    schedule_mailing,
    send_mailing,
    send_test,
    unschedule_mailing,
)
from werkplaats.auth.guards import current_user, organiser_only
from werkplaats.errors import FieldErrors
from werkplaats.forms import FormData, field, values
from werkplaats.i18n import TIMEZONE, _
from werkplaats.params import PathId

PATH = "/beheer/mailings"
WHO = (AudienceWho.ALL, AudienceWho.CHECKED_IN, AudienceWho.ABSENT)


def _values(data: dict[str, Any]) -> dict[str, Any]:
    audience = field(data, "audience")
    return {
        "subject": field(data, "subject"),
        "body": field(data, "body"),
        "audience": audience,
        "event": field(data, "event") if audience == "event" else "",
        "newsletter": audience == "newsletter",
        "theme": field(data, "theme") if audience == "newsletter" else "",
        "who": field(data, "who") or AudienceWho.ALL.value,
        "publications": values(data, "publications"),
    }


def _form_of(mailing: MailingView) -> dict[str, Any]:
    return {
        "subject": mailing.subject,
        "body": mailing.body,
        "audience": "event" if mailing.for_event else "newsletter",
        "event": mailing.event_slug,
        "theme": mailing.theme_slug,
        "who": mailing.who.value,
        "publications": [str(i) for i in mailing.publication_ids],
    }


async def _form_page(
    form: dict, errors: dict, *, mailing: MailingView | None = None, status_code: int = 200
) -> Template:
    return Template(
        "mailings/beheer/mailing_form.html",
        context={
            "form": form,
            "errors": errors,
            "mailing": mailing,
            "events": await list_events(statuses=tuple(EventStatus), past=None),
            "who_choices": WHO,
            "themes": await all_themes(),
            "publications": await list_publications(limit=200),
            "placeholders": placeholders.PLACEHOLDERS,
        },
        status_code=status_code,
    )


async def _found(mailing_id: int) -> MailingView:
    mailing = await get_mailing(mailing_id)
    if mailing is None:
        raise NotFoundException()
    return mailing


def _fallback(request: Request) -> Recipient:
    user = current_user(request)
    assert user is not None
    return Recipient(user.email, user.name or user.email)


class MailingBackofficeController(Controller):
    path = PATH
    guards = [organiser_only]
    include_in_schema = False

    @get("/")
    async def index(self) -> Template:
        return Template(
            "mailings/beheer/mailings.html", context={"mailings": await list_mailings()}
        )

    @get("/new")
    async def new(self, event: FromQuery[str] = "") -> Template:
        form = {"audience": "event" if event else "", "event": event, "publications": []}
        return await _form_page(form, {})

    @post("/new")
    async def create(self, request: Request, data: FormData) -> Template | Redirect:
        form = _values(data)
        try:
            mailing_id = await create_mailing(form, by=_fallback(request).address)
        except FieldErrors as exc:
            return await _form_page(form, exc.errors, status_code=400)
        return Redirect(f"{PATH}/{mailing_id}/preview")

    @get("/{mailing_id:int}")
    async def edit(self, mailing_id: PathId) -> Template | Redirect:
        mailing = await _found(mailing_id)
        if not mailing.editable:
            return Redirect(f"{PATH}/{mailing_id}/progress")
        return await _form_page(_form_of(mailing), {}, mailing=mailing)

    @post("/{mailing_id:int}")
    async def update(
        self, request: Request, mailing_id: PathId, data: FormData
    ) -> Template | Redirect:
        mailing = await _found(mailing_id)
        form = _values(data)
        try:
            await update_mailing(mailing_id, form)
        except FieldErrors as exc:
            return await _form_page(form, exc.errors, mailing=mailing, status_code=400)
        return Redirect(f"{PATH}/{mailing_id}/preview")

    @get("/{mailing_id:int}/preview")
    async def show_preview(
        self, request: Request, mailing_id: PathId, to: FromQuery[str] = ""
    ) -> Template:
        mailing = await _found(mailing_id)
        return await _preview_page(request, mailing, to=to)

    @post("/{mailing_id:int}/test")
    async def test(self, request: Request, mailing_id: PathId, data: FormData) -> Redirect:
        mailing = await _found(mailing_id)
        me = _fallback(request)
        try:
            await send_test(mailing, to=me.address, name=me.name, address=field(data, "to"))
        except FieldErrors as exc:
            flash(request, " ".join(exc.errors.values()), category="error")
            return Redirect(f"{PATH}/{mailing_id}")
        message = _("A test mail is on its way to {address}.").format(address=me.address)
        flash(request, message, category="success")
        return Redirect(f"{PATH}/{mailing_id}/preview?to={field(data, 'to')}")

    @post("/{mailing_id:int}/send")
    async def send(
        self, request: Request, mailing_id: PathId, data: FormData
    ) -> Template | Redirect:
        mailing = await _found(mailing_id)
        try:
            if field(data, "when") == "later":
                await schedule_mailing(mailing_id, _moment(field(data, "send_at")))
                flash(request, _("The mailing is scheduled."), category="success")
                return Redirect(f"{PATH}/{mailing_id}/preview")
            await send_mailing(mailing_id)
        except FieldErrors as exc:
            return await _preview_page(request, mailing, errors=exc.errors, status_code=400)
        return Redirect(f"{PATH}/{mailing_id}/progress")

    @post("/{mailing_id:int}/unschedule")
    async def unschedule(self, request: Request, mailing_id: PathId) -> Redirect:
        await unschedule_mailing((await _found(mailing_id)).id)
        flash(request, _("The mailing is a draft again."), category="success")
        return Redirect(f"{PATH}/{mailing_id}/preview")

    @get("/{mailing_id:int}/progress")
    async def progress(self, mailing_id: PathId) -> Template:
        mailing = await _found(mailing_id)
        return Template(
            "mailings/beheer/progress.html",
            context={
                "mailing": mailing,
                "counts": await delivery_counts(mailing_id),
                "deliveries": await deliveries(mailing_id),
                "state_labels": DELIVERY_STATE_LABELS,
                "state_labels_translated": {k: _(v) for k, v in DELIVERY_STATE_LABELS.items()},
            },
        )

    @get("/{mailing_id:int}/progress.json")
    async def progress_json(self, mailing_id: PathId) -> dict[str, Any]:
        await _found(mailing_id)
        rows = await deliveries(mailing_id)
        return {
            "counts": await delivery_counts(mailing_id),
            "total": len(rows),
            "states": {str(row["id"]): row["state"] for row in rows},
        }

    @post("/{mailing_id:int}/retry")
    async def retry(self, request: Request, mailing_id: PathId) -> Redirect:
        count = await retry_failed((await _found(mailing_id)).id)
        message = _("{n} failed deliveries are queued again.").format(n=count)
        flash(request, message, category="success")
        return Redirect(f"{PATH}/{mailing_id}/progress")


def _moment(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=TIMEZONE)
    except ValueError:
        raise FieldErrors({"send_at": _("Enter a date and time.")}) from None


async def _preview_page(
    request: Request,
    mailing: MailingView,
    *,
    to: str = "",
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    try:
        rendered, recipient, recipients = await preview(
            mailing, address=to, fallback=_fallback(request)
        )
    except FieldErrors as exc:
        return await _form_page(_form_of(mailing), exc.errors, mailing=mailing, status_code=400)
    return Template(
        "mailings/beheer/preview.html",
        context={
            "mailing": mailing,
            "rendered": rendered,
            "recipient": recipient,
            "recipients": recipients,
            "errors": errors or {},
        },
        status_code=status_code,
    )
