"""Registering on the event page, and the personal page behind /r/{token}."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from events import hooks
from events.calendar_links import add_to_calendar_links
from events.controllers.calendar import personal_feed_context
from events.controllers.downloads import certificate_download
from events.enums import OrganisationType, RegistrationStatus
from events.registration_form import HONEYPOT, echo, input_from_form, is_bot
from events.schema_org import event_json_ld
from events.services.calendars.versions import event_ics_file
from events.services.catalogue.listing import get_event
from events.services.documents.certificates import certificate_for_token, offers_certificate
from events.services.registration.core import RegistrationClosed, register
from events.services.registration.mine import cancel_by_token, registration_by_token, update_details
from events.services.registration.questions import questions_for
from events.services.registration.seats import availability
from events.tickets import ticket_of, ticket_pdf_cached
from events.views import EventView, RegistrationView
from werkplaats.errors import FieldErrors, too_many
from werkplaats.forms import FormData
from werkplaats.i18n import _, get_language, ngettext
from werkplaats.pdf import in_pdf_thread
from werkplaats.settings import get_settings
from werkplaats.store import count_hits, seconds_left


async def registration_context(
    event: EventView, *, form: dict[str, Any] | None = None, errors: dict[str, str] | None = None
) -> dict[str, Any]:
    """What the event page needs beside the event: the form (or why it is closed) with
    the other apps' sections, their items on the page, and the calendar links."""
    closed_reason, seats_left = await availability(event.id)
    sections = await hooks.registration_form_sections.collect(event)
    return {
        "form": form or {},
        "errors": errors or {},
        "form_sections": [
            html
            for section in sections
            if (html := await section.render(event, values=form or {}, errors=errors or {}))
        ],
        "page_items": await hooks.event_page_items.collect(event),
        "calendar_days": add_to_calendar_links(event, base_url=get_settings().base_url),
        "questions": await questions_for(event.id),
        "organisation_types": list(OrganisationType),
        "closed_reason": closed_reason,
        "seats_left": seats_left,
        "honeypot": HONEYPOT,
        "structured_data": event_json_ld(event),
    }


async def check_rate(address: str, email: str) -> None:
    """Generous per address (an office behind one address), tight per e-mail."""
    limits = get_settings().rate_limits
    per_address, per_email = await count_hits(
        (f"register:addr:{address}", limits.registration_address_window),
        (f"register:mail:{email.strip().lower()}", limits.registration_email_window),
    )
    over = [
        window
        for count, limit, window in (
            (per_address, limits.registration_per_address, limits.registration_address_window),
            (per_email, limits.registration_per_email, limits.registration_email_window),
        )
        if count > limit
    ]
    if over:
        raise too_many(
            _("Too many registrations in a short time. Try again later."),
            max(seconds_left(window) for window in over),
        )


def welcome_message(status: RegistrationStatus, position: int | None) -> str:
    if status is RegistrationStatus.WAITLISTED:
        return ngettext(
            "The event is full: you are number %(num)d on the waiting list.",
            "The event is full: you are number %(num)d on the waiting list.",
            position or 0,
        ) % {"num": position or 0}
    if status is RegistrationStatus.PENDING:
        return _("We have received your registration; the organisers will confirm it.")
    return _("You are registered. We have sent you an e-mail with your ticket.")


