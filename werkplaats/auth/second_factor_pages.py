"""The second step of a login (`/login/code`) and setting up the second factor
(`/account/tweestaps`, also the forced first step for roles that need one).

After the password, the session holds only `pending` (whose password it was, when,
and where to go): no page treats it as logged in. The code turns it into a login.
"""

from __future__ import annotations

import base64
import io
import time
from typing import Any

import qrcode
import qrcode.image.svg
from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from werkplaats.auth import accounts, second_factor
from werkplaats.auth.guards import current_user
from werkplaats.errors import too_many
from werkplaats.forms import FormData, field
from werkplaats.i18n import _
from werkplaats.sessions import forget_session
from werkplaats.settings import get_settings
from werkplaats.store import count_hit, seconds_left

PENDING_SECONDS = 300  # between the password and the code
CODE_ATTEMPTS = 5  # wrong codes per account in the login window


def needs_second_factor(user: accounts.CurrentUser) -> bool:
    return user.role.value in get_settings().second_factor_roles


async def start_login(request: Request, user: accounts.CurrentUser, target: str) -> Redirect:
    """After a good password: log in, or ask for the code, or make them set it up."""
    await forget_session(request)
    enabled = await second_factor.is_enabled(user.id)
    if not enabled and not needs_second_factor(user):
        request.set_session({"user_id": user.id, "since": time.time()})
        return Redirect(target)
    request.set_session({"pending": {"user": user.id, "at": time.time(), "next": target}})
    return Redirect("/login/code" if enabled else "/account/tweestaps", status_code=303)


def _pending(request: Request) -> dict[str, Any] | None:
    pending = request.session.get("pending") if isinstance(request.session, dict) else None
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    return pending


def _log_in(request: Request, user_id: int) -> None:
    request.set_session({"user_id": user_id, "since": time.time()})


def _qr(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


class SecondFactorController(Controller):
    path = "/"
    include_in_schema = False

    @get("/login/code")
    async def code_form(self, request: Request) -> Template | Redirect:
        if _pending(request) is None:
            return Redirect("/login")
        return Template("shell/login_code.html", context={"errors": {}})

    @post("/login/code")
    async def code(self, request: Request, data: FormData) -> Template | Redirect:
        pending = _pending(request)
        if pending is None:
            return Redirect("/login", status_code=303)
        limits = get_settings().rate_limits
        if await count_hit(f"login:code:{pending['user']}", limits.login_window) > CODE_ATTEMPTS:
            request.set_session({})  # the password must be typed again
            raise too_many(
                _("Too many login attempts. Wait a few minutes and try again."),
                seconds_left(limits.login_window),
            )
        if not await second_factor.verify(pending["user"], field(data, "code")):
            error = _(
                "This code is not right (or was used already). Type the code the app shows now."
            )
            return Template(
                "shell/login_code.html", context={"errors": {"code": error}}, status_code=400
            )
        _log_in(request, pending["user"])
        return Redirect(pending["next"], status_code=303)

    @get("/account/tweestaps")
    async def setup_form(self, request: Request) -> Template | Redirect:
        who = await self._who(request)
        if who is None:
            return Redirect("/login?next=/account/tweestaps")
        user_id, _next = who
        if await second_factor.is_enabled(user_id):
            return Template("shell/second_factor.html", context={"enabled": True, "codes": None})
        secret = request.session.get("totp_setup") or second_factor.new_secret()
        request.set_session({**request.session, "totp_setup": secret})
        return await self._setup_page(request, user_id, secret, {})

    @post("/account/tweestaps")
    async def setup(self, request: Request, data: FormData) -> Template | Redirect:
        who = await self._who(request)
        secret = request.session.get("totp_setup")
        if who is None or not secret:
            return Redirect("/login?next=/account/tweestaps", status_code=303)
        user_id, target = who
        codes = await second_factor.enable(user_id, secret, field(data, "code"))
        if codes is None:
            error = _("This code is not right. Type the six digits the app shows now.")
            return await self._setup_page(
                request, user_id, secret, {"code": error}, status_code=400
            )
        if current_user(request) is None:  # the forced set-up of a login: now logged in
            _log_in(request, user_id)
        else:
            request.set_session({k: v for k, v in request.session.items() if k != "totp_setup"})
        return Template(
            "shell/second_factor.html", context={"enabled": True, "codes": codes, "next": target}
        )

    async def _who(self, request: Request) -> tuple[int, str] | None:
        """The account being set up: the logged-in one, or one past its password."""
        user = current_user(request)
        if user is not None:
            return user.id, "/beheer/"
        pending = _pending(request)
        return (pending["user"], pending["next"]) if pending else None

    async def _setup_page(
        self, request: Request, user_id: int, secret: str, errors: dict, status_code: int = 200
    ) -> Template:
        user = await accounts.user_by_id(user_id)
        email = user.email if user else ""
        groups = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        return Template(
            "shell/second_factor.html",
            context={
                "enabled": False,
                "codes": None,
                "required": current_user(request) is None,
                "qr": _qr(second_factor.provisioning_uri(secret, email)),
                "secret_groups": groups,
                "errors": errors,
            },
            status_code=status_code,
        )
