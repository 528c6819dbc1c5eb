"""The agenda as a read-only ActivityPub actor: WebFinger finds it, Mastodon and
Mobilizon follow it, and its outbox and objects show the public events and
publications. The inbox takes signed Follow and Undo; it answers nobody else."""

from __future__ import annotations

import json
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect

from federation.activitystreams import (
    ACTIVITY_JSON,
    ACTOR_PATH,
    AS,
    CONTEXT,
    FOLLOWERS_PATH,
    INBOX_PATH,
    OUTBOX_PATH,
    actor_document,
    followers_id,
    webfinger,
)
from federation.services.actor_key import actor_key
from federation.services.announce import event_as_object, public_objects, publication_as_object
from federation.services.followers import ActivityRefused, list_followers, receive
from federation.services.signatures import SignatureRefused, verify_request
from werkplaats.errors import json_error
from werkplaats.i18n import _
from werkplaats.settings import get_settings

JRD = "application/jrd+json"
MAX_INBOX_BYTES = 256 * 1024
AS_TYPES = ("application/activity+json", "application/ld+json")


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and not any(kind in accept for kind in AS_TYPES)


def _document(doc: dict[str, Any]) -> Response[dict[str, Any]]:
    return Response(doc, media_type=ACTIVITY_JSON, headers={"Vary": "Accept"})


def _collection(path: str, items: list[dict[str, Any]] | None, total: int) -> dict[str, Any]:
    found: dict[str, Any] = {
        "@context": AS,
        "id": f"{get_settings().base_url}{path}",
        "type": "OrderedCollection",
        "totalItems": total,
    }
    if items is not None:
        found["orderedItems"] = items
    return found


class ActivityPubController(Controller):
    tags = ["activitypub"]
    include_in_schema = False

    @get("/.well-known/webfinger", media_type=JRD)
    async def webfinger(self, resource: FromQuery[str] = "") -> Response[dict[str, Any]]:
        found = webfinger(resource)
        if found is None:
            return json_error(404, _("No account here by that name."))
        return Response(found, media_type=JRD, headers={"Access-Control-Allow-Origin": "*"})

    @get(ACTOR_PATH)
    async def actor(self, request: Request) -> Response[dict[str, Any]] | Redirect:
        """The actor; a browser that asks for a page gets the agenda."""
        if _wants_html(request):
            return Redirect("/events")
        return _document(actor_document((await actor_key()).public_key_pem))

    @get(OUTBOX_PATH)
    async def outbox(self) -> Response[dict[str, Any]]:
        """A Create for each public event and publication, newest first."""
        items = [
            {
                "id": f"{obj['id']}#create",
                "type": "Create",
                "actor": obj["attributedTo"],
                "published": obj["published"],
                "to": obj["to"],
                "cc": obj["cc"],
                "object": obj,
            }
            for obj in await public_objects()
        ]
        return _document(_collection(OUTBOX_PATH, items, len(items)))

    @get(FOLLOWERS_PATH)
    async def followers(self) -> Response[dict[str, Any]]:
        """How many follow; who they are is not shown (as Mastodon does)."""
        total = len(await list_followers())
        return _document(_collection(FOLLOWERS_PATH, None, total) | {"id": followers_id()})

    @get("/ap/events/{event_id:int}")
    async def event(self, event_id: FromPath[int]) -> Response[dict[str, Any]]:
        return _object(await event_as_object(event_id))

    @get("/ap/publications/{publication_id:int}")
    async def publication(self, publication_id: FromPath[int]) -> Response[dict[str, Any]]:
        return _object(await publication_as_object(publication_id))

    @post(INBOX_PATH, status_code=202, request_max_body_size=MAX_INBOX_BYTES)
    async def inbox(self, request: Request) -> Response[dict[str, Any]]:
        """Signed activities only (401 otherwise, nothing written): Follow and Undo
        of a Follow are acted on; anything else is taken (202) and ignored."""
        body = await request.body()
        try:
            signer = await verify_request("POST", request.url.path, request.headers, body)
            received = json.loads(body)
            if not isinstance(received, dict):
                raise ValueError("not an object")
            done = await receive(received, signer)
        except SignatureRefused as exc:
            return json_error(401, str(exc))
        except ValueError:
            return json_error(400, _("The body is not a JSON object."))
        except ActivityRefused as exc:
            return json_error(422, str(exc))
        return Response({"status": done.value}, status_code=202)


def _object(obj: dict[str, Any] | None) -> Response[dict[str, Any]]:
    if obj is None:
        return json_error(404, _("Not public here (any more)."))
    return _document({"@context": CONTEXT} | obj)
