"""A fediverse follower of another Werkplaats on this machine (a real `werkplaats
serve` with its own database and worker): the follower's server is played by the
test, with a key of its own, signing as Mastodon does. The Werkplaats accepts the
Follow with a signed Accept, then tells each publish, change and cancellation of
an event once, each signed with the key its actor publishes."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.conftest import eventually
from tests.federation.fediverse import RemoteActor, published_key, verifies
from tests.federation.instances import EVENT

pytestmark = pytest.mark.usefixtures("no_sweeping_here")


def _actor_url(instance) -> str:
    """As a Mastodon server finds it: by WebFinger."""
    jrd = httpx.get(
        f"{instance.url}/.well-known/webfinger",
        params={"resource": "acct:agenda@127.0.0.1"},
        trust_env=False,
    ).json()
    [link] = [link for link in jrd["links"] if link["rel"] == "self"]
    return link["href"]


def _arrived(ada: RemoteActor, kind: str):
    async def check() -> bool:
        return bool(ada.received_of(kind))

    return check


async def test_a_follower_gets_a_signed_accept_then_each_change_once(utrecht, ada):
    actor = _actor_url(utrecht)
    inbox = f"{utrecht.url}/ap/inbox"
    body, headers = ada.signed(inbox, ada.follow(actor))

    followed = httpx.post(inbox, content=body, headers=headers, trust_env=False)
    await eventually(_arrived(ada, "Accept"))
    with utrecht.api() as api:
        slug = api.post("/events", json=EVENT).json()["slug"]
        await eventually(_arrived(ada, "Create"))
        api.patch(f"/events/{slug}", json={"summary": "Nu ook over de rol van werkgevers."})
        await eventually(_arrived(ada, "Update"))
        api.patch(f"/events/{slug}", json={"status": "cancelled"})
        await eventually(_arrived(ada, "Delete"))
    await asyncio.sleep(1.5)  # time for a second copy of any of them, if one were sent

    assert followed.status_code == 202
    key = published_key(actor)
    kinds = [activity["type"] for _posted, activity in ada.received()]
    assert sorted(kinds) == ["Accept", "Create", "Delete", "Update"]
    assert all(verifies(posted, key) for posted, _activity in ada.received())
    assert all(activity["actor"] == actor for _posted, activity in ada.received())
    [create] = ada.received_of("Create")
    [update] = ada.received_of("Update")
    [delete] = ada.received_of("Delete")
    assert create["object"]["type"] == "Event"
    assert create["object"]["name"] == "Schuldhulp in de wijk"
    assert create["object"]["startTime"] == "2030-03-12T13:30:00+01:00"
    assert create["object"]["url"] == f"{utrecht.url}/events/{slug}"
    assert update["object"]["id"] == create["object"]["id"]
    assert update["object"]["summary"] == "Nu ook over de rol van werkgevers."
    assert delete["object"] == {
        "id": create["object"]["id"],
        "type": "Tombstone",
        "formerType": "Event",
    }