async def handle_registration(request: Request, slug: str, data: dict) -> Template | Redirect:
    """The event page's form was sent (the route lives with the event page)."""
    event = await get_event(slug)
    if event is None:
        raise NotFoundException()
    if is_bot(data):  # answer as if all went well; write nothing
        return Template("events/link_sent.html", context={"event": event, "bot": True})
    questions = await questions_for(event.id)
    entry = input_from_form(data, questions, language=get_language())
    await check_rate(request.client.host if request.client else "?", entry.email)
    try:
        outcome = await register(slug, entry, view=event)
    except (FieldErrors, RegistrationClosed) as exc:
        errors = exc.errors if isinstance(exc, FieldErrors) else {}
        context = await registration_context(event, form=echo(data), errors=errors)
        if isinstance(exc, RegistrationClosed):
            context["closed_reason"] = exc.message
        return Template(
            "events/detail.html",
            context={"event": event, **context},
            status_code=400 if errors else 409,
        )
    if outcome.duplicate:
        return Template("events/link_sent.html", context={"event": event, "bot": False})
    flash(request, welcome_message(outcome.status, outcome.position), category="success")
    # An explicit fragment, or the browser keeps the form's #aanmelden.
    return Redirect(f"/r/{outcome.token}#main", status_code=303)


async def _mine(token: str):
    registration = await registration_by_token(token)
    if registration is None:
        raise NotFoundException()
    return registration


async def _personal_page(
    registration: RegistrationView,
    *,
    form: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> Template:
    return Template(
        "events/personal.html",
        context={
            "r": registration,
            "form": form,
            "errors": errors,
            "organisation_types": list(OrganisationType),
            "certificate_offered": await offers_certificate(registration.token),
            "panels": await hooks.personal_page_panels.collect(registration),
            **await personal_feed_context(registration.email),
        },
        status_code=status_code,
    )


class PersonalController(Controller):
    """The registrant's own page; the token in the path is the only key."""

    path = "/r"
    include_in_schema = False

    @get("/{token:str}")
    async def show(self, token: FromPath[str]) -> Template:
        return await _personal_page(await _mine(token), form={}, errors={})

    @post("/{token:str}")
    async def change(
        self, request: Request, token: FromPath[str], data: FormData
    ) -> Template | Redirect:
        registration = await _mine(token)
        entry = input_from_form(data, registration.questions, language=registration.language)
        try:
            await update_details(token, entry)
        except (FieldErrors, RegistrationClosed) as exc:
            errors = exc.errors if isinstance(exc, FieldErrors) else {"form": exc.message}
            return await _personal_page(
                registration, form=echo(data), errors=errors, status_code=400
            )
        flash(request, _("Your details have been saved."), category="success")
        return Redirect(f"/r/{token}", status_code=303)

    @get("/{token:str}/annuleren")
    async def confirm_cancel(self, token: FromPath[str]) -> Template:
        return Template("events/cancel.html", context={"r": await _mine(token)})

    @post("/{token:str}/annuleren")
    async def cancel(self, request: Request, token: FromPath[str]) -> Redirect:
        await _mine(token)
        if await cancel_by_token(token):
            flash(request, _("Your registration has been cancelled."), category="success")
        return Redirect(f"/r/{token}", status_code=303)

    @get("/{token:str}/ticket.pdf")
    async def ticket(self, token: FromPath[str]) -> Response[bytes]:
        registration = await _mine(token)
        if not registration.has_ticket:
            raise NotFoundException()
        key = f"{token}-v{registration.version}"
        pdf = await in_pdf_thread(ticket_pdf_cached, ticket_of(registration), key=key)
        return Response(
            pdf,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'inline; filename="ticket-{registration.event.slug}.pdf"',
                "Cache-Control": "private, no-store",
            },
        )

    @get("/{token:str}/certificate.pdf")
    async def certificate(self, token: FromPath[str]) -> Response:
        """The certificate of attendance, issued on the first download."""
        certificate = await certificate_for_token(token)
        if certificate is None:
            raise NotFoundException()
        return await certificate_download(certificate)

    @get("/{token:str}/event.ics")
    async def calendar(self, token: FromPath[str]) -> Response[bytes]:
        registration = await _mine(token)
        body = await event_ics_file(registration.event)
        return Response(
            body,
            media_type="text/calendar",
            headers={
                "Content-Disposition": f'attachment; filename="{registration.event.slug}.ics"',
                "Cache-Control": "private, no-store",
            },
        )
