"""Check-in links: a volunteer at the door without an account opens `/scan/{token}`.

A link opens the check-in of one event only, until it expires (by default half a
day after the event ends) or an organiser revokes it. Only the SHA-256 of the token
is stored, as for API tokens: the organiser sees the link once, when making it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from events.enums import EventStatus
from events.tables import CheckinLink, Event
from werkplaats import audit
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _

LABEL_LIMIT = 100
VALID_AFTER_EVENT = dt.timedelta(hours=12)
TOUCH_EVERY = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class DoorLink:
    id: int
    event_id: int
    label: str
    created_at: dt.datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_link(event: dict[str, Any], *, label: str, by_user: int | None) -> str:
    """A new link for `event`; returns the token (not kept: show it now)."""
    label = label.strip()
    if not label:
        raise FieldErrors({"label": _("Say who will use this link, e.g. 'Volunteer entrance'.")})
    if len(label) > LABEL_LIMIT:
        raise FieldErrors({"label": _("At most {n} characters.").format(n=LABEL_LIMIT)})
    expires_at = event["ends_at"] + VALID_AFTER_EVENT
    if expires_at <= dt.datetime.now(dt.UTC):
        raise FieldErrors({"label": _("This event is over: a check-in link would not work.")})
    token = secrets.token_urlsafe(32)
    await CheckinLink.insert(
        CheckinLink(
            event=event["id"],
            token_hash=_hash(token),
            label=label,
            created_by=by_user,
            expires_at=expires_at,
        )
    )
    await audit.record("checkin_link.created", f"event:{event['slug']}", label=label)
    return token


async def link_for_token(token: str) -> DoorLink | None:
    """The link behind a token while it is valid, else None (no reason given)."""
    if not token or len(token) > 100:
        return None
    now = dt.datetime.now(dt.UTC)
    row = (
        await CheckinLink.select(
            CheckinLink.id,
            CheckinLink.event,
            CheckinLink.label,
            CheckinLink.created_at,
            CheckinLink.last_used_at,
            CheckinLink.event.status.as_alias("event_status"),
        )
        .where(
            (CheckinLink.token_hash == _hash(token))
            & CheckinLink.revoked_at.is_null()
            & (CheckinLink.expires_at > now)
        )
        .first()
    )
    if row is None or row["event_status"] == EventStatus.DRAFT:
        return None
    if row["last_used_at"] is None or row["last_used_at"] < now - TOUCH_EVERY:
        await CheckinLink.update({CheckinLink.last_used_at: now}).where(CheckinLink.id == row["id"])
    return DoorLink(row["id"], row["event"], row["label"], row["created_at"])


async def revoke_link(event_id: int, link_id: int) -> bool:
    revoked = (
        await CheckinLink.update({CheckinLink.revoked_at: dt.datetime.now(dt.UTC)})
        .where(
            (CheckinLink.id == link_id)
            & (CheckinLink.event == event_id)
            & CheckinLink.revoked_at.is_null()
        )
        .returning(CheckinLink.id)
    )
    if revoked:
        await audit.record("checkin_link.revoked", f"checkin_link:{link_id}", event=event_id)
    return bool(revoked)


async def links_for(event_id: int) -> list[dict[str, Any]]:
    """The event's links, newest first, with whether each still works."""
    now = dt.datetime.now(dt.UTC)
    rows = (
        await CheckinLink.select(
            CheckinLink.id,
            CheckinLink.label,
            CheckinLink.created_at,
            CheckinLink.expires_at,
            CheckinLink.revoked_at,
            CheckinLink.last_used_at,
            CheckinLink.created_by.name.as_alias("created_by_name"),
        )
        .where(CheckinLink.event == event_id)
        .order_by(CheckinLink.id, ascending=False)
    )
    for row in rows:
        row["active"] = row["revoked_at"] is None and row["expires_at"] > now
    return rows


async def event_of_link(link: DoorLink) -> dict[str, Any]:
    event = await Event.select().where(Event.id == link.event_id).first()
    assert event is not None  # the link's foreign key cascades on delete
    return event
