"""What this Werkplaats publishes for the others: its public events and its
publications as schema.org JSON-LD `DataFeed`s. Drafts never; nothing personal (the
event and publication shapes leave out contacts, meeting links and registrations).

The body is the same bytes while nothing changed, so its hash is the ETag and a
source that asks again with `If-None-Match` gets a 304 and no body.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from events.schema_org import SCHEMA, organiser
from events.schema_org import event_json_ld as event_item
from events.services.catalogue.listing import list_events
from mailings.schema_org import publication_json_ld as publication_item
from mailings.services.publications import list_publications
from werkplaats.settings import get_settings

MAX_ITEMS = 2000  # what a reader takes at most (federation.fetch); never more here
EVENTS_PATH = "/api/v1/federation/events.json"
PUBLICATIONS_PATH = "/api/v1/federation/publications.json"


def _feed(path: str, items: list[dict[str, Any]]) -> bytes:
    for item in items:
        item.pop("@context", None)  # the feed's own context holds for every element
    doc = {
        "@context": SCHEMA,
        "@type": "DataFeed",
        "@id": f"{get_settings().base_url}{path}",
        "name": get_settings().site_name,
        "publisher": organiser(),
        "dataFeedElement": items,
    }
    return json.dumps(doc, ensure_ascii=False, sort_keys=True).encode()


async def events_feed() -> bytes:
    """Upcoming and running events, cancelled ones too (so a reader learns it)."""
    events = await list_events(past=False, limit=MAX_ITEMS)
    return _feed(EVENTS_PATH, [event_item(event) for event in events])


async def publications_feed() -> bytes:
    publications = await list_publications(limit=MAX_ITEMS)
    return _feed(PUBLICATIONS_PATH, [publication_item(p) for p in publications])


def body_etag(body: bytes) -> str:
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'
