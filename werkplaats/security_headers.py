"""Headers every answer carries, so a browser holds our pages to what they are.

- `Content-Security-Policy`: scripts only from our own files (no inline script, no
  `eval`), nothing may frame a page, forms post only here. Styles allow inline
  `style` attributes (a few layout values set per page); no script can hide there.
  The Swagger page at `/schema` loads its viewer from a CDN and keeps its own rules.
- `X-Content-Type-Options: nosniff`, `Referrer-Policy: same-origin` (a personal link
  in the address bar never goes out as a Referer to a calendar or meeting site),
  `X-Frame-Options: DENY` for browsers older than `frame-ancestors`.
- `Strict-Transport-Security` when the site is served over https (`BASE_URL`).
- `Cache-Control: private, no-store` on everything under the paths that show personal
  data: the personal pages (`/r/`, `/s/`), the back office (lists, exports, badges,
  certificates), the door and certificate checks, and the registrant's API.
"""

from __future__ import annotations

from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
PERSONAL_PATHS = (
    "/r/",
    "/s/",
    "/beheer",
    "/checkin",
    "/scan",
    "/verify",
    "/account",
    "/api/v1/registrations",
    "/api/v1/jobs",
)
NO_STORE = b"private, no-store"
HSTS = b"max-age=31536000; includeSubDomains"


def security_headers(path: str, *, https: bool) -> list[tuple[bytes, bytes]]:
    """The headers added to the answer for `path` (Cache-Control handled apart)."""
    headers = [
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
        (b"x-frame-options", b"DENY"),
    ]
    if not path.startswith("/schema"):
        headers.append((b"content-security-policy", CSP.encode()))
    if https:
        headers.append((b"strict-transport-security", HSTS))
    return headers


def is_personal(path: str) -> bool:
    return path.startswith(PERSONAL_PATHS)


class SecurityHeadersMiddleware(ASGIMiddleware):
    scopes = ("http",)

    def __init__(self, *, https: bool) -> None:
        self.https = https

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        path = scope["path"]
        added = security_headers(path, https=self.https)
        personal = is_personal(path)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if personal:
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                    headers.append((b"cache-control", NO_STORE))
                message = {**message, "headers": [*headers, *added]}
            await send(message)

        await next_app(scope, receive, send_with_headers)
