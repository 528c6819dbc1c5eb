"""What the agenda sends, and how it gets there.

An activity is a row first, with one delivery row per inbox (a follower's shared
inbox when it has one, so a server with many followers gets it once), written in
the transaction of the change it tells. When that commits, one job posts the
activity, signed, to each inbox still pending. A worker claims a delivery before it
posts (a lease, so two workers never post the same one); an inbox that answers 2xx
is done, one that refuses for good (4xx) is failed, and one that is away or busy is
tried again later, a few times with a growing wait (the sweeper queues it), then
failed. The activity's id is stable, so an inbox that gets it twice after a crash
between the post and the commit can tell.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from collections.abc import Sequence
from typing import Any

import httpx

from federation.enums import ActivityKind, DeliveryState
from federation.services.actor_key import KeyPair, actor_key
from federation.services.fetch import TIME_OUT, http_client, url_problem
from federation.services.signatures import signed_headers
from federation.tables import Activity, Delivery, Follower
from werkplaats.db import atomic, on_commit
from werkplaats.queue import send

log = logging.getLogger(__name__)

DELIVER = "deliver_activity"
LEASE = dt.timedelta(minutes=2)  # longer than one post may take (TIME_OUT)
WAITS = (dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30))
MAX_ATTEMPTS = len(WAITS) + 1
TRY_AGAIN = {408, 425, 429}  # and every 5xx


class DeliveryFailed(Exception):
    """The inbox could not take it now (away, busy, 5xx): try again later."""


class DeliveryRefused(Exception):
    """The inbox will not take it (4xx, or an address we may not post to)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def follower_inboxes() -> list[str]:
    """Where an activity for all followers goes: each server's shared inbox once."""
    rows = await Follower.select(Follower.inbox, Follower.shared_inbox).order_by(Follower.id)
    return list(dict.fromkeys(row["shared_inbox"] or row["inbox"] for row in rows))


async def record_activity(
    kind: ActivityKind, body: dict[str, Any], *, object_id: str, inboxes: Sequence[str]
) -> int | None:
    """Write the activity and its deliveries (joining the caller's transaction); queue
    the job once it commits. None: an activity with this id was recorded before."""
    async with atomic():
        rows = (
            await Activity.insert(
                Activity(ap_id=body["id"], kind=kind, object_id=object_id, body=json.dumps(body))
            )
            .on_conflict(action="DO NOTHING")
            .returning(Activity.id)
        )
        if not rows:
            return None
        activity_id = rows[0]["id"]
        targets = list(dict.fromkeys(inboxes))
        if targets:
            await Delivery.insert(*(Delivery(activity=activity_id, inbox=i) for i in targets))
            on_commit(lambda: send(DELIVER, activity_id))
    return activity_id


async def post_activity(inbox: str, body: bytes, key: KeyPair) -> None:
    problem = url_problem(inbox)
    if problem:
        raise DeliveryRefused(problem)
    try:
        async with asyncio.timeout(TIME_OUT), http_client() as client:
            response = await client.post(
                inbox, content=body, headers=signed_headers(inbox, body, key)
            )
    except (TimeoutError, httpx.HTTPError) as exc:
        raise DeliveryFailed(type(exc).__name__) from exc
    if 200 <= response.status_code < 300:
        return
    if response.status_code in TRY_AGAIN or response.status_code >= 500:
        raise DeliveryFailed(f"HTTP {response.status_code}")
    raise DeliveryRefused(f"HTTP {response.status_code}")


async def _claim(delivery_id: int) -> bool:
    now = _now()
    due = Delivery.next_attempt_at.is_null() | (Delivery.next_attempt_at <= now)
    claimed = (
        await Delivery.update({Delivery.next_attempt_at: now + LEASE})
        .where((Delivery.id == delivery_id) & (Delivery.state == DeliveryState.PENDING) & due)
        .returning(Delivery.id)
    )
    return bool(claimed)


async def _post_one(delivery: dict[str, Any], body: bytes, key: KeyPair) -> None:
    attempts = delivery["attempts"] + 1
    outcome: dict[Any, Any] = {Delivery.attempts: attempts, Delivery.last_error: ""}
    try:
        await post_activity(delivery["inbox"], body, key)
    except DeliveryRefused as exc:
        outcome |= {Delivery.state: DeliveryState.FAILED, Delivery.last_error: str(exc)}
    except DeliveryFailed as exc:
        outcome[Delivery.last_error] = str(exc)[:500]
        if attempts >= MAX_ATTEMPTS:
            outcome[Delivery.state] = DeliveryState.FAILED
        else:
            outcome[Delivery.next_attempt_at] = _now() + WAITS[attempts - 1]
    else:
        outcome |= {Delivery.state: DeliveryState.SENT, Delivery.sent_at: _now()}
    await Delivery.update(outcome).where(Delivery.id == delivery["id"])
    if outcome[Delivery.last_error]:
        log.info("delivery %s to %s: %s", delivery["id"], delivery["inbox"], outcome)


async def deliver_activity(activity_id: int) -> int:
    """Post the activity to each of its inboxes that is due and not claimed by
    another worker; how many were posted (whatever the answer). Safe to run twice."""
    activity = await Activity.select(Activity.body).where(Activity.id == activity_id).first()
    if activity is None:
        return 0
    body = activity["body"].encode()
    key = await actor_key()
    pending = await Delivery.select(Delivery.id, Delivery.inbox, Delivery.attempts).where(
        (Delivery.activity == activity_id) & (Delivery.state == DeliveryState.PENDING)
    )
    posted = 0
    for delivery in pending:
        if await _claim(delivery["id"]):
            await _post_one(delivery, body, key)
            posted += 1
    return posted


async def queue_due_deliveries(min_age: float) -> int:
    """The sweeper: queue each activity with a delivery whose time has come, again
    (a retry) or still (its first message was lost; older than `min_age` seconds)."""
    now = _now()
    never_tried = Delivery.next_attempt_at.is_null() & (
        Delivery.activity.created_at <= now - dt.timedelta(seconds=min_age)
    )
    rows = await Delivery.select(Delivery.activity).where(
        (Delivery.state == DeliveryState.PENDING)
        & (never_tried | (Delivery.next_attempt_at <= now))
    )
    activity_ids = sorted({row["activity"] for row in rows})
    for activity_id in activity_ids:
        send(DELIVER, activity_id)
    return len(activity_ids)
