"""Public pages of the newsletter: subscribe, confirm, preferences, unsubscribe.

`POST /afmelden/{token}` is RFC 8058's one-click unsubscribe: a mail program posts
`List-Unsubscribe=One-Click` with no cookie and no CSRF token, so this one handler
is left out of the CSRF check (its route option, not a path pattern); it changes
only the token owner's own choice, is idempotent and answers 200 without a
redirect. A GET of the same address only shows a page with a button.
"""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from events.controllers.privacy import data_download
from events.services.catalogue.listing import all_themes
from events.services.privacy.personal_data import erase_personal_data, personal_data
from mailings.services.newsletter import (
    Confirmation,
    SubscriberView,
    confirm,
    save_preferences,
    subscribe,
    subscriber_by_token,
    unsubscribe,
)
from werkplaats.errors import FieldErrors
from werkplaats.forms import FormData, field, values
from werkplaats.i18n import get_language


class NewsletterController(Controller):
    path = "/"
    include_in_schema = False

    @get("/nieuwsbrief")
    async def form(self) -> Template:
        return await _subscribe_page({"themes": []}, {})

    @post("/nieuwsbrief", status_code=200)
    async def subscribe(self, data: FormData) -> Template:
        form = {"email": field(data, "email"), "name": field(data, "name")}
        form["themes"] = values(data, "themes")
        try:
            await subscribe(
                form["email"], name=form["name"], themes=form["themes"], language=get_language()
            )
        except FieldErrors as exc:
            return await _subscribe_page(form, exc.errors, status_code=400)
        return Template("mailings/newsletter_sent.html", context={"email": form["email"]})

    @get("/nieuwsbrief/bevestig/{token:str}")
    async def confirm_page(self, token: FromPath[str]) -> Template:
        return Template("mailings/newsletter_confirm.html", context={"token": token, "outcome": ""})

    @post("/nieuwsbrief/bevestig/{token:str}", status_code=200)
    async def confirm(self, token: FromPath[str]) -> Template:
        outcome = await confirm(token)
        status = 200 if outcome in (Confirmation.CONFIRMED, Confirmation.ALREADY) else 410
        return Template(
            "mailings/newsletter_confirm.html",
            context={"token": token, "outcome": outcome.value},
            status_code=status,
        )

    @get("/nieuwsbrief/{token:str}")
    async def preferences(self, token: FromPath[str]) -> Template:
        return await _preferences_page(token)

    @post("/nieuwsbrief/{token:str}", status_code=200)
    async def save_preferences(self, token: FromPath[str], data: FormData) -> Template:
        if not await save_preferences(token, values(data, "themes")):
            raise NotFoundException()
        return await _preferences_page(token, saved=True)

    @get("/nieuwsbrief/{token:str}/gegevens.json")
    async def download(self, token: FromPath[str]) -> Response[bytes]:
        """All data held about the reader, as on a registration's personal page."""
        return data_download(await personal_data((await _subscriber(token)).email))

    @get("/nieuwsbrief/{token:str}/wissen")
    async def confirm_erase(self, token: FromPath[str]) -> Template:
        return Template(
            "mailings/newsletter_erase.html", context={"subscriber": await _subscriber(token)}
        )

    @post("/nieuwsbrief/{token:str}/wissen", status_code=200)
    async def erase(self, token: FromPath[str]) -> Template:
        await erase_personal_data((await _subscriber(token)).email)
        return Template("events/erased.html")

    @get("/afmelden/{token:str}")
    async def unsubscribe_page(self, token: FromPath[str]) -> Template:
        if await subscriber_by_token(token) is None:
            raise NotFoundException()
        return Template("mailings/unsubscribe.html", context={"token": token, "done": False})

    @post("/afmelden/{token:str}", exclude_from_csrf=True, status_code=200)
    async def unsubscribe(self, request: Request, token: FromPath[str]) -> Template:
        if not await unsubscribe(token, source="one-click"):
            raise NotFoundException()
        return Template("mailings/unsubscribe.html", context={"token": token, "done": True})


async def _subscribe_page(form: dict, errors: dict, status_code: int = 200) -> Template:
    return Template(
        "mailings/newsletter_subscribe.html",
        context={"form": form, "errors": errors, "themes": await all_themes()},
        status_code=status_code,
    )


async def _subscriber(token: str) -> SubscriberView:
    subscriber = await subscriber_by_token(token)
    if subscriber is None:
        raise NotFoundException()
    return subscriber


async def _preferences_page(token: str, *, saved: bool = False) -> Template:
    subscriber = await _subscriber(token)
    return Template(
        "mailings/newsletter_preferences.html",
        context={"subscriber": subscriber, "themes": await all_themes(), "saved": saved},
    )
