"""Offline doors: the door pack a phone judges scans by, and the batch it syncs with.

The same two calls for each kind of door: staff with an account
(`/checkin/{slug}/pack`, `/checkin/{slug}/batch`), volunteers with a check-in link
(`/scan/{token}/pack`, `/scan/{token}/batch`), and the JSON API
(`GET /api/v1/events/{slug}/door-pack`, `POST /api/v1/checkin/batch`, DESIGN.md).
A stopped or expired link gets a bare 404, which tells its door to wipe its pack.
"""

from __future__ import annotations

import datetime as dt
import gzip
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, JSONBody
from msgspec import Meta, Struct

from events.controllers.checkin import Desk, client_address, staff_desk, volunteer_desk
from events.controllers.checkin_api import CheckinResponse, outcome_fields
from events.enums import CheckinConflictKind, CheckinOutcome
from events.services.checkin.batch import MAX_SCANS, OfflineScan, SyncedScan, earliest_scan, sync
from events.services.checkin.door_pack import door_pack
from events.services.checkin.guessing import TooManyUnknownCodes
from events.services.registration.admin import event_by_slug
from werkplaats.auth.guards import current_user, door_staff
from werkplaats.errors import too_many
from werkplaats.i18n import _
from werkplaats.params import BodyId

PACK_HEADERS = {"Cache-Control": "no-store", "Vary": "Accept-Encoding"}


class OfflineScanBody(Struct, forbid_unknown_fields=True, kw_only=True):
    nonce: Annotated[str, Meta(max_length=64)]
    scanned_at: dt.datetime
    code: Annotated[str, Meta(max_length=200)] | None = None
    registration: BodyId | None = None
    session: BodyId | None = None
    judged: CheckinOutcome = CheckinOutcome.OK


class BatchBody(Struct, forbid_unknown_fields=True, kw_only=True):
    scans: Annotated[list[OfflineScanBody], Meta(max_length=MAX_SCANS)]


class ApiBatchBody(Struct, forbid_unknown_fields=True, kw_only=True):
    event: Annotated[str, Meta(max_length=160)]
    scans: Annotated[list[OfflineScanBody], Meta(max_length=MAX_SCANS)]


class SyncedScanBody(CheckinResponse, kw_only=True):
    nonce: str
    conflict: CheckinConflictKind | None


class BatchResponse(Struct, kw_only=True):
    results: list[SyncedScanBody]


def _pack_response(request: Request, pack: dict[str, Any]) -> Response[bytes]:
    body = msgspec.json.encode(pack)
    headers = dict(PACK_HEADERS)
    if "gzip" in request.headers.get("accept-encoding", ""):
        body = gzip.compress(body, compresslevel=6)
        headers["Content-Encoding"] = "gzip"
    return Response(body, media_type="application/json", headers=headers)


def _answer(item: SyncedScan) -> SyncedScanBody:
    return SyncedScanBody(nonce=item.nonce, conflict=item.conflict, **outcome_fields(item.result))


def _offline(scan: OfflineScanBody) -> OfflineScan:
    return OfflineScan(
        nonce=scan.nonce, scanned_at=scan.scanned_at, code=scan.code,
        registration_id=scan.registration, session_id=scan.session, judged=scan.judged,
    )  # fmt: skip


async def _sync(desk: Desk, request: Request, scans: list[OfflineScanBody]) -> BatchResponse:
    earliest = earliest_scan(desk.event["starts_at"], desk.opened_at)
    offline = [_offline(s) for s in scans]
    try:
        synced = await sync(
            desk.event["id"], offline, by=desk.scanner, address=client_address(request),
            earliest=earliest,
        )  # fmt: skip
    except TooManyUnknownCodes as refused:
        raise too_many(
            _("Too many unknown codes in a short time. Wait a few minutes."), refused.retry_after
        ) from None
    return BatchResponse(results=[_answer(item) for item in synced])


class OfflineDeskController(Controller):
    """Staff doors with an account."""

    path = "/checkin"
    guards = [door_staff]
    include_in_schema = False

    @get("/{slug:str}/pack")
    async def pack(
        self, request: Request, slug: FromPath[str], since: FromQuery[str] = ""
    ) -> Response[bytes]:
        desk = await staff_desk(request, slug)
        return _pack_response(request, await door_pack(desk.event, since or None))

    @post("/{slug:str}/batch", status_code=200)
    async def batch(
        self, request: Request, slug: FromPath[str], data: JSONBody[BatchBody]
    ) -> BatchResponse:
        return await _sync(await staff_desk(request, slug), request, data.scans)


class OfflineVolunteerController(Controller):
    """Volunteer doors: the link's token in the path is the credential."""

    path = "/scan"
    include_in_schema = False
    opt = {"exclude_from_csrf": True}

    @get("/{token:str}/pack")
    async def pack(
        self, request: Request, token: FromPath[str], since: FromQuery[str] = ""
    ) -> Response[bytes]:
        desk = await volunteer_desk(token)
        return _pack_response(request, await door_pack(desk.event, since or None))

    @post("/{token:str}/batch", status_code=200)
    async def batch(
        self, request: Request, token: FromPath[str], data: JSONBody[BatchBody]
    ) -> BatchResponse:
        return await _sync(await volunteer_desk(token), request, data.scans)


class OfflineApiController(Controller):
    path = "/api/v1"
    guards = [door_staff]
    tags = ["check-in"]

    @get("/events/{slug:str}/door-pack")
    async def door_pack(
        self, request: Request, slug: FromPath[str], since: FromQuery[str] = ""
    ) -> dict[str, Any]:
        """What a door needs to judge scans of the event offline: `people` by a keyed
        hash (`h`) of their ticket code under `key`, the check-ins so far, the sessions
        and who may enter them. With `since` (an earlier pack's `cursor`) only what
        changed since."""
        if current_user(request) is None:
            raise NotFoundException()
        event = await event_by_slug(slug)
        if event is None:
            raise NotFoundException()
        return await door_pack(event, since or None)

    @post("/checkin/batch", status_code=200)
    async def batch(self, request: Request, data: JSONBody[ApiBatchBody]) -> BatchResponse:
        """Scans an offline door judged itself, written in order at their own time;
        one result per scan, in order. `conflict`: the door let in someone another
        door had let in first (`duplicate`) or who was cancelled meanwhile (`refused`)."""
        event = await event_by_slug(data.event)
        if event is None:
            raise NotFoundException()
        desk = await staff_desk(request, event["slug"])
        return await _sync(desk, request, data.scans)
