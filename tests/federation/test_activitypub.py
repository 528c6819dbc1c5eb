"""The agenda as an ActivityPub actor, in this process: WebFinger, the actor and its
key, the outbox, and the inbox that takes only signed Follows (a real HTTP server on
this machine plays the follower's server, with a key of its own)."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

from events.enums import EventStatus
from events.services.catalogue.events import create_event, update_event
from federation.services.actor_key import actor_key
from federation.services.deliveries import queue_due_deliveries
from federation.tables import Activity, ActorKey, Delivery, Follower
from mailings.services.publications import delete_publication
from tests.conftest import demo_event_values, eventually
from tests.federation.fediverse import RemoteActor, new_key, verifies
from tests.federation.feed_server import Answer
from tests.mailings.helpers import a_publication
from werkplaats.enums import Role

ACTOR = "http://testserver.local/ap/actor"
INBOX = "http://testserver.local/ap/inbox"
AS_JSON = {"Accept": "application/activity+json"}
VENUE = {"name": "Pletterij", "address": "Lange Herenvest 122", "city": "Haarlem"}


async def _post(client, ada: RemoteActor, activity: dict, **signing):
    body, headers = ada.signed(INBOX, activity, **signing)
    return await client.post("/ap/inbox", content=body, headers=headers)


async def _written() -> tuple[int, int, int]:
    return await Follower.count(), await Activity.count(), await Delivery.count()


async def test_webfinger_finds_the_agenda_and_no_one_else(client):
    found = await client.get("/.well-known/webfinger?resource=acct:agenda@testserver.local")
    unknown = await client.get("/.well-known/webfinger?resource=acct:piet@testserver.local")

    assert found.status_code == 200
    assert found.headers["content-type"].startswith("application/jrd+json")
    assert found.json()["subject"] == "acct:agenda@testserver.local"
    [self_link] = [link for link in found.json()["links"] if link["rel"] == "self"]
    assert self_link == {"rel": "self", "type": "application/activity+json", "href": ACTOR}
    assert unknown.status_code == 404
    assert unknown.json()["message"]


async def test_actor_publishes_one_kept_key(client):
    first = await client.get("/ap/actor", headers=AS_JSON)
    profile = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
    again = await client.get("/ap/actor", headers={"Accept": profile})
    browser = await client.get("/ap/actor", headers={"Accept": "text/html"}, follow_redirects=False)

    actor = first.json()
    assert first.headers["content-type"].startswith("application/activity+json")
    assert actor["type"] == "Organization"
    assert actor["preferredUsername"] == "agenda"
    assert actor["name"] == "Werkplaats Sociaal Domein"
    assert "De agenda en publicaties van Werkplaats Sociaal Domein" in actor["summary"]
    assert actor["inbox"] == INBOX
    assert actor["outbox"] == "http://testserver.local/ap/outbox"
    assert actor["publicKey"]["id"] == f"{ACTOR}#main-key"
    assert actor["publicKey"]["owner"] == ACTOR
    [stored] = await ActorKey.select(ActorKey.public_key_pem)
    assert actor["publicKey"]["publicKeyPem"] == stored["public_key_pem"]
    assert "BEGIN PUBLIC KEY" in stored["public_key_pem"]
    assert again.json()["publicKey"] == actor["publicKey"]
    assert browser.status_code in (302, 303) and browser.headers["location"] == "/events"


async def test_two_processes_that_find_no_key_end_with_the_same_one():
    first, second = await asyncio.gather(actor_key(), actor_key())

    assert first.public_key_pem == second.public_key_pem
    assert await ActorKey.count() == 1


async def test_outbox_shows_public_events_and_publications_escaped(client):
    shown = await create_event(
        demo_event_values(description="Met <script>alert(1)</script>\n\nen meer", venue=VENUE)
    )
    await create_event(demo_event_values(title="Nog geheim", status=EventStatus.DRAFT))
    await a_publication()

    outbox = (await client.get("/ap/outbox", headers=AS_JSON)).json()

    objects = {item["object"]["type"]: item["object"] for item in outbox["orderedItems"]}
    assert outbox["type"] == "OrderedCollection" and outbox["totalItems"] == 2
    assert {item["type"] for item in outbox["orderedItems"]} == {"Create"}
    event = objects["Event"]
    assert event["name"] == "Regionale bijeenkomst voorjaar"
    assert event["url"] == f"http://testserver.local/events/{shown}"
    assert event["startTime"] == "2030-04-16T13:30:00+02:00"
    assert event["endTime"] == "2030-04-16T17:00:00+02:00"
    assert event["location"]["type"] == "Place"
    assert event["location"]["address"]["addressLocality"] == "Haarlem"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in event["content"]
    assert "<script>" not in event["content"]
    assert event["published"] and event["updated"]
    article = objects["Article"]
    assert article["name"] == "Handreiking integraal en wijkgericht werken in de K4"
    assert article["attributedTo"] == ACTOR
    assert article["published"] == "2026-06-15T00:00:00Z"
    assert "Nog geheim" not in str(outbox)
    alone = await client.get(event["id"].removeprefix("http://testserver.local"), headers=AS_JSON)
    assert alone.json()["name"] == event["name"]


async def test_inbox_refuses_unsigned_forged_stale_and_altered_requests(client, ada):
    follow = ada.follow(ACTOR)
    body, headers = ada.signed(INBOX, follow)
    altered = body.replace(b"Follow", b"Folloq")

    plain = {"Content-Type": "application/activity+json"}
    unsigned = await client.post("/ap/inbox", content=body, headers=plain)
    forged = await _post(client, ada, follow, key=new_key())
    stale = await _post(client, ada, follow, sent_at=time.time() - 13 * 3600)
    wrong_digest = await client.post("/ap/inbox", content=altered, headers=headers)

    assert [r.status_code for r in (unsigned, forged, stale, wrong_digest)] == [401] * 4
    assert "Signature" in unsigned.json()["message"]
    assert forged.json()["message"] != unsigned.json()["message"]
    assert wrong_digest.json()["message"] not in {forged.json()["message"], stale.json()["message"]}
    assert await _written() == (0, 0, 0)


async def test_follow_twice_is_one_follower_and_one_signed_accept(client, ada):
    follow = ada.follow(ACTOR)

    first = await _post(client, ada, follow)
    second = await _post(client, ada, follow)

    assert (first.status_code, second.status_code) == (202, 202)
    assert await Follower.count() == 1
    await eventually(lambda: _delivered(ada, 1))
    key = (await client.get("/ap/actor", headers=AS_JSON)).json()["publicKey"]["publicKeyPem"]
    [(posted, accept)] = ada.received()
    assert accept["type"] == "Accept" and accept["actor"] == ACTOR
    assert accept["object"]["id"] == follow["id"]
    assert verifies(posted, key)


async def test_undo_ends_the_follow_and_other_activities_are_ignored(client, ada):
    follow = ada.follow(ACTOR)
    await _post(client, ada, follow)
    like = {"id": f"{ada.id}#likes/1", "type": "Like", "actor": ada.id, "object": ACTOR}

    ignored = await _post(client, ada, like)
    undone = await _post(client, ada, ada.undo(follow))

    assert ignored.status_code == 202 and ignored.json() == {"status": "ignored"}
    assert undone.json() == {"status": "unfollowed"}
    assert await Follower.count() == 0


async def test_followers_hear_of_what_they_would_see_and_of_withdrawals(client, ada):
    await _post(client, ada, ada.follow(ACTOR))
    slug = await create_event(demo_event_values())
    await update_event(slug, {"capacity": 80})  # not shown to followers: nothing sent
    await update_event(slug, {"summary": "Alle partners, en nieuw: de raad."})
    publication = await a_publication()
    await delete_publication(publication)

    kinds = ["Accept", "Create", "Create", "Delete", "Update"]
    await eventually(lambda: _delivered(ada, len(kinds)))

    assert sorted(activity["type"] for _posted, activity in ada.received()) == kinds
    [update] = ada.received_of("Update")
    [delete] = ada.received_of("Delete")
    assert update["object"]["summary"] == "Alle partners, en nieuw: de raad."
    assert delete["object"]["type"] == "Tombstone"
    assert delete["object"]["id"].startswith("http://testserver.local/ap/publications/")


async def test_a_busy_inbox_is_tried_again_later_and_a_refusing_one_not(client, ada):
    ada.server.answers["POST /users/ada/inbox"] = Answer(status=503)
    await _post(client, ada, ada.follow(ACTOR))
    await eventually(lambda: _attempted(1))
    [busy] = await Delivery.select()
    not_due = await queue_due_deliveries(0)
    del ada.server.answers["POST /users/ada/inbox"]
    await Delivery.update({Delivery.next_attempt_at: dt.datetime.now(dt.UTC)}).where(
        Delivery.id == busy["id"]
    )  # its wait is over

    assert (busy["state"], busy["last_error"], not_due) == ("pending", "HTTP 503", 0)
    assert busy["next_attempt_at"] > dt.datetime.now(dt.UTC) + dt.timedelta(seconds=50)
    assert await queue_due_deliveries(0) == 1
    await eventually(lambda: _delivered(ada, 2))
    [sent] = await Delivery.select()
    assert (sent["state"], sent["attempts"]) == ("sent", 2)

    ada.server.answers["POST /users/ada/inbox"] = Answer(status=410)
    await create_event(demo_event_values())
    await eventually(lambda: _attempted(2))
    assert await Delivery.count().where(Delivery.state == "failed") == 1
    assert await queue_due_deliveries(0) == 0


async def test_the_sources_page_lists_the_followers(client, ada, login):
    await _post(client, ada, ada.follow(ACTOR))
    await login(Role.ORGANISER)

    page = await client.get("/beheer/landelijk/bronnen/")

    assert "agenda@testserver.local" in page.text
    assert "1 volger" in page.text
    assert f'<li class="feed-url">{ada.id}</li>' in page.text


async def _attempted(count: int) -> bool:
    """`count` deliveries were tried, whatever the answer."""
    return await Delivery.count().where(Delivery.attempts > 0) >= count


async def _delivered(ada: RemoteActor, count: int) -> bool:
    """All `count` activities arrived, and nothing is left to send."""
    pending = await Delivery.exists().where(Delivery.state != "sent")
    return len(ada.received()) >= count and not pending
