"""The door: the check-in page for staff (`/checkin/{slug}`) and for volunteers with
a check-in link (`/scan/{token}`).

Both serve the same page. It works as a plain HTML form (a hand scanner types the
code and Enter; a search lists people with a button each) and, with its script, as
a single page that posts scans as JSON, scans with the camera where the browser has
a barcode detector, and keeps the counts live. Volunteer links are CSRF-exempt: the
token in the path is the credential, and a page elsewhere cannot know it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template
from msgspec import Struct

from events.controllers.shared import place_or_404
from events.enums import CHECKIN_MESSAGES, CheckinConflictKind, RegistrationStatus, Ribbon
from events.services.catalogue.listing import get_event
from events.services.checkin import desk as checkin_desk
from events.services.checkin.guessing import TooManyUnknownCodes, scan
from events.services.checkin.links import event_of_link, link_for_token
from events.services.checkin.scans import (
    CheckinResult,
    Scanner,
    undo_checkin,
)
from events.services.registration.admin import event_by_slug
from werkplaats.auth.guards import current_user, door_staff
from werkplaats.enums import Role
from werkplaats.errors import too_many
from werkplaats.forms import FormData, field, safe_next
from werkplaats.i18n import _, format_clock
from werkplaats.params import BodyId, QueryId

NO_STORE = {"Cache-Control": "no-store"}


@dataclass(frozen=True)
class Desk:
    """One door: the event, who scans there, and where its page lives."""

    event: dict[str, Any]
    scanner: Scanner
    base: str
    may_undo: bool
    volunteer: bool
    opened_at: dt.datetime | None = None  # a volunteer link: when it was made


class ScanBody(Struct, forbid_unknown_fields=True, kw_only=True):
    code: str | None = None
    registration: BodyId | None = None
    session: BodyId | None = None
    nonce: str = ""


def client_address(request: Request) -> str:
    return request.client.host if request.client else "?"


def _int(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() else None


async def staff_desk(request: Request, slug: str) -> Desk:
    event = await event_by_slug(slug)
    user = current_user(request)
    if event is None or user is None:
        raise NotFoundException()
    return Desk(
        event=event,
        scanner=Scanner(name=user.display_name, user_id=user.id),
        base=f"/checkin/{slug}",
        may_undo=user.has_role(Role.ORGANISER),
        volunteer=False,
    )


async def volunteer_desk(token: str) -> Desk:
    link = await link_for_token(token)
    if link is None:
        raise NotFoundException()
    return Desk(
        event=await event_of_link(link),
        scanner=Scanner(name=link.label, link_id=link.id),
        base=f"/scan/{token}",
        may_undo=False,
        volunteer=True,
        opened_at=link.created_at,
    )


async def _place(desk: Desk, session: int | None) -> checkin_desk.Place | None:
    """The chosen session (a room), None for the entrance; 404 for a foreign one."""
    places = await checkin_desk.places(desk.event["id"]) if session is not None else []
    return place_or_404(places, session)


async def guarded_scan(
    event_id: int, scanner: Scanner, request: Request, **options: Any
) -> CheckinResult:
    """`scan` with its refusals as HTTP answers: 429 for guessing, 404 for a session of
    another event."""
    try:
        return await scan(event_id, by=scanner, address=client_address(request), **options)
    except TooManyUnknownCodes as refused:
        raise too_many(
            _("Too many unknown codes in a short time. Wait a few minutes."), refused.retry_after
        ) from None
    except LookupError:
        raise NotFoundException() from None


def person_body(person: checkin_desk.Person) -> dict[str, Any]:
    return {
        "registration": person.registration_id,
        "name": person.name,
        "organisation": person.organisation,
        "status": person.status.value,
        "status_label": _(person.status.label),
        "checked_in_at": person.checked_in_at.isoformat() if person.checked_in_at else None,
        "time": format_clock(person.checked_in_at) if person.checked_in_at else None,
        "checked_in_by": person.checked_in_by or None,
    }


def result_body(result: CheckinResult) -> dict[str, Any]:
    """The answer to a scan; `message` is what the door shows, in its language."""
    at = result.checked_in_at
    return {
        "status": result.outcome.value,
        "name": result.name,
        "organisation": result.organisation or None,
        "ribbon": _(result.ribbon.label) if result.ribbon else None,
        "checked_in_at": at.isoformat() if at else None,
        "time": format_clock(at) if at else None,
        "checked_in_by": result.checked_in_by,
        "message": result.message,
        "registration": result.registration_id,
    }


def door_texts() -> dict[str, Any]:
    """What the door's script says when it judges a scan from its pack itself."""
    return {
        "says": {key: _(text) for key, text in CHECKIN_MESSAGES.items()},
        "ribbons": {ribbon.value: _(ribbon.label) for ribbon in Ribbon},
        "statuses": {status.value: _(status.label) for status in RegistrationStatus},
        "conflicts": {kind.value: _(kind.label) for kind in CheckinConflictKind},
        "notTaken": _("Not taken by the server"),
        "online": _("online"),
        "offline": _("offline"),
        "waiting": _("offline — {num} scans waiting"),
        "waitingOne": _("offline — 1 scan waiting"),
        "sending": _("online — sending {num} scans"),
        "allSent": _("online — all sent"),
        "packOf": _("Guest list of {time}"),
        "minutesOld": _("{num} min old"),
        "noPack": _("No guest list on this phone yet: scans need the network."),
        "gone": _("This door no longer works; what the phone kept of it is deleted."),
        "over": _("This event is over; what the phone kept of it is deleted."),
    }


