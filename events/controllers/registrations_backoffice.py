"""Back office for an event's registrations: the list, one registration, exports."""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from events.controllers.shared import event_or_404 as _event
from events.controllers.shared import event_tabs
from events.enums import (
    ORGANISATION_TYPE_LABELS,
    BadgeLayout,
    ChangedBy,
    OrganisationType,
    RegistrationStatus,
    Ribbon,
)
from events.registration_form import answers_from_form, echo
from events.services.privacy.retention import retention_plan
from events.services.registration.admin import (
    list_registrations,
    overview,
    registration_by_email,
    registration_detail,
)
from events.services.registration.core import RegistrationClosed, RegistrationInput, register
from events.services.registration.corrections import set_registerplein_number
from events.services.registration.export import export_table
from events.services.registration.mail import resend_confirmation
from events.services.registration.questions import questions_for
from events.services.registration.rules import window_error
from events.services.registration.seats import StatusConflict, change_status
from events.views import QuestionView
from werkplaats.auth.guards import organiser_only
from werkplaats.errors import FieldErrors
from werkplaats.exports import XLSX_MEDIA_TYPE, to_csv, to_xlsx
from werkplaats.forms import FormData, field
from werkplaats.i18n import LANGUAGES, _, normalise_language
from werkplaats.params import PathId
from werkplaats.responses import private_download

ADD_FIELDS = ("name", "email", "organisation", "organisation_type", "job_role")
# The buttons on a registration's page → the status each asks for. Which moves are
# allowed is the service's rule (`events.services.registration.seats.TRANSITIONS`).
ACTIONS = {
    "approve": RegistrationStatus.REGISTERED,
    "promote": RegistrationStatus.REGISTERED,
    "reject": RegistrationStatus.REJECTED,
    "cancel": RegistrationStatus.CANCELLED,
}


def _list_url(slug: str) -> str:
    return f"/beheer/events/{slug}/registrations"


def input_from_backoffice(data: dict[str, Any], questions: list[QuestionView]) -> RegistrationInput:
    return RegistrationInput(
        **{name: field(data, name) for name in ADD_FIELDS},
        registerplein_number=field(data, "registerplein_number"),
        privacy_consent=field(data, "privacy_consent") == "1",
        answers=answers_from_form(data, questions),
        language=normalise_language(field(data, "language")),
        source="backoffice",
    )


