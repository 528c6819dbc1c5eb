"""The national agenda as a calendar feed (iCalendar) and the national catalogue as
an Atom feed, so a professional subscribes once for the whole country or one theme."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from xml.etree import ElementTree as ET

from events.ical import feed_ics
from events.ical_text import CalendarEntry, utc
from federation.services.agenda import AgendaEvent, AgendaPublication
from mailings.atom import ATOM, EMPTY_FEED_UPDATED, atom_element, atom_time
from werkplaats.i18n import _
from werkplaats.settings import get_settings

UID_CHARACTERS = re.compile(r"[^A-Za-z0-9@._:/-]")


def _entry(item: AgendaEvent) -> CalendarEntry:
    label = item.werkplaats.name
    description = (
        f"{item.summary}\n\n{label}\n{item.url}" if item.summary else f"{label}\n{item.url}"
    )
    return CalendarEntry(
        uid=UID_CHARACTERS.sub("-", item.uid)[:250],
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        last_modified=utc(item.werkplaats.copied_at or item.starts_at),
        sequence=0,
        summary=item.title,
        location=item.where,
        url=item.url,
        description=description,
        status="CANCELLED" if item.cancelled else "CONFIRMED",
    )


def agenda_ics(items: Sequence[AgendaEvent]) -> bytes:
    return feed_ics(
        [_entry(item) for item in items],
        name=_("National agenda of the Werkplaatsen Sociaal Domein"),
        description=_("Events of every Werkplaats Sociaal Domein in one calendar."),
    )


def _published(item: AgendaPublication) -> dt.datetime:
    if item.published_on is None:
        return EMPTY_FEED_UPDATED
    return dt.datetime.combine(item.published_on, dt.time(), tzinfo=dt.UTC)


def catalogue_atom(items: Sequence[AgendaPublication], *, self_path: str) -> bytes:
    base = get_settings().base_url
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "nl"})
    atom_element(feed, "title", _("Publications of the Werkplaatsen Sociaal Domein"))
    atom_element(feed, "id", f"{base}{self_path}")
    atom_element(feed, "link", rel="self", type="application/atom+xml", href=f"{base}{self_path}")
    atom_element(
        feed, "link", rel="alternate", type="text/html", href=f"{base}/landelijk/publicaties"
    )
    atom_element(
        feed, "updated", atom_time(max(map(_published, items), default=EMPTY_FEED_UPDATED))
    )
    atom_element(atom_element(feed, "author"), "name", get_settings().site_name)
    for item in items:
        entry = atom_element(feed, "entry")
        atom_element(entry, "title", item.title)
        atom_element(entry, "id", item.url)
        atom_element(entry, "link", rel="alternate", href=item.url)
        atom_element(entry, "updated", atom_time(_published(item)))
        for name in [n.strip() for n in item.authors.split(",") if n.strip()] or [
            item.werkplaats.name
        ]:
            atom_element(atom_element(entry, "author"), "name", name)
        if item.summary:
            atom_element(entry, "summary", item.summary, type="text")
        atom_element(entry, "category", term=item.werkplaats.name, label=item.werkplaats.name)
        for theme in item.themes:
            atom_element(entry, "category", term=theme, label=theme)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
