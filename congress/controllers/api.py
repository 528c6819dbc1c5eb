"""The abstracts JSON API: submit (public, while the call is open)."""

from __future__ import annotations

from litestar import Controller, Request, Response, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody

from congress.controllers.public import check_rate
from congress.schemas import AbstractCreate, AbstractCreated
from congress.services.submission import CallClosed, submit_abstract
from werkplaats.errors import json_error
from werkplaats.i18n import _, get_language


class AbstractApiController(Controller):
    path = "/api/v1"
    tags = ["congress"]

    @post("/events/{slug:str}/abstracts", status_code=201)
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
