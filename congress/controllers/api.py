"""The congress JSON API: submit an abstract (public, while the call is open), and
the published programme."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody

from congress.controllers.public import check_rate
from congress.programme_schemas import ProgrammeOut
from congress.schemas import AbstractCreate, AbstractCreated
from congress.services.programme_view import published_programme
from congress.services.submission import CallClosed, submit_abstract
from werkplaats.errors import json_error
from werkplaats.i18n import _, get_language


class AbstractApiController(Controller):
    path = "/api/v1"
    tags = ["congress"]

    @post(
        "/events/{slug:str}/abstracts",
        status_code=201,
        opt={"rate_limited": True, "conflict": "The call for abstracts is not open"},
    )
    async def create(
        self, request: Request, slug: FromPath[str], data: JSONBody[AbstractCreate]
    ) -> Response[AbstractCreated]:
        """Submit an abstract; the personal link goes by mail to the first speaker, never here."""
        await check_rate(request)
        try:
            view = await submit_abstract(slug, data.to_input(language=get_language()))
        except LookupError:
            raise NotFoundException() from None
        except CallClosed as exc:
            return json_error(409, exc.message)
        return Response(
            AbstractCreated(
                view.state.value, _("Received: the link to the abstract has been sent by e-mail.")
            ),
            status_code=201,
        )

    @get("/events/{slug:str}/programme")
    async def programme(self, slug: FromPath[str]) -> ProgrammeOut:
        """The published programme: rounds and plenary items in time order, each
        round's sessions with room, capacity and speakers. 404 until published."""
        programme = await published_programme(slug)
        if programme is None:
            raise NotFoundException()
        return ProgrammeOut.from_view(programme)
