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


def atom_element(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def atom_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _published(publication: PublicationView) -> str:
    if publication.published_on is None:
        return atom_time(publication.created_at)
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
    atom_element(feed, "title", title)
    atom_element(feed, "id", f"{base}{self_path}")
    atom_element(feed, "link", rel="self", type="application/atom+xml", href=f"{base}{self_path}")
    atom_element(feed, "link", rel="alternate", type="text/html", href=f"{base}{page_path}")
    updated = max((p.updated_at for p in publications), default=EMPTY_FEED_UPDATED)
    atom_element(feed, "updated", atom_time(updated))
    author = atom_element(feed, "author")
    atom_element(author, "name", _("Werkplaats Sociaal Domein"))
    atom_element(author, "uri", base)
    for publication in publications:
        entry = atom_element(feed, "entry")
        atom_element(entry, "title", publication.title)
        atom_element(entry, "id", entry_id(publication))
        atom_element(entry, "link", rel="alternate", href=publication.url)
        atom_element(
            entry, "link", rel="related", type="text/html", href=f"{base}{publication.page_path}"
        )
        atom_element(entry, "published", _published(publication))
        atom_element(entry, "updated", atom_time(publication.updated_at))
        for name in publication.author_names:
            atom_element(atom_element(entry, "author"), "name", name)
        if publication.summary:
            atom_element(entry, "summary", publication.summary, type="text")
        atom_element(
            entry, "category", term=publication.kind.value, label=_(publication.kind.label)
        )
        for theme in publication.themes:
            atom_element(entry, "category", term=theme["slug"], label=theme["name"])
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
