"""Publications as an Atom feed (RFC 4287) that a national site or a reader takes as is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from xml.etree import ElementTree as ET

from mailings.views import PublicationView
from werkplaats.i18n import _
from werkplaats.settings import get_settings

ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)
EMPTY_FEED_UPDATED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # a fixed moment: no churn


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _published(publication: PublicationView) -> str:
    if publication.published_on is None:
        return _stamp(publication.created_at)
    return f"{publication.published_on.isoformat()}T00:00:00Z"


def entry_id(publication: PublicationView) -> str:
    """A tag URI (RFC 4151) from the id and the day it was added: stable when the
    title, slug or address changes."""
    added = f"{publication.created_at:%Y-%m-%d}"
    return f"tag:{get_settings().host},{added}:publicatie:{publication.id}"


def publications_feed(
    publications: Sequence[PublicationView], *, title: str, self_path: str, page_path: str
) -> bytes:
    base = get_settings().base_url
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "nl"})
    _sub(feed, "title", title)
    _sub(feed, "id", f"{base}{self_path}")
    _sub(feed, "link", rel="self", type="application/atom+xml", href=f"{base}{self_path}")
    _sub(feed, "link", rel="alternate", type="text/html", href=f"{base}{page_path}")
    updated = max((p.updated_at for p in publications), default=EMPTY_FEED_UPDATED)
    _sub(feed, "updated", _stamp(updated))
    author = _sub(feed, "author")
    _sub(author, "name", _("Werkplaats Sociaal Domein"))
    _sub(author, "uri", base)
    for publication in publications:
        entry = _sub(feed, "entry")
        _sub(entry, "title", publication.title)
        _sub(entry, "id", entry_id(publication))
        _sub(entry, "link", rel="alternate", href=publication.url)
        _sub(entry, "link", rel="related", type="text/html", href=f"{base}{publication.page_path}")
        _sub(entry, "published", _published(publication))
        _sub(entry, "updated", _stamp(publication.updated_at))
        for name in publication.author_names:
            _sub(_sub(entry, "author"), "name", name)
        if publication.summary:
            _sub(entry, "summary", publication.summary, type="text")
        _sub(entry, "category", term=publication.kind.value, label=_(publication.kind.label))
        for theme in publication.themes:
            _sub(entry, "category", term=theme["slug"], label=theme["name"])
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
