"""Errors users see: field-level messages in their language, never a stack trace.

Services raise `FieldErrors`; HTML controllers re-render the form with it and the
JSON API answers 422 `{"message", "errors": {field: message}}`. Litestar's own
validation errors (wrong type, unknown field) are mapped to the same shape.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from werkplaats.db import database_away
from werkplaats.i18n import _, normalise_language, set_language

log = logging.getLogger(__name__)

DATABASE_RETRY_AFTER = 5  # seconds: a restarted PostgreSQL is back in a few


class FieldErrors(Exception):
    """Input that breaks a rule, per field. Nothing has been written when it is raised."""

    def __init__(self, errors: dict[str, str], message: str | None = None) -> None:
        super().__init__(errors)
        self.errors = errors
        self.message = message or _("Please correct the marked fields.")


def wants_json(request: Request) -> bool:
    """The API, and a page's script that asked for JSON (e.g. the check-in page's scans)."""
    if request.url.path.startswith(("/api/", "/schema")) or request.url.path == "/health":
        return True
    return "application/json" in request.headers.get("accept", "")


def is_calendar(request: Request) -> bool:
    return request.url.path.endswith(".ics")


def json_error(status: int, message: str, errors: dict[str, str] | None = None) -> Response:
    body: dict[str, Any] = {"message": message}
    if errors is not None:
        body["errors"] = errors
    return Response(body, status_code=status, media_type=MediaType.JSON)


def error_page(request: Request, status: int, title: str, detail: str = "") -> Response:
    if is_calendar(request):
        return Response(b"", status_code=status, media_type="text/calendar")
    if wants_json(request):
        return json_error(status, title)
    return Template(
        "errors/error.html",
        context={"status": status, "title": title, "detail": detail},
        status_code=status,
    )


_MSGSPEC_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"unknown field `([^`]+)`"), "unknown"),
    (re.compile(r"missing required field `([^`]+)`"), "missing"),
    (re.compile(r"Invalid enum value"), "choice"),
    (re.compile(r"length (<=|>=)"), "length"),
    (re.compile(r"Expected `.*` (>=|<=|>|<)"), "range"),
    (re.compile(r"Expected `(int|float|decimal)\b"), "number"),
    (re.compile(r"Expected `(datetime|date)\b|Invalid RFC3339"), "datetime"),
    (re.compile(r"Expected `bool\b"), "boolean"),
    (re.compile(r"Expected `(str|array|object)\b"), "type"),
]


def _message_for(kind: str) -> str:
    return {
        "unknown": _("This field is not known."),
        "missing": _("This field is required."),
        "choice": _("This is not one of the allowed values."),
        "number": _("Enter a number."),
        "datetime": _(
            "Enter a date and time in ISO 8601 with an offset, e.g. 2026-04-14T13:30:00+02:00."
        ),
        "boolean": _("Enter true or false."),
        "type": _("This value has the wrong type."),
        "range": _("This number is out of range."),
        "length": _("This text is too long or too short."),
    }.get(kind, _("This value is not valid."))


def translate_validation(exc: ValidationException) -> dict[str, str]:
    """Litestar/msgspec messages → {field: message in the user's language}."""
    errors: dict[str, str] = {}
    for item in exc.extra if isinstance(exc.extra, list) else []:
        text = str(item.get("message", ""))
        key = str(item.get("key") or "")
        kind = "invalid"
        for pattern, name in _MSGSPEC_PATTERNS:
            match = pattern.search(text)
            if match:
                kind = name
                if name in {"unknown", "missing"}:
                    key = match.group(1)
                break
        path = re.search(r"at `\$\.([^`]+)`", text)
        if path:
            key = path.group(1)
        errors[key or "body"] = _message_for(kind)
    return errors or {"body": _("The request body is not valid JSON.")}


def handle_validation(request: Request, exc: ValidationException) -> Response:
    errors = translate_validation(exc)
    if wants_json(request) or is_calendar(request):
        return json_error(422, _("The input is not valid."), errors)
    # A page's address that no route can take (a year or an id out of bounds): forms
    # read their fields themselves, so this is the path or the query, never a form.
    detail = " ".join(f"{name}: {message}" for name, message in errors.items())
    return error_page(request, 400, _("This address is not valid"), detail)


def handle_field_errors(request: Request, exc: FieldErrors) -> Response:
    return json_error(422, exc.message, exc.errors)


def handle_not_authorized(request: Request, exc: NotAuthorizedException) -> Response:
    if wants_json(request) or is_calendar(request):
        return json_error(401, _("Log in or send a valid API token."))
    return Redirect(f"/login?next={request.url.path}")


def handle_forbidden(request: Request, exc: PermissionDeniedException) -> Response:
    return error_page(
        request,
        403,
        _("You may not do this"),
        _("Your account does not have the role this page needs."),
    )


def _chosen_language(request: Request) -> None:
    """A path that matched no route has passed no middleware, so nothing read the
    language chosen: read it here. Set for the rest of this request's task only."""
    if "language" not in request.scope.get("state", {}):
        chosen = request.query_params.get("lang") or request.cookies.get("lang")
        set_language(normalise_language(chosen))


def too_many(detail: str, retry_after: int) -> HTTPException:
    """A 429 that says when to try again (RFC 9110 `Retry-After`, in seconds)."""
    return HTTPException(
        status_code=429, detail=detail, headers={"Retry-After": str(max(1, int(retry_after)))}
    )


def handle_http(request: Request, exc: HTTPException) -> Response:
    _chosen_language(request)
    if exc.status_code == 404:
        return error_page(
            request,
            404,
            _("Page not found"),
            _(
                "The page you are looking for does not exist (anymore). Perhaps the event has moved."  # noqa: E501
            ),
        )
    if exc.status_code == 429:
        if wants_json(request):  # the reason is what a script can show its user
            response = json_error(429, str(exc.detail or _("Too many attempts")))
        else:
            response = error_page(request, 429, _("Too many attempts"), str(exc.detail))
        response.headers.update(exc.headers or {})  # Retry-After
        return response
    if exc.status_code == 400 and wants_json(request) and "JSON" in str(exc.detail):
        return json_error(400, _("The request body is not valid JSON."))
    if exc.status_code == 405:  # RFC 9110: say which methods are
        response = error_page(request, 405, _("This is not possible here"))
        response.headers.update(exc.headers or {})
        return response
    if wants_json(request):
        return json_error(exc.status_code, str(exc.detail))
    return error_page(request, exc.status_code, _("Something went wrong"), str(exc.detail))


def handle_server_error(request: Request, exc: Exception) -> Response:
    # A transaction cut off by the outage rolled back; one cut off while it committed
    # may have landed, which a retry meets as any repeat (a registration: "link sent").
    if database_away(exc):
        log.warning("database away on %s: %r", request.url.path, exc)
        response = error_page(
            request,
            503,
            _("Briefly unavailable"),
            _("We cannot reach our database for a moment. Please try again in a few seconds."),
        )
        response.headers["Retry-After"] = str(DATABASE_RETRY_AFTER)
        return response
    log.exception("unhandled error on %s", request.url.path, exc_info=exc)
    return error_page(
        request,
        HTTP_500_INTERNAL_SERVER_ERROR,
        _("Something went wrong on our side"),
        _("Please try again in a moment. The error has been logged."),
    )


def handle_unreadable_body(request: Request, exc: RecursionError | UnicodeDecodeError) -> Response:
    """A body the JSON decoder cannot read: msgspec raises these two itself (JSON nested
    100,000 deep, bytes that are not UTF-8) instead of the DecodeError Litestar turns
    into a 400. Our own code decodes nothing a client sent in any other way."""
    log.warning("unreadable request body on %s: %r", request.url.path, exc)
    if isinstance(exc, UnicodeDecodeError):
        message = _("The request is not valid UTF-8 text.")
    else:
        message = _("The request body is nested too deeply.")
    if wants_json(request):
        return json_error(400, message)
    return error_page(request, 400, _("Something went wrong"), message)


EXCEPTION_HANDLERS = {
    RecursionError: handle_unreadable_body,
    UnicodeDecodeError: handle_unreadable_body,
    FieldErrors: handle_field_errors,
    ValidationException: handle_validation,
    NotAuthorizedException: handle_not_authorized,
    PermissionDeniedException: handle_forbidden,
    HTTPException: handle_http,
    Exception: handle_server_error,
}
