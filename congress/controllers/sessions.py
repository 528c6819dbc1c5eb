"""Choosing workshops after registering: /r/{token}/workshops, and the JSON API."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template
from msgspec import Struct

from congress.registration_section import rounds_of, save_choices
from congress.services.session_choice import SessionFull, choose_session, my_sessions
from events.services.registration.mine import registration_by_token
from events.views import RegistrationView
from werkplaats.errors import FieldErrors, json_error
from werkplaats.forms import FormData
from werkplaats.i18n import _


async def _mine(token: str) -> RegistrationView:
    registration = await registration_by_token(token)
    if registration is None:
        raise NotFoundException()
    return registration


class MyWorkshopsController(Controller):
    path = "/r/{token:str}/workshops"
    include_in_schema = False

    async def _page(
        self, r: RegistrationView, values: dict, errors: dict, status: int = 200
    ) -> Template:
        return Template(
            "congress/choose_sessions.html",
            context={
                "r": r,
                "rounds": await rounds_of(r.event),
                "values": values,
                "errors": errors,
            },
            status_code=status,
        )

    @get("/")
    async def show(self, token: FromPath[str]) -> Template:
        registration = await _mine(token)
        mine = await my_sessions(registration.id, registration.event.slug)
        rounds = await rounds_of(registration.event)
        if not rounds:
            raise NotFoundException()
        values = {
            round_.field_name: s.id
            for round_ in rounds
            for s in mine
            if s.slot_id == round_.slot_id
        }
        return await self._page(registration, values, {})

    @post("/")
    async def save(self, request: Request, token: FromPath[str], data: FormData) -> Any:
        registration = await _mine(token)
        try:
            await save_choices(registration, data)
        except FieldErrors as exc:
            return await self._page(registration, data, exc.errors, status=409)
        flash(request, _("Your workshops have been saved."), category="success")
        return Redirect(f"/r/{token}#workshops", status_code=303)


class SessionChoiceIn(Struct, forbid_unknown_fields=True):
    session: int


class SessionChosen(Struct):
    status: str
    session: int


class SessionChoiceApiController(Controller):
    path = "/api/v1/registrations/{token:str}/sessions"
    tags = ["congress"]

    @post(
        "/",
        status_code=201,
        opt={"conflict": "The session is full, or the registration can no longer change"},
    )
    async def choose(self, token: FromPath[str], data: JSONBody[SessionChoiceIn]) -> Response:
        """Choose a session of the event's published programme (one per round; a
        second choice in a round replaces the first). A full session is a 409."""
        registration = await _mine(token)
        if not registration.can_change:
            return json_error(409, _("Your registration can no longer be changed."))
        try:
            await choose_session(registration.id, data.session)
        except SessionFull as exc:
            return json_error(409, exc.message, {"session": exc.message})
        return Response(SessionChosen("chosen", data.session), status_code=201)
