"""Privacy: a person's own data from their personal link (download, erase), the same
for an organiser on that person's request, and the public statements `/privacy` and
`/toegankelijkheid`."""

from __future__ import annotations

import json

from litestar import Controller, MediaType, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from events.controllers.shared import event_or_404
from events.services.privacy.personal_data import erase_personal_data, personal_data
from events.services.privacy.statement import accessibility_statement, processing_register
from events.services.registration.admin import registration_detail
from events.services.registration.mine import registration_by_token
from events.views import RegistrationView
from werkplaats.auth.guards import current_user, organiser_only
from werkplaats.i18n import _
from werkplaats.params import PathId
from werkplaats.responses import private_download


async def _mine(token: str) -> RegistrationView:
    registration = await registration_by_token(token)
    if registration is None:
        raise NotFoundException()
    return registration


def data_download(data: dict) -> Response[bytes]:
    """All data held about a person as the JSON file they download (also from the
    newsletter's preference page)."""
    body = json.dumps(data, ensure_ascii=False, indent=2).encode()
    return private_download(body, "application/json", "mijn-gegevens.json")


class PersonalDataController(Controller):
    """On the personal page: all one's data as JSON, and its erasure after a
    confirmation. The token is the only key, as for the rest of /r/{token}."""

    path = "/r/{token:str}"
    include_in_schema = False

    @get("/gegevens.json")
    async def download(self, token: FromPath[str]) -> Response[bytes]:
        return data_download(await personal_data((await _mine(token)).email))

    @get("/wissen")
    async def confirm_erase(self, token: FromPath[str]) -> Template:
        return Template("events/erase.html", context={"r": await _mine(token)})

    @post("/wissen")
    async def erase(self, token: FromPath[str]) -> Template:
        registration = await _mine(token)
        await erase_personal_data(registration.email)
        return Template("events/erased.html", context={"event": registration.event})


class PrivacyBackofficeController(Controller):
    """An organiser hands over or erases a person's data on their request; recorded
    with the organiser's name."""

    path = "/beheer/events/{slug:str}/registrations/{registration_id:int}"
    guards = [organiser_only]
    include_in_schema = False

    async def _email(self, slug: str, registration_id: int) -> str:
        event = await event_or_404(slug)
        detail = await registration_detail(event["id"], registration_id)
        if detail is None or not detail.row["email"]:
            raise NotFoundException()
        return detail.row["email"]

    @get("/gegevens.json")
    async def download(
        self, request: Request, slug: FromPath[str], registration_id: PathId
    ) -> Response[bytes]:
        email = await self._email(slug, registration_id)
        return data_download(await personal_data(email, by_name=_organiser(request)))

    @post("/wissen")
    async def erase(
        self, request: Request, slug: FromPath[str], registration_id: PathId
    ) -> Redirect:
        email = await self._email(slug, registration_id)
        count = await erase_personal_data(email, by_name=_organiser(request))
        message = _("The data of this person has been erased ({count} registrations).")
        flash(request, message.format(count=count), category="success")
        return Redirect(f"/beheer/events/{slug}/registrations", status_code=303)


def _organiser(request: Request) -> str:
    user = current_user(request)
    return user.display_name if user else "?"


class StatementController(Controller):
    path = "/"
    include_in_schema = False

    @get("/privacy")
    async def privacy(self) -> Template:
        context = await processing_register()
        return Template("events/privacy.html", context=context, media_type=MediaType.HTML)

    @get("/toegankelijkheid")
    async def accessibility(self) -> Template:
        context = accessibility_statement()
        return Template("events/accessibility.html", context=context, media_type=MediaType.HTML)
