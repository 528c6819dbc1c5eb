"""A publication as schema.org `CreativeWork` (JSON-LD): on its page, and in the
federation feed other Werkplaatsen read. `url` is where it is read; the page here is
`mainEntityOfPage`."""

from __future__ import annotations

from typing import Any

from events.schema_org import SCHEMA, organiser
from mailings.atom import entry_id
from mailings.views import PublicationView
from werkplaats.settings import get_settings


def publication_json_ld(publication: PublicationView) -> dict[str, Any]:
    page = f"{get_settings().base_url}{publication.page_path}"
    found: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "CreativeWork",
        "@id": page,
        "identifier": entry_id(publication),
        "name": publication.title,
        "url": publication.url,
        "mainEntityOfPage": page,
        "author": [{"@type": "Person", "name": name} for name in publication.author_names],
        "publisher": organiser(),
        "abstract": publication.summary,
        "keywords": [theme["name"] for theme in publication.themes],
        "genre": publication.kind.value,
        "inLanguage": "nl",
        "dateModified": publication.updated_at.isoformat(),
    }
    if publication.published_on:
        found["datePublished"] = publication.published_on.isoformat()
    return found