async def _list_page(
    event: dict[str, Any],
    *,
    q: str = "",
    status: str = "",
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    chosen = RegistrationStatus(status) if status in set(RegistrationStatus) else None
    return Template(
        "beheer/registrations.html",
        context={
            "event": event,
            "tabs": await event_tabs(event["slug"]),
            "overview": await overview(event),
            "retention": await retention_plan(event["id"]),
            "registrations": await list_registrations(event["id"], search=q, status=chosen),
            "q": q,
            "status": chosen.value if chosen else "",
            "statuses": list(RegistrationStatus),
            "closed_reason": window_error(event, ignore_window=True),
            "questions": await questions_for(event["id"]),
            "organisation_types": list(OrganisationType),
            "languages": LANGUAGES,
            "form": form or {"language": "nl"},
            "errors": errors or {},
        },
        status_code=status_code,
    )


def _added_message(name: str, status: RegistrationStatus, position: int | None) -> str:
    if status is RegistrationStatus.WAITLISTED:
        return _("{name} is on the waiting list, number {position}.").format(
            name=name, position=position
        )
    if status is RegistrationStatus.PENDING:
        return _("{name} has been added and awaits approval.").format(name=name)
    return _("{name} is registered.").format(name=name)


class RegistrationBackofficeController(Controller):
    path = "/beheer/events/{slug:str}"
    guards = [organiser_only]
    include_in_schema = False

    @get("/registrations")
    async def index(
        self, slug: FromPath[str], q: FromQuery[str] = "", status: FromQuery[str] = ""
    ) -> Template:
        return await _list_page(await _event(slug), q=q, status=status)

    @post("/registrations")
    async def add(
        self, request: Request, slug: FromPath[str], data: FormData
    ) -> Template | Redirect:
        event = await _event(slug)
        entry = input_from_backoffice(data, await questions_for(event["id"]))
        try:
            outcome = await register(slug, entry)
        except FieldErrors as exc:
            errors = dict(exc.errors)
            if "privacy_consent" in errors:
                errors["privacy_consent"] = _(
                    "Confirm that this person agreed to the privacy statement."
                )
            return await _list_page(event, form=echo(data), errors=errors, status_code=400)
        except (RegistrationClosed, LookupError) as exc:  # LookupError: still a draft
            message = getattr(exc, "message", _("Registration for this event is not open."))
            flash(request, message, category="error")
            return Redirect(_list_url(slug), status_code=303)
        if outcome.duplicate:
            existing = await registration_by_email(event["id"], entry.email)
            flash(
                request,
                _(
                    "{email} is already registered for this event. The link to the "
                    "registration has been sent to that address again."
                ).format(email=entry.email.strip().lower()),
                category="info",
            )
            target = f"{_list_url(slug)}/{existing['id']}" if existing else _list_url(slug)
            return Redirect(target, status_code=303)
        message = _added_message(entry.name.strip(), outcome.status, outcome.position)
        flash(request, message, category="success")
        return Redirect(_list_url(slug), status_code=303)

    @get("/registrations/{registration_id:int}")
    async def show(self, slug: FromPath[str], registration_id: PathId) -> Template:
        event = await _event(slug)
        detail = await registration_detail(event["id"], registration_id)
        if detail is None:
            raise NotFoundException()
        return Template(
            "beheer/registration.html",
            context={
                "event": event,
                "r": detail.row,
                "detail": detail,
                "organisation_type_label": ORGANISATION_TYPE_LABELS.get(
                    detail.row["organisation_type"], detail.row["organisation_type"]
                ),
                "ribbons": list(Ribbon),
                "badge_layouts": list(BadgeLayout),
                "retention": await retention_plan(event["id"]),
            },
        )

    @post("/registrations/{registration_id:int}/status")
    async def set_status(
        self, request: Request, slug: FromPath[str], registration_id: PathId, data: FormData
    ) -> Redirect:
        event = await _event(slug)
        detail = await registration_detail(event["id"], registration_id)
        wanted = ACTIONS.get(field(data, "action"))
        if detail is None or wanted is None:
            raise NotFoundException()
        url = f"{_list_url(slug)}/{registration_id}"
        try:
            change = await change_status(registration_id, wanted, by=ChangedBy.ORGANISER)
        except StatusConflict as exc:  # e.g. a second click, or another organiser
            flash(request, exc.message, category="error")
            return Redirect(url, status_code=303)
        except FieldErrors as exc:
            flash(request, " ".join(exc.errors.values()), category="error")
            return Redirect(url, status_code=303)
        if not change.changed:
            flash(request, StatusConflict(change.status).message, category="error")
            return Redirect(url, status_code=303)
        result = change.status
        updated = await registration_detail(event["id"], registration_id)
        position = updated.position if updated else None
        message = {
            RegistrationStatus.REGISTERED: _("{name} is registered."),
            RegistrationStatus.WAITLISTED: _(
                "There is no free seat: {name} is on the waiting list, number {position}."
            ),
            RegistrationStatus.REJECTED: _("{name} has not been admitted."),
            RegistrationStatus.CANCELLED: _("The registration of {name} has been cancelled."),
        }[result]
        message = message.format(name=detail.row["name"], position=position)
        flash(request, message, category="success")
        return Redirect(url, status_code=303)

    @post("/registrations/{registration_id:int}/registerplein")
    async def registerplein(
        self, request: Request, slug: FromPath[str], registration_id: PathId, data: FormData
    ) -> Redirect:
        """Correct the Registerplein number, e.g. for the accreditation list afterwards."""
        event = await _event(slug)
        url = f"{_list_url(slug)}/{registration_id}"
        try:
            found = await set_registerplein_number(
                event["id"], registration_id, field(data, "registerplein_number")
            )
        except FieldErrors as exc:
            flash(request, " ".join(exc.errors.values()), category="error")
            return Redirect(url, status_code=303)
        if not found:
            raise NotFoundException()
        flash(request, _("The Registerplein number has been saved."), category="success")
        return Redirect(url, status_code=303)

    @post("/registrations/{registration_id:int}/resend")
    async def resend(
        self, request: Request, slug: FromPath[str], registration_id: PathId
    ) -> Redirect:
        event = await _event(slug)
        detail = await registration_detail(event["id"], registration_id)
        if detail is None:
            raise NotFoundException()
        await resend_confirmation(detail.row)
        message = _("The mail about this registration has been sent again to {email}.")
        flash(request, message.format(email=detail.row["email"]), category="success")
        return Redirect(f"{_list_url(slug)}/{registration_id}", status_code=303)

    @get("/registrations.csv")
    async def export_csv(self, slug: FromPath[str]) -> Response[bytes]:
        table = await export_table(await _event(slug))
        return private_download(to_csv(table), "text/csv", f"aanmeldingen-{slug}.csv")

    @get("/registrations.xlsx")
    async def export_xlsx(self, slug: FromPath[str]) -> Response[bytes]:
        event = await _event(slug)
        table = await export_table(event)
        body = await asyncio.to_thread(to_xlsx, table, title=_("Registrations"))
        return private_download(body, XLSX_MEDIA_TYPE, f"aanmeldingen-{slug}.xlsx")
