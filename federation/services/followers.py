"""Who follows the agenda, from what its inbox receives: a Follow (of the agenda)
makes a follower and queues a signed Accept to its inbox; an Undo of a Follow ends
it. Anything else is taken and ignored. The same Follow twice is one follower and
one Accept (the Accept's id comes from the Follow's).

Only what delivery needs is kept: the actor's id and its inboxes, from the actor
document that its signature was checked against.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from federation.activitystreams import accept_id, activity, actor_id
from federation.enums import ActivityKind
from federation.services.deliveries import record_activity
from federation.services.fetch import url_problem
from federation.services.signatures import SignatureRefused, SignedBy
from federation.tables import Follower
from werkplaats.db import atomic
from werkplaats.i18n import _


class Received(StrEnum):
    FOLLOWED = "followed"
    UNFOLLOWED = "unfollowed"
    IGNORED = "ignored"


class ActivityRefused(Exception):
    """A Follow we cannot take (of someone else, or with an inbox we may not post to)."""


@dataclass(frozen=True)
class FollowerView:
    actor_id: str
    inbox: str
    shared_inbox: str


def _id_of(value: Any) -> str:
    return (
        value.get("id", "") if isinstance(value, dict) else value if isinstance(value, str) else ""
    )


def _type_of(value: Any) -> str:
    return value.get("type", "") if isinstance(value, dict) else ""


def _inboxes(document: dict[str, Any]) -> tuple[str, str]:
    inbox = document.get("inbox")
    if not isinstance(inbox, str) or url_problem(inbox):
        raise ActivityRefused(_("The follower's actor has no inbox we can post to."))
    endpoints = document.get("endpoints")
    shared = endpoints.get("sharedInbox") if isinstance(endpoints, dict) else None
    if not isinstance(shared, str) or url_problem(shared):
        shared = ""
    return inbox, shared


async def receive(received: dict[str, Any], signer: SignedBy) -> Received:
    """Act on one activity from the inbox, signed by `signer`."""
    if _id_of(received.get("actor")) != signer.actor_id:
        raise SignatureRefused(_("The activity's actor is not the one who signed it."))
    kind = received.get("type")
    if kind == "Follow":
        await follow(received, signer)
        return Received.FOLLOWED
    if kind == "Undo":
        undone = received.get("object")
        if _type_of(undone) == "Follow" or await is_follow_of(signer.actor_id, _id_of(undone)):
            await unfollow(signer.actor_id)
            return Received.UNFOLLOWED
    return Received.IGNORED


async def is_follow_of(follower: str, follow_id: str) -> bool:
    return bool(follow_id) and await Follower.exists().where(
        (Follower.actor_id == follower) & (Follower.follow_id == follow_id)
    )


async def follow(received: dict[str, Any], signer: SignedBy) -> None:
    follow_id = _id_of(received)
    if _id_of(received.get("object")) != actor_id():
        raise ActivityRefused(_("Only the agenda can be followed here."))
    if not follow_id:
        raise ActivityRefused(_("The Follow has no id."))
    inbox, shared = _inboxes(signer.document)
    accept = activity(
        ActivityKind.ACCEPT,
        accept_id(follow_id),
        {"id": follow_id, "type": "Follow", "actor": signer.actor_id, "object": actor_id()},
        to=[signer.actor_id],
        cc=[],
    )
    async with atomic():
        await Follower.insert(
            Follower(
                actor_id=signer.actor_id, inbox=inbox, shared_inbox=shared, follow_id=follow_id
            )
        ).on_conflict(
            target=Follower.actor_id,
            action="DO UPDATE",
            values=[Follower.inbox, Follower.shared_inbox, Follower.follow_id],
        )
        await record_activity(ActivityKind.ACCEPT, accept, object_id=follow_id, inboxes=[inbox])


async def unfollow(follower: str) -> None:
    await Follower.delete().where(Follower.actor_id == follower)


async def list_followers() -> list[FollowerView]:
    rows = await Follower.select(Follower.actor_id, Follower.inbox, Follower.shared_inbox).order_by(
        Follower.actor_id
    )
    return [FollowerView(**row) for row in rows]
