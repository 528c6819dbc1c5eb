"""The public call form on /events/{slug}/oproep and the speaker's page /s/{token}."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from congress.controllers.shared import call_or_404, speaker_certificate_download
from congress.enums import FormatKind
from congress.forms import form_errors, form_from_view, input_from_form
from congress.services.abstracts import abstract_by_token
from congress.services.decisions import confirm_participation, save_materials
from congress.services.speaker_certificates import CertifiedSpeaker, certified_speakers
from congress.services.submission import (
    CallClosed,
    submit_abstract,
    update_abstract,
    withdraw_abstract,
)
from congress.views import AbstractView, CallView, abstract_path
from events.registration_form import HONEYPOT, echo, is_bot
from werkplaats.errors import FieldErrors, too_many
from werkplaats.forms import FormData, field
from werkplaats.i18n import _, get_language
from werkplaats.params import PathId
from werkplaats.store import count_hits, seconds_left

SUBMISSIONS_PER_ADDRESS = 30  # an hour: a faculty behind one address sends a few dozen
SUBMISSION_WINDOW = 3600


def _call_page(
    call: CallView,
    *,
    form: dict[str, Any],
    errors: dict[str, str],
    closed_reason: str | None,
    status_code: int = 200,
) -> Template:
    return Template(
        "congress/call.html",
        context={
            "call": call,
            "form": form,
            "errors": errors,
            "closed_reason": closed_reason,
            "honeypot": HONEYPOT,
            "formats": FormatKind,
        },
        status_code=status_code,
    )


def _abstract_page(
    view: AbstractView,
    *,
    form: dict[str, Any],
    errors: dict[str, str],
    notice: str | None = None,
    status_code: int = 200,
    certified: list[CertifiedSpeaker] | None = None,
) -> Template:
    return Template(
        "congress/abstract.html",
        context={
            "a": view,
            "certified": certified or [],
            "call": view.call,
            "form": form,
            "errors": errors,
            "notice": notice,
            "honeypot": HONEYPOT,
        },
        status_code=status_code,
    )


async def check_rate(request: Request) -> None:
    address = request.client.host if request.client else "?"
    (count,) = await count_hits((f"abstract:addr:{address}", SUBMISSION_WINDOW))
    if count > SUBMISSIONS_PER_ADDRESS:
        raise too_many(
            _("Too many abstracts in a short time. Try again later."),
            seconds_left(SUBMISSION_WINDOW),
        )


class CallController(Controller):
    path = "/events/{slug:str}/oproep"
    include_in_schema = False

    @get("/")
    async def show(self, slug: FromPath[str]) -> Template:
        call = await call_or_404(slug)
        return _call_page(call, form={}, errors={}, closed_reason=call.closed_reason())

    @post("/")
    async def submit(self, request: Request, slug: FromPath[str], data: FormData) -> Any:
        call = await call_or_404(slug)
        if is_bot(data):  # answer as if all went well; write nothing
            return Template("congress/received.html", context={"call": call})
        await check_rate(request)
        entry = input_from_form(data, call, language=get_language())
        try:
            view = await submit_abstract(slug, entry)
        except CallClosed as exc:
            return _call_page(
                call, form=echo(data), errors={}, closed_reason=exc.message, status_code=409
            )
        except FieldErrors as exc:
            return _call_page(
                call,
                form=echo(data),
                errors=form_errors(exc.errors),
                closed_reason=None,
                status_code=400,
            )
        flash(
            request,
            _(
                "Thank you: your abstract has been received. We have sent you an e-mail "
                "with the link to this page."
            ),
            category="success",
        )
        return Redirect(f"{abstract_path(view.token)}#main", status_code=303)


async def _mine(token: str) -> AbstractView:
    view = await abstract_by_token(token)
    if view is None:
        raise NotFoundException()
    return view


class AbstractController(Controller):
    """The speaker's own page; the token in the path is the only key."""

    path = "/s"
    include_in_schema = False

    @get("/{token:str}")
    async def show(self, token: FromPath[str]) -> Template:
        view = await _mine(token)
        certified = await certified_speakers(view.id)
        return _abstract_page(view, form=form_from_view(view), errors={}, certified=certified)

    @get("/{token:str}/certificaat/{contributor_id:int}")
    async def certificate(
        self, request: Request, token: FromPath[str], contributor_id: PathId
    ) -> Response:
        """A speaker's certificate as speaker, once the congress has ended."""
        view = await _mine(token)
        return await speaker_certificate_download(request, view.id, contributor_id)

    @post("/{token:str}")
    async def change(self, request: Request, token: FromPath[str], data: FormData) -> Any:
        view = await _mine(token)
        entry = input_from_form(data, view.call, language=view.language)
        try:
            await update_abstract(token, entry)
        except CallClosed as exc:
            return _abstract_page(
                view, form=echo(data), errors={}, notice=exc.message, status_code=409
            )
        except FieldErrors as exc:
            return _abstract_page(
                view, form=echo(data), errors=form_errors(exc.errors), status_code=400
            )
        flash(request, _("Your abstract has been saved."), category="success")
        return Redirect(abstract_path(token), status_code=303)

    @post("/{token:str}/bevestigen")
    async def confirm(self, request: Request, token: FromPath[str]) -> Redirect:
        await _mine(token)
        if await confirm_participation(token):
            flash(request, _("Thank you: your participation is confirmed."), category="success")
        return Redirect(abstract_path(token), status_code=303)

    @post("/{token:str}/materiaal")
    async def materials(self, request: Request, token: FromPath[str], data: FormData) -> Any:
        view = await _mine(token)
        try:
            await save_materials(
                token,
                slides_url=field(data, "slides_url"),
                publication_url=field(data, "publication_url"),
            )
        except FieldErrors as exc:
            return _abstract_page(view, form=echo(data), errors=exc.errors, status_code=400)
        flash(request, _("The links have been saved."), category="success")
        return Redirect(abstract_path(token), status_code=303)

    @post("/{token:str}/intrekken")
    async def withdraw(self, request: Request, token: FromPath[str]) -> Redirect:
        await _mine(token)
        if await withdraw_abstract(token):
            flash(request, _("Your abstract has been withdrawn."), category="success")
        return Redirect(abstract_path(token), status_code=303)
