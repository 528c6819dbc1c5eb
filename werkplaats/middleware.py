"""Per-request context: the language and the current user.

The language comes from `?lang=` (and then sticks in a cookie), else the cookie,
else Dutch. The user comes from a bearer token on `/api/`, from the session
elsewhere; a session cookie never authenticates an API call, so the API needs
no CSRF protection.
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from werkplaats import audit, i18n
from werkplaats.auth.accounts import session_user, user_for_token

LANGUAGE_COOKIE = "lang"


def _headers(scope: Scope, *names: bytes) -> dict[str, str]:
    """The headers among `names` (lower case), the last of each kept: the middleware
    runs on every request and needs two of them at most."""
    found: dict[str, str] = {}
    for key, value in scope.get("headers", ()):
        if key in names:
            found[key.decode("latin-1")] = value.decode("latin-1")
    return found


def _by_address(path: str) -> bool:
    """Answers whose language is in their address alone (`?lang=`), never a cookie:
    the API (a script keeps no cookie, and a browser's must not change what a URL
    returns) and calendar files (cached and shared by URL; a calendar app keeps none)."""
    return path.startswith("/api/") or path.endswith(".ics")


def _language(scope: Scope, headers: dict[str, str]) -> tuple[str, bool]:
    """The language, and whether it was chosen now (so the cookie must be set)."""
    by_address = _by_address(scope["path"])
    query_string = scope.get("query_string", b"")
    if query_string:
        query = parse_qs(query_string.decode("latin-1"))
        if query.get("lang"):
            return i18n.normalise_language(query["lang"][0]), not by_address
    cookies = "" if by_address else headers.get("cookie", "")
    if LANGUAGE_COOKIE in cookies:  # no need to parse a header without the name
        cookie = SimpleCookie(cookies)
        if LANGUAGE_COOKIE in cookie:
            return i18n.normalise_language(cookie[LANGUAGE_COOKIE].value), False
    return i18n.DEFAULT_LANGUAGE, False


def language_cookie(language: str) -> str:
    return f"{LANGUAGE_COOKIE}={language}; Path=/; Max-Age={365 * 86400}; SameSite=Lax"


def _setting_cookie(send: Send, language: str) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [
                *message.get("headers", []),
                (b"set-cookie", language_cookie(language).encode()),
            ]
            message = {**message, "headers": headers}
        await send(message)

    return wrapped


class RequestContextMiddleware(ASGIMiddleware):
    scopes = ("http",)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        headers = _headers(scope, b"cookie", b"authorization")
        language, chosen = _language(scope, headers)
        token = i18n.set_language(language)
        scope.setdefault("state", {})["language"] = language
        scope["user"] = user = await self._user(scope, headers)
        client = scope.get("client")
        address = client[0] if client else ""
        actor = audit.set_actor(
            audit.Actor(user.email, user.id, address) if user else audit.Actor("", None, address)
        )
        if chosen:
            send = _setting_cookie(send, language)
        try:
            await next_app(scope, receive, send)
        finally:
            audit.reset_actor(actor)
            i18n._language.reset(token)

    async def _user(self, scope: Scope, headers: dict[str, str]):
        if scope["path"].startswith("/api/"):
            authorization = headers.get("authorization", "")
            scheme, _, credentials = authorization.partition(" ")
            if scheme.lower() == "bearer" and credentials:
                return await user_for_token(credentials.strip())
            return None
        session = scope.get("session") or {}
        if not isinstance(session, dict) or not session.get("user_id"):
            return None
        since = session.get("since")
        if not isinstance(since, int | float):  # a session from before `since` was kept
            return None
        return await session_user(session["user_id"], since)
