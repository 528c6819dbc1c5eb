"""Logging in and out, and the admin's account list."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.params import FromQuery
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from werkplaats.auth import accounts
from werkplaats.auth.guards import admin_only, current_user
from werkplaats.auth.second_factor_pages import start_login
from werkplaats.enums import Role
from werkplaats.errors import FieldErrors, too_many
from werkplaats.forms import FormData, field, safe_next
from werkplaats.i18n import _
from werkplaats.params import PathId
from werkplaats.settings import get_settings
from werkplaats.store import count_hits, seconds_left


async def check_login_rate(address: str, email: str) -> None:
    """Slow guessing down without letting anyone lock an organiser out: an account is
    limited per address it is tried from (so wrong passwords from one place block
    only that place), and over all addresses only far higher (a spread-out attack)."""
    limits = get_settings().rate_limits
    account = accounts.normalise_email(email)
    window = limits.login_window
    per_address, per_account_here, per_account = await count_hits(
        (f"login:addr:{address}", window),
        (f"login:acct:{account}:{address}", window),
        (f"login:acct:{account}", window),
    )
    if (
        per_address > limits.login_per_address
        or per_account_here > limits.login_per_account
        or per_account > limits.login_per_account_everywhere
    ):
        raise too_many(
            _("Too many login attempts. Wait a few minutes and try again."), seconds_left(window)
        )


class LoginController(Controller):
    path = "/"
    include_in_schema = False

    @get("/login")
    async def form(self, request: Request, next: FromQuery[str] = "") -> Template:
        return Template(
            "shell/login.html", context={"next": safe_next(next), "email": "", "errors": {}}
        )

    @post("/login")
    async def login(self, request: Request, data: FormData) -> Template | Redirect:
        email, password = field(data, "email"), str(data.get("password", ""))
        target = safe_next(field(data, "next"))
        await check_login_rate(request.client.host if request.client else "unknown", email)
        user = await accounts.authenticate(email, password) if email and password else None
        if user is None:
            error = _("This e-mail address and password do not match an account.")
            return Template(
                "shell/login.html",
                context={"next": target, "email": email, "errors": {"email": error}},
                status_code=400,
            )
        return await start_login(request, user, target)

    @post("/logout")
    async def logout(self, request: Request) -> Redirect:
        """Also deletes what this browser kept of the site: an offline door's pack
        and the pages its service worker kept (the door page sends waiting scans
        first, when it is the page logged out from)."""
        request.clear_session()
        return Redirect("/", headers={"Clear-Site-Data": '"cache", "storage"'})


class AccountController(Controller):
    path = "/beheer/accounts"
    guards = [admin_only]
    include_in_schema = False

    @get("/")
    async def index(self) -> Template:
        return Template(
            "beheer/accounts.html",
            context={
                "users": await accounts.list_users(),
                "roles": list(Role),
                "errors": {},
                "form": {"role": Role.CHECKIN.value},  # the least a new account may do
            },
        )

    @post("/")
    async def create(self, request: Request, data: FormData) -> Template | Redirect:
        form = {key: field(data, key) for key in ("email", "name", "role", "password")}
        try:
            user = await _create_from_form(form)
        except FieldErrors as exc:
            return Template(
                "beheer/accounts.html",
                context={
                    "users": await accounts.list_users(),
                    "roles": list(Role),
                    "errors": exc.errors,
                    "form": form,
                },
                status_code=400,
            )
        flash(request, _("Account {email} saved.").format(email=user.email), category="success")
        return Redirect("/beheer/accounts/")

    @post("/{user_id:int}/active")
    async def toggle(self, request: Request, user_id: PathId, data: FormData) -> Redirect:
        me = current_user(request)
        if me and me.id == user_id:
            flash(request, _("You cannot deactivate your own account."), category="error")
        else:
            await accounts.set_active(user_id, field(data, "active") == "1")
        return Redirect("/beheer/accounts/")


async def _create_from_form(form: dict[str, str]) -> accounts.CurrentUser:
    errors: dict[str, str] = {}
    if "@" not in form["email"] or len(form["email"]) > 254:
        errors["email"] = _("Enter a valid e-mail address.")
    if form["role"] not in {r.value for r in Role}:
        errors["role"] = _("Choose a role.")
    problem = form["password"] and accounts.password_problem(
        form["password"], email=form["email"], name=form["name"]
    )
    if problem:
        errors["password"] = problem
    if errors:
        raise FieldErrors(errors)
    return await accounts.create_user(
        form["email"], role=Role(form["role"]), name=form["name"], password=form["password"]
    )
