"""The organisers' congress pages: review progress, totals, assignment, decisions."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from congress.controllers.shared import call_or_404, speaker_certificate_download
from congress.enums import Decision, FormatKind
from congress.services.assignment import assign_automatically, assign_by_hand, assign_by_track
from congress.services.decisions import decide
from congress.services.review import criteria_of
from congress.services.review_overview import add_reviewer, progress_of, totals_of
from congress.services.speaker_certificates import certified_speakers
from congress.tables import Abstract
from congress.views import CallView
from events.controllers.shared import event_tabs
from werkplaats.auth.guards import organiser_only
from werkplaats.errors import FieldErrors
from werkplaats.forms import FormData, field, values
from werkplaats.i18n import _, ngettext
from werkplaats.params import PathId


async def _owned(call: CallView, abstract_id: int) -> None:
    """An abstract of another event's call is not found here."""
    if not await Abstract.exists().where((Abstract.id == abstract_id) & (Abstract.call == call.id)):
        raise NotFoundException()


def _base(slug: str) -> str:
    return f"/beheer/events/{slug}/congres"


class CongressBackofficeController(Controller):
    path = "/beheer/events/{slug:str}/congres"
    guards = [organiser_only]
    include_in_schema = False

    async def _overview(
        self, call: CallView, *, form: dict, errors: dict, status: int = 200
    ) -> Template:
        return Template(
            "congress/backoffice.html",
            context={
                "call": call,
                "tabs": await event_tabs(call.event_slug),
                "totals": await totals_of(call),
                "progress": await progress_of(call.id),
                "criteria": await criteria_of(call.id),
                "form": form,
                "errors": errors,
            },
            status_code=status,
        )

    @get("/")
    async def overview(self, slug: FromPath[str]) -> Template:
        return await self._overview(await call_or_404(slug, drafts=True), form={}, errors={})

    @post("/toewijzen")
    async def assign(self, request: Request, slug: FromPath[str], data: FormData) -> Any:
        call = await call_or_404(slug, drafts=True)
        if field(data, "mode") == "track":
            count = await assign_by_track(call.id)
        else:
            text = field(data, "per_abstract")
            if not (text.isdigit() and 1 <= int(text) <= 10):
                errors = {"per_abstract": _("Enter a number from 1 to 10.")}
                return await self._overview(call, form=data, errors=errors, status=400)
            count = await assign_automatically(call.id, per_abstract=int(text))
        message = ngettext("%(num)d assignment made.", "%(num)d assignments made.", count)
        flash(request, message % {"num": count}, category="success")
        return Redirect(_base(slug), status_code=303)

    @post("/beoordelaars")
    async def reviewer(self, request: Request, slug: FromPath[str], data: FormData) -> Any:
        call = await call_or_404(slug, drafts=True)
        try:
            await add_reviewer(
                call,
                email=field(data, "email"),
                organisation=field(data, "organisation"),
                tracks=values(data, "tracks"),
            )
        except FieldErrors as exc:
            return await self._overview(call, form=data, errors=exc.errors, status=400)
        flash(request, _("The reviewer has been saved."), category="success")
        return Redirect(_base(slug), status_code=303)

    async def _abstract(
        self, call: CallView, abstract_id: int, *, errors: dict, status: int = 200
    ) -> Template:
        found = await totals_of(call, abstract_id=abstract_id)
        if not found:
            raise NotFoundException()
        return Template(
            "congress/backoffice_abstract.html",
            context={
                "call": call,
                "tabs": await event_tabs(call.event_slug),
                "total": found[0],
                "a": found[0].abstract,
                "criteria": await criteria_of(call.id),
                "progress": await progress_of(call.id),
                "decisions": list(Decision),
                "certified": await certified_speakers(abstract_id),
                "formats": list(FormatKind),
                "errors": errors,
            },
            status_code=status,
        )

    @get("/bijdragen/{abstract_id:int}")
    async def abstract(self, slug: FromPath[str], abstract_id: PathId) -> Template:
        return await self._abstract(await call_or_404(slug, drafts=True), abstract_id, errors={})

    @get("/bijdragen/{abstract_id:int}/certificaat/{contributor_id:int}")
    async def certificate(
        self, request: Request, slug: FromPath[str], abstract_id: PathId, contributor_id: PathId
    ) -> Response:
        await _owned(await call_or_404(slug, drafts=True), abstract_id)
        return await speaker_certificate_download(request, abstract_id, contributor_id, inline=True)

    @post("/bijdragen/{abstract_id:int}/besluit")
    async def decision(
        self, request: Request, slug: FromPath[str], abstract_id: PathId, data: FormData
    ) -> Any:
        call = await call_or_404(slug, drafts=True)
        await _owned(call, abstract_id)
        choice = field(data, "decision")
        if choice not in set(Decision):
            errors = {"decision": _("Choose a decision.")}
            return await self._abstract(call, abstract_id, errors=errors, status=400)
        try:
            await decide(
                abstract_id,
                Decision(choice),
                format=field(data, "format"),
                track=field(data, "track"),
            )
        except LookupError:
            raise NotFoundException() from None
        except FieldErrors as exc:
            return await self._abstract(call, abstract_id, errors=exc.errors, status=400)
        flash(
            request,
            _("The decision has been saved; the speaker gets an e-mail."),
            category="success",
        )
        return Redirect(f"{_base(slug)}/bijdragen/{abstract_id}", status_code=303)

    @post("/bijdragen/{abstract_id:int}/toewijzen")
    async def assign_one(
        self, request: Request, slug: FromPath[str], abstract_id: PathId, data: FormData
    ) -> Any:
        call = await call_or_404(slug, drafts=True)
        await _owned(call, abstract_id)
        text = field(data, "reviewer")
        try:
            await assign_by_hand(abstract_id, int(text) if text.isdigit() else 0)
        except LookupError:
            raise NotFoundException() from None
        except FieldErrors as exc:
            return await self._abstract(call, abstract_id, errors=exc.errors, status=400)
        flash(request, _("The reviewer has been assigned."), category="success")
        return Redirect(f"{_base(slug)}/bijdragen/{abstract_id}", status_code=303)
