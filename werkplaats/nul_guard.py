"""No NUL character in a request: refused at the edge, before any handler.

PostgreSQL's text cannot hold U+0000: a NUL in a slug, a query parameter or a JSON
string reached the driver and came back as a 500 (`/api/v1/events/a%00b`, a
mailing's audience, a check-in's event — found by schemathesis). No field of ours
may hold one (`werkplaats.text_rules` refuses control characters), so rather than
guarding every lookup, a request with a NUL anywhere in its path, query or
(JSON or form) body is refused and told so: a 422 to the API (as any value a rule
refuses: the schema's strings do not exclude U+0000, so schemathesis counts it as
valid input the server may refuse with 422), a 400 page to a browser. A file
upload's body is binary and is left alone.
"""

from __future__ import annotations

from litestar import Request, Response

from werkplaats.errors import error_page, json_error, wants_json
from werkplaats.i18n import _

_TEXT_BODIES = ("application/json", "application/x-www-form-urlencoded")
_WITH_BODY = {"POST", "PUT", "PATCH"}


async def _has_nul(request: Request) -> bool:
    if "\x00" in request.scope["path"] or b"%00" in request.scope.get("query_string", b""):
        return True
    if request.method not in _WITH_BODY:
        return False
    kind = request.headers.get("content-type", "")
    if not kind.startswith(_TEXT_BODIES):
        return False
    body = await request.body()
    return b"\x00" in body or b"\\u0000" in body or (b"%00" in body and "json" not in kind)


async def refuse_nul(request: Request) -> Response | None:
    """Litestar `before_request`: refuse a request with a NUL, else go on."""
    if not await _has_nul(request):
        return None
    message = _("The request contains a NUL character, which no text here may hold.")
    if wants_json(request):
        return json_error(422, message)
    return error_page(request, 400, _("Something went wrong"), message)
