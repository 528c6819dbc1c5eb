"""`POST /api/v1/events/{slug}/badges`: start a batch of badges (organiser token).

The body is optional: `{"layout": "a6" | "a4", "only_unprinted": bool}`, A6 and
everyone registered by default. The answer is `202 {"job": id}`; follow the job at
`GET /api/v1/jobs/{id}` (its `url` serves the PDF once done). Nobody to print is a
409 with a message, never an empty PDF.
"""

from __future__ import annotations

from litestar import Controller, Request, Response, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody
from msgspec import Struct

from events.controllers.shared import event_or_404
from events.enums import BadgeLayout
from events.services.documents.badges import NoBadges, start_badge_batch
from werkplaats.auth.guards import current_user, organiser_only
from werkplaats.errors import json_error


class BadgeBatchCreate(Struct, forbid_unknown_fields=True, kw_only=True):
    layout: BadgeLayout = BadgeLayout.A6
    only_unprinted: bool = False


class BadgeBatchQueued(Struct):
    job: int


class Message(Struct):
    message: str


class BadgeApiController(Controller):
    path = "/api/v1/events"
    guards = [organiser_only]
    tags = ["badges"]

    @post(
        "/{slug:str}/badges",
        status_code=202,
        responses={409: ResponseSpec(Message, description="Nobody to print a badge for")},
    )
    async def create(
        self,
        request: Request,
        slug: FromPath[str],
        data: JSONBody[BadgeBatchCreate | None] = None,
    ) -> Response[BadgeBatchQueued]:
        """Make the badges of the event's registered people as one PDF, in a job.

        Sorted by surname, in the language of the request (Dutch unless `?lang=en`).
        """
        event = await event_or_404(slug)
        options = data or BadgeBatchCreate()
        user = current_user(request)
        try:
            batch = await start_badge_batch(
                event["id"],
                layout=options.layout,
                only_unprinted=options.only_unprinted,
                by=user.id if user else None,
            )
        except NoBadges as exc:
            return json_error(409, exc.message)
        return Response(
            BadgeBatchQueued(job=batch.job),
            status_code=202,
            headers={"Location": f"/api/v1/jobs/{batch.job}"},
        )
