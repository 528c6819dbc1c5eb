"""`POST /api/v1/checkin`: a scan from a scanner app or a script (DESIGN.md).

The answer is 200 for every outcome — the scan was understood; `status` says what it
means. An unknown event is a 404, codes tried at random a 429.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from litestar import Controller, Request, post
from litestar.exceptions import NotFoundException
from litestar.params import JSONBody
from msgspec import Meta, Struct

from events.controllers.checkin import guarded_scan
from events.enums import CheckinOutcome
from events.services.checkin.scans import CheckinResult, Scanner, event_id_for_scans
from werkplaats.auth.guards import current_user, door_staff
from werkplaats.params import BodyId


class CheckinRequest(Struct, forbid_unknown_fields=True, kw_only=True):
    code: Annotated[str, Meta(max_length=200)]
    event: Annotated[str, Meta(max_length=160)]
    nonce: Annotated[str, Meta(max_length=64)] = ""
    session: BodyId | None = None


class CheckinResponse(Struct, kw_only=True):
    status: CheckinOutcome
    name: str | None
    checked_in_at: dt.datetime | None
    checked_in_by: str | None
    message: str


def outcome_fields(result: CheckinResult) -> dict[str, Any]:
    """A scan's outcome as the API says it, for one scan and for each of a batch."""
    return {
        "status": result.outcome,
        "name": result.name,
        "checked_in_at": result.checked_in_at,
        "checked_in_by": result.checked_in_by,
        "message": result.message,
    }


class CheckinApiController(Controller):
    path = "/api/v1/checkin"
    guards = [door_staff]
    tags = ["check-in"]

    @post("/", status_code=200)
    async def check_in(self, request: Request, data: JSONBody[CheckinRequest]) -> CheckinResponse:
        """Check in the scanned `code` (the QR text as it is, or typed) at `event`.

        With a `nonce`, a retried request is recorded once and answered as the first;
        `session` checks in at a programme session (and the entrance). For
        `already_checked_in`, `checked_in_at` and `checked_in_by` are the first scan's.
        """
        event_id = await event_id_for_scans(data.event)
        user = current_user(request)
        if event_id is None or user is None:
            raise NotFoundException()
        scanner = Scanner(name=user.display_name, user_id=user.id)
        result = await guarded_scan(
            event_id, scanner, request,
            code=data.code, session_id=data.session, nonce=data.nonce, method="api",
        )  # fmt: skip
        return CheckinResponse(**outcome_fields(result))
