"""An offline door's pack: what a phone needs to judge scans of one event by itself.

The pack names each registration by a keyed hash of its ticket code (HMAC-SHA-256
under a key of the event's own, derived from the secret key, cut to 96 bits). The
phone hashes what it scans with the same key and looks the result up: the pack holds
no ticket code, a hash cannot be turned back into one, and a pack of one event says
nothing about the codes of another. Besides the hashes only what the door shows or
decides by: name, organisation, status, ribbon, the sessions someone may enter, and
the check-ins so far. No e-mail address, needs or answers.

With the cursor of an earlier pack, only what changed since: registrations changed
(`updated_at`) and check-ins written or undone since then, each window reaching a
little back, so a change that committed late with an earlier time is not missed. A
door applies the pack as upserts, so what it gets twice does no harm.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from events import hooks
from events.services.checkin.desk import places
from events.tables import Checkin, Registration
from werkplaats.settings import get_settings

PACK_FORMAT = 1
HASH_BYTES = 12
OVERLAP = dt.timedelta(minutes=1)  # a change written late, stamped earlier
CHECKIN_OVERLAP = 500  # ids: an insert that committed after one with a higher id


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def pack_key(event_id: int) -> bytes:
    """The event's own key for its code hashes (the same in every process)."""
    secret = get_settings().secret_key.encode()
    return hmac.new(secret, f"door-pack:{event_id}".encode(), hashlib.sha256).digest()


def code_hash(key: bytes, code: str) -> str:
    """What the pack holds for a ticket code, and what a door computes from a scan."""
    return _b64(hmac.new(key, code.encode(), hashlib.sha256).digest()[:HASH_BYTES])


@dataclass(frozen=True)
class Cursor:
    """Where a pack left off: its time, and the highest check-in id it saw."""

    at: dt.datetime
    checkin_id: int

    def encode(self) -> str:
        return f"{int(self.at.timestamp() * 1000)}.{self.checkin_id}"

    @classmethod
    def parse(cls, text: str) -> Cursor | None:
        millis, _, checkin_id = text.partition(".")
        if not (millis.isdigit() and checkin_id.isdigit()) or len(text) > 40:
            return None
        try:
            at = dt.datetime.fromtimestamp(int(millis) / 1000, dt.UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return cls(at, int(checkin_id))


async def _people(event_id: int, since: Cursor | None) -> list[dict[str, Any]]:
    query = Registration.select(
        Registration.id,
        Registration.ticket_code,
        Registration.name,
        Registration.organisation,
        Registration.status,
        Registration.ribbon,
    ).where(Registration.event == event_id)
    if since is not None:
        query = query.where(Registration.updated_at >= since.at - OVERLAP)
    key = pack_key(event_id)
    return [
        {
            "h": code_hash(key, row["ticket_code"]),
            "i": row["id"],
            "n": row["name"],
            "o": row["organisation"],
            "s": row["status"],
            "r": row["ribbon"],
        }
        for row in await query.order_by(Registration.id)
    ]


async def _checkins(event_id: int, since: Cursor | None) -> tuple[list[dict[str, Any]], int]:
    """The check-ins to apply (live ones, and since a cursor also undone ones), and the
    event's highest check-in id."""
    query = Checkin.select(
        Checkin.id,
        Checkin.registration,
        Checkin.session,
        Checkin.checked_in_at,
        Checkin.by_name,
        Checkin.undone_at,
    ).where(Checkin.event == event_id)
    if since is None:
        query = query.where(Checkin.undone_at.is_null())
    else:
        query = query.where(
            (Checkin.id > since.checkin_id - CHECKIN_OVERLAP)
            | (Checkin.undone_at >= since.at - OVERLAP)
        )
    rows = await query.order_by(Checkin.id)
    top = await Checkin.select(Checkin.id).where(Checkin.event == event_id).order_by(
        Checkin.id, ascending=False
    ).first()  # fmt: skip
    entries = [
        {
            "i": row["registration"],
            "p": row["session"],
            "at": row["checked_in_at"].isoformat(),
            "by": row["by_name"],
            "u": row["undone_at"] is not None,
        }
        for row in rows
    ]
    return entries, top["id"] if top else 0


def _admissions(answers: Sequence[Mapping[int, Sequence[int]]]) -> dict[str, list[int]]:
    """Per session (as a JSON key), who may enter it; the apps' answers intersected,
    as one refusal of `session_admission` keeps someone out."""
    joined: dict[int, set[int]] = {}
    for answer in answers:
        for session_id, ids in answer.items():
            joined[session_id] = joined[session_id] & set(ids) if session_id in joined else set(ids)
    return {str(session_id): sorted(ids) for session_id, ids in sorted(joined.items())}


async def door_pack(event: Mapping[str, Any], since: str | None = None) -> dict[str, Any]:
    """The pack for `event` (a row), whole or, with a valid `since` cursor, what
    changed since; an unreadable cursor gives the whole pack."""
    cursor = Cursor.parse(since) if since else None
    now = dt.datetime.now(dt.UTC)
    checkins, top = await _checkins(event["id"], cursor)
    sessions = [
        {"id": p.session_id, "title": p.title, "room": p.room} for p in await places(event["id"])
    ]
    return {
        "format": PACK_FORMAT,
        "event": {
            "slug": event["slug"],
            "title": event["title"],
            "starts_at": event["starts_at"].isoformat(),
            "ends_at": event["ends_at"].isoformat(),
        },
        "key": _b64(pack_key(event["id"])),
        "hash_bytes": HASH_BYTES,
        "generated_at": now.isoformat(),
        "cursor": Cursor(now, top).encode(),
        "full": cursor is None,
        "people": await _people(event["id"], cursor),
        "checkins": checkins,
        "sessions": sessions,
        "admissions": _admissions(await hooks.session_admissions.call(event["id"])),
    }