async def _status(desk: Desk, session: int | None) -> dict[str, Any]:
    counts = await checkin_desk.counts(desk.event["id"], session)
    recent = await checkin_desk.recent(desk.event["id"], session)
    return {
        "counts": {"in": counts.checked_in, "expected": counts.expected},
        "recent": [person_body(p) for p in recent],
    }


async def _page(
    desk: Desk,
    *,
    session: int | None,
    q: str = "",
    result: CheckinResult | None = None,
    status_code: int = 200,
) -> Template:
    places = await checkin_desk.places(desk.event["id"])
    place = place_or_404(places, session)
    people = await checkin_desk.find_people(desk.event["id"], q, session) if q else []
    event = await get_event(desk.event["slug"], include_drafts=True)
    return Template(
        "checkin/desk.html",
        context={
            "desk": desk,
            "event": event,
            "place": place,
            "places": places,
            "session": session,
            "q": q.strip()[:100],
            "people": people,
            "result": result,
            "status": await _status(desk, session),
            "door_texts": door_texts(),
            "nonce": secrets.token_hex(12),  # a sent-again form is recorded once
        },
        status_code=status_code,
        headers=NO_STORE,
    )


async def _scan_one(
    desk: Desk, request: Request, *, code: str | None, registration: int | None,
    session: int | None, nonce: str,
) -> CheckinResult:  # fmt: skip
    """A scanned or typed code, or a tap on a person found by name."""
    await _place(desk, session)
    options: dict[str, Any] = {"session_id": session, "nonce": nonce}
    if registration is not None:
        options |= {"registration_id": registration, "method": "search"}
    else:
        options["code"] = code or ""
    return await guarded_scan(desk.event["id"], desk.scanner, request, **options)


async def _form_scan(desk: Desk, request: Request, data: dict[str, Any]) -> Template:
    """The form without script."""
    session = _int(field(data, "session"))
    result = await _scan_one(
        desk, request, code=field(data, "code"), registration=_int(field(data, "registration")),
        session=session, nonce=field(data, "nonce"),
    )  # fmt: skip
    return await _page(desk, session=session, q=field(data, "q"), result=result)


async def _json_scan(desk: Desk, request: Request, data: ScanBody) -> Response[dict[str, Any]]:
    result = await _scan_one(
        desk, request, code=data.code, registration=data.registration, session=data.session,
        nonce=data.nonce,
    )  # fmt: skip
    body = result_body(result) | await _status(desk, data.session)
    return Response(body, headers=NO_STORE)


