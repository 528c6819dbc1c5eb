"""The federation feeds: public JSON-LD that other Werkplaatsen fetch."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.openapi.datastructures import ResponseSpec

from federation.publish import body_etag, events_feed, publications_feed
from werkplaats.conditional import is_not_modified, validator_headers

JSON_LD = "application/ld+json"
CACHE = "public, max-age=300"
# The body is written as bytes (its hash is the ETag); the schema says what it holds.
FEED_RESPONSES = {
    200: ResponseSpec(
        data_container=dict[str, Any],
        media_type=JSON_LD,
        description="A schema.org DataFeed in JSON-LD; its items in dataFeedElement",
    ),
    304: ResponseSpec(data_container=None, description="Not modified since the ETag given"),
}


def _conditional(request: Request, body: bytes) -> Response[bytes]:
    etag = body_etag(body)
    headers = validator_headers(etag=etag, last_modified=None, cache_control=CACHE)
    if is_not_modified(request.headers, etag=etag, last_modified=None):
        return Response(b"", status_code=304, headers=headers)
    return Response(body, media_type=JSON_LD, headers=headers)


class FederationFeedController(Controller):
    path = "/api/v1/federation"
    tags = ["federation"]

    @get("/events.json", media_type=JSON_LD, responses=FEED_RESPONSES)
    async def events(self, request: Request) -> Response[bytes]:
        """Public events (published or cancelled, not yet over) as schema.org `Event`s
        in a `DataFeed`; conditional GET by ETag."""
        return _conditional(request, await events_feed())

    @get("/publications.json", media_type=JSON_LD, responses=FEED_RESPONSES)
    async def publications(self, request: Request) -> Response[bytes]:
        """Publications as schema.org `CreativeWork`s in a `DataFeed`."""
        return _conditional(request, await publications_feed())
