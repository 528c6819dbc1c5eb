"""The registration JSON API: register (public), and the registrant's own view and cancel.

The token in `/registrations/{token}` is the only key, as in the personal link; an
unknown token is a plain 404 that says nothing about why.
"""

from __future__ import annotations

from litestar import Controller, Request, Response, delete, get, post
from litestar.datastructures import CacheControlHeader
from litestar.exceptions import NotFoundException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody
from msgspec import Struct
from msgspec.structs import replace

from events.controllers.registration import check_rate
from events.registration_schemas import (
    RegistrationCancelled,
    RegistrationCreate,
    RegistrationCreated,
    RegistrationOut,
    answer_errors,
    to_input,
)
from events.services.catalogue.listing import get_event
from events.services.registration.core import RegistrationClosed, RegistrationInput, register
from events.services.registration.mine import cancel_by_token, registration_by_token
from events.services.registration.rules import check_person
from werkplaats.errors import FieldErrors, json_error
from werkplaats.i18n import get_language

PRIVATE = CacheControlHeader(private=True, no_store=True)


class Message(Struct):
    message: str


async def _entry(slug: str, data: RegistrationCreate) -> RegistrationInput:
    """The service's input; a bad answer key is reported with the other field errors."""
    try:
        return to_input(data, language=get_language())
    except FieldErrors as exc:
        if await get_event(slug) is None:  # an unknown event is a 404 before any 422
            raise NotFoundException() from None
        person = check_person(to_input(replace(data, answers={}), language=get_language()))
        raise FieldErrors({**person, **exc.errors}) from None


class RegistrationApiController(Controller):
    path = "/api/v1"
    tags = ["registrations"]

    @post(
        "/events/{slug:str}/registrations",
        status_code=201,
        opt={"rate_limited": True},
        responses={
            409: ResponseSpec(Message, description="Registration is not open"),
        },
    )
    async def create(
        self, request: Request, slug: FromPath[str], data: JSONBody[RegistrationCreate]
    ) -> Response[RegistrationCreated]:
        """Register for a published event; the personal link goes by mail, never here.

        The same e-mail address again takes no second seat: the link is mailed again,
        and the answer is the one a first registration gets (that registration's
        status and place), so it never tells whether an address was registered.
        """
        await check_rate(request.client.host if request.client else "?", data.email)
        entry = await _entry(slug, data)
        try:
            outcome = await register(slug, entry)
        except LookupError:
            raise NotFoundException() from None
        except RegistrationClosed as exc:
            return json_error(409, exc.message)
        except FieldErrors as exc:
            raise FieldErrors(answer_errors(exc.errors), exc.message) from None
        return Response(
            RegistrationCreated(outcome.status.value, outcome.position), status_code=201
        )

    @get("/registrations/{token:str}", cache_control=PRIVATE)
    async def show(self, token: FromPath[str]) -> RegistrationOut:
        """The registrant's own registration; the ticket code only while registered."""
        view = await registration_by_token(token)
        if view is None:
            raise NotFoundException()
        return RegistrationOut.from_view(view)

    @delete("/registrations/{token:str}", status_code=200, cache_control=PRIVATE)
    async def cancel(self, token: FromPath[str]) -> RegistrationCancelled:
        """Cancel; the seat goes to the first in line. Cancelling twice is no error."""
        try:
            cancelled = await cancel_by_token(token)
        except LookupError:
            raise NotFoundException() from None
        if cancelled:
            return RegistrationCancelled("cancelled")
        view = await registration_by_token(token)
        assert view is not None
        return RegistrationCancelled(view.status)