async def _search(desk: Desk, q: str, session: int | None) -> Response[dict[str, Any]]:
    await _place(desk, session)
    people = await checkin_desk.find_people(desk.event["id"], q, session)
    return Response({"people": [person_body(p) for p in people]}, headers=NO_STORE)


class DeskController(Controller):
    """Door staff with an account (roles checkin and organiser)."""

    path = "/checkin"
    guards = [door_staff]
    include_in_schema = False

    @get("/")
    async def choose(self) -> Template:
        return Template("checkin/events.html", context={"events": await checkin_desk.door_events()})

    @get("/{slug:str}")
    async def page(
        self, request: Request, slug: FromPath[str], session: QueryId = None,
        q: FromQuery[str] = "",
    ) -> Template:  # fmt: skip
        return await _page(await staff_desk(request, slug), session=session, q=q)

    @post("/{slug:str}", status_code=200)
    async def form_scan(self, request: Request, slug: FromPath[str], data: FormData) -> Template:
        return await _form_scan(await staff_desk(request, slug), request, data)

    @post("/{slug:str}/scan", status_code=200)
    async def json_scan(
        self, request: Request, slug: FromPath[str], data: JSONBody[ScanBody]
    ) -> Response[dict[str, Any]]:
        return await _json_scan(await staff_desk(request, slug), request, data)

    @get("/{slug:str}/search")
    async def search(
        self, request: Request, slug: FromPath[str], q: FromQuery[str] = "",
        session: QueryId = None,
    ) -> Response[dict[str, Any]]:  # fmt: skip
        return await _search(await staff_desk(request, slug), q, session)

    @get("/{slug:str}/status")
    async def status(
        self, request: Request, slug: FromPath[str], session: QueryId = None
    ) -> Response[dict[str, Any]]:
        desk = await staff_desk(request, slug)
        await _place(desk, session)
        return Response(await _status(desk, session), headers=NO_STORE)

    @post("/{slug:str}/undo")
    async def undo(self, request: Request, slug: FromPath[str], data: FormData) -> Redirect:
        """An organiser takes back a check-in (a wrong tap, a wrong person)."""
        desk = await staff_desk(request, slug)
        if not desk.may_undo:
            raise HTTPException(status_code=403, detail=_("Only organisers can undo a check-in."))
        session = _int(field(data, "session"))
        await _place(desk, session)
        registration = _int(field(data, "registration"))
        undone = registration is not None and await undo_checkin(
            desk.event["id"], registration, session_id=session, by=desk.scanner.name
        )
        if undone:
            flash(request, _("The check-in has been undone."), category="success")
        else:
            flash(request, _("There was no check-in to undo."), category="error")
        back = desk.base + (f"?session={session}" if session else "")
        return Redirect(safe_next(field(data, "next"), back), status_code=303)


class VolunteerDeskController(Controller):
    """Volunteers without an account: the link's token opens one event's door."""

    path = "/scan"
    include_in_schema = False
    opt = {"exclude_from_csrf": True}  # the token in the path is the credential

    @get("/{token:str}")
    async def page(
        self, token: FromPath[str], session: QueryId = None, q: FromQuery[str] = ""
    ) -> Template:
        return await _page(await volunteer_desk(token), session=session, q=q)

    @post("/{token:str}", status_code=200)
    async def form_scan(self, request: Request, token: FromPath[str], data: FormData) -> Template:
        return await _form_scan(await volunteer_desk(token), request, data)

    @post("/{token:str}/scan", status_code=200)
    async def json_scan(
        self, request: Request, token: FromPath[str], data: JSONBody[ScanBody]
    ) -> Response[dict[str, Any]]:
        return await _json_scan(await volunteer_desk(token), request, data)

    @get("/{token:str}/search")
    async def search(
        self, token: FromPath[str], q: FromQuery[str] = "", session: QueryId = None
    ) -> Response[dict[str, Any]]:
        return await _search(await volunteer_desk(token), q, session)

    @get("/{token:str}/status")
    async def status(
        self, token: FromPath[str], session: QueryId = None
    ) -> Response[dict[str, Any]]:
        desk = await volunteer_desk(token)
        await _place(desk, session)
        return Response(await _status(desk, session), headers=NO_STORE)
