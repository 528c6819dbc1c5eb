"""The API's OpenAPI schema says every answer the API can give.

Litestar documents each route's own success and the 400 of its validation; our error
handlers answer more (`werkplaats.errors`): 404 for an unknown id or slug, 401/403 on
guarded routes, 422 with field errors, 429 where a rate limit applies, and every error
body is `{"message": …, "errors": {field: message}}`, not Litestar's own shape. Partners
program against the schema, so at start-up each `/api/` operation gets those answers
from what the route really has: path parameters, guards, a body or query, and
`opt={"rate_limited": True}` (429) and `opt={"conflict": "what it means"}` (409).
Explicit `responses=` on a route win.
"""

from __future__ import annotations

from litestar import Litestar
from litestar.middleware import ASGIMiddleware
from litestar.openapi.spec import (
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    Reference,
    Schema,
)
from litestar.openapi.spec.enums import OpenAPIType
from litestar.routes import HTTPRoute
from litestar.types import ASGIApp, Message, Receive, Scope, Send

ERROR = Schema(
    type=OpenAPIType.OBJECT,
    properties={
        "message": Schema(type=OpenAPIType.STRING),
        "errors": Schema(
            type=OpenAPIType.OBJECT, additional_properties=Schema(type=OpenAPIType.STRING)
        ),
    },
    required=["message"],
    description="An error: a message in the caller's language, and per field what is wrong",
)
DESCRIPTIONS = {
    "400": "The request could not be read (not JSON, not UTF-8, a parameter out of range)",
    "401": "No valid API token",
    "403": "The token's role may not do this",
    "404": "No such resource",
    "422": "The input breaks a rule: `errors` says which field and why",
    "409": "The request conflicts with the resource's state",
    "429": "Too many requests in a short time",
}


RETRY_AFTER = OpenAPIHeader(
    schema=Schema(type=OpenAPIType.INTEGER, minimum=1),
    description="Seconds until a new try may succeed",
    required=True,
)


def _error(code: str, description: str = "") -> OpenAPIResponse:
    content = {
        "application/json": OpenAPIMediaType(schema=Reference(ref="#/components/schemas/Error"))
    }
    headers = {"Retry-After": RETRY_AFTER} if code == "429" else None
    return OpenAPIResponse(
        description=description or DESCRIPTIONS[code], content=content, headers=headers
    )


def _answers(route: HTTPRoute, handler) -> list[str]:
    codes = ["400"]
    parameters = handler.parsed_fn_signature.parameters
    takes = route.path_parameters or "data" in parameters
    if takes:  # a path, or a body naming an event or a session, can name what is not there
        codes.append("404")
    if handler.resolve_guards():
        codes += ["401", "403"]
    if takes or any(name not in ("request", "scope") for name in parameters):
        codes.append("422")  # a value out of its bounds, or a body breaking a rule
    if handler.opt.get("conflict"):
        codes.append("409")
    if handler.opt.get("rate_limited"):
        codes.append("429")
    return codes


def complete_api_schema(app: Litestar) -> None:
    """Add the error answers to every `/api/` operation of `app`'s schema (on start-up)."""
    openapi = app.openapi_schema
    assert openapi.components.schemas is not None
    openapi.components.schemas["Error"] = ERROR
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or not route.path_format.startswith("/api/"):
            continue
        item = (openapi.paths or {}).get(route.path_format)
        if item is None:
            continue
        for handler in route.route_handlers:
            for method in handler.http_methods:
                operation = getattr(item, method.lower(), None)
                if operation is None or operation.responses is None:
                    continue
                declared = handler.responses or {}
                for code in _answers(route, handler):
                    if int(code) not in declared:
                        described = handler.opt.get("conflict", "") if code == "409" else ""
                        operation.responses[code] = _error(code, described)
                _closed_body(openapi, handler, operation)
                _http_dates(operation)


def _closed_body(openapi, handler, operation) -> None:
    """A body struct that refuses unknown fields says so (`additionalProperties: false`)."""
    data = handler.parsed_fn_signature.parameters.get("data")
    body = operation.request_body
    if data is None or body is None or not getattr(body, "content", None):
        return
    types = [data.annotation, *getattr(data.annotation, "__args__", ())]  # `X | None` too
    if not any(
        getattr(getattr(t, "__struct_config__", None), "forbid_unknown_fields", False)
        for t in types
    ):
        return
    for media in body.content.values():
        for option in [media.schema, *(getattr(media.schema, "one_of", None) or [])]:
            ref = getattr(option, "ref", "")
            schema = (openapi.components.schemas or {}).get(ref.rsplit("/", 1)[-1]) if ref else None
            if schema is not None:
                schema.additional_properties = False


def _http_dates(operation) -> None:
    """`Last-Modified` is an HTTP date ("Thu, 03 Dec 2026 12:36:56 GMT"), not RFC 3339."""
    for response in (operation.responses or {}).values():
        for name, header in (getattr(response, "headers", None) or {}).items():
            if name.lower() == "last-modified" and getattr(header, "schema", None) is not None:
                header.schema.format = None
                header.description = "When the content last changed, as an HTTP date"


class AllowHeaderMiddleware(ASGIMiddleware):
    """`OPTIONS` answers with every method of its path.

    Litestar makes the OPTIONS handler of a path when its first handler is added and
    keeps that one when more are merged in (a controller with GET and POST on "/"),
    so its `Allow` named only the first method. The methods are read from the
    finished routes instead.
    """

    scopes = ("http",)

    def __init__(self) -> None:
        self._methods: dict[str, str] | None = None

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if scope.get("method") != "OPTIONS":
            await next_app(scope, receive, send)
            return
        if self._methods is None:
            routes = [route for route in scope["app"].routes if isinstance(route, HTTPRoute)]
            self._methods = {
                path: ", ".join(sorted(route.methods))
                for route in routes
                for path in (route.path, route.path_format)
            }
        allow = self._methods.get(scope.get("path_template", ""))

        async def send_allow(message: Message) -> None:
            if message["type"] == "http.response.start" and allow and message["status"] == 204:
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"]
                message = {**message, "headers": [*headers, (b"allow", allow.encode())]}
            await send(message)

        await next_app(scope, receive, send_allow)
