"""The mailings JSON API: compose, send, and read the counts per delivery state."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import JSONBody
from msgspec import Meta, Struct

from mailings.enums import AudienceWho, MailingState
from mailings.services.mailings import (
    MailingView,
    create_mailing,
    delivery_counts,
    get_mailing,
)
from mailings.services.sending import send_mailing
from werkplaats.auth.guards import current_user, organiser_only
from werkplaats.params import BodyId, PathId

# A web address's last part, as slugs are made (a NUL or a long text went to the
# database as is: a 500 on PostgreSQL, found by schemathesis).
Slug = Annotated[str, Meta(max_length=160, pattern="^[a-z0-9-]*$")]


class Audience(Struct, forbid_unknown_fields=True, kw_only=True):
    """`{"event": slug, "who": ...}` or `{"list": "newsletter", "theme"?: slug}`."""

    event: Slug = ""
    who: AudienceWho = AudienceWho.ALL
    list: Literal["newsletter"] | None = None
    theme: Slug = ""


class MailingCreate(Struct, forbid_unknown_fields=True, kw_only=True):
    subject: Annotated[str, Meta(min_length=1, max_length=300)]
    body: Annotated[str, Meta(min_length=1)]
    audience: Audience
    publications: Annotated[list[BodyId], Meta(max_length=50)] = []
    # With its offset from UTC: a time without one is no moment (it was a 500).
    send_at: Annotated[dt.datetime, Meta(tz=True)] | None = None


class MailingOut(Struct):
    id: int
    subject: str
    state: MailingState
    audience: dict[str, str]  # as it was given: {"event", "who"} or {"list"}
    publications: list[int]
    send_at: dt.datetime | None
    sent_at: dt.datetime | None
    counts: dict[str, int]
    total: int

    @classmethod
    async def of(cls, mailing: MailingView) -> MailingOut:
        counts = await delivery_counts(mailing.id)
        return cls(
            id=mailing.id,
            subject=mailing.subject,
            state=mailing.state,
            audience=(
                {"event": mailing.event_slug, "who": mailing.who.value}
                if mailing.for_event
                else {
                    "list": "newsletter",
                    **({"theme": mailing.theme_slug} if mailing.theme_slug else {}),
                }
            ),
            publications=mailing.publication_ids,
            send_at=mailing.send_at,
            sent_at=mailing.sent_at,
            counts=counts,
            total=sum(counts.values()),
        )


async def _out(mailing_id: int) -> MailingOut:
    mailing = await get_mailing(mailing_id)
    if mailing is None:
        raise NotFoundException()
    return await MailingOut.of(mailing)


class MailingApiController(Controller):
    path = "/api/v1/mailings"
    tags = ["mailings"]
    guards = [organiser_only]

    @post("/", status_code=201)
    async def create(self, request: Request, data: JSONBody[MailingCreate]) -> MailingOut:
        """A draft; with `send_at` it is scheduled (a moment in the past is a 422)."""
        values = {
            "subject": data.subject,
            "body": data.body,
            "event": data.audience.event,
            "who": data.audience.who.value,
            "newsletter": data.audience.list == "newsletter",
            "theme": data.audience.theme,
            "publications": data.publications,
            "send_at": data.send_at,
        }
        user = current_user(request)
        return await _out(await create_mailing(values, by=user.email if user else ""))

    @post("/{mailing_id:int}/send", status_code=202)
    async def send(self, mailing_id: PathId) -> MailingOut:
        """Write one delivery per recipient and queue them; sending twice sends once."""
        await _out(mailing_id)
        await send_mailing(mailing_id)
        return await _out(mailing_id)

    @get("/{mailing_id:int}")
    async def detail(self, mailing_id: PathId) -> MailingOut:
        """The mailing with its deliveries counted per state."""
        return await _out(mailing_id)
