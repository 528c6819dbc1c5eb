"""Reading another Werkplaats's feed: schema.org JSON-LD as our own feeds write it
(a `DataFeed` of `Event`s or `CreativeWork`s, or a bare list of them).

Each item is checked on its own: one without an id, a name, a time with its offset or
a web address is skipped with a reason the organiser sees, and the rest are kept.
Every field comes out as plain text: tags are taken out and entities read, and the
pages escape it again, so nothing a source sends is ever HTML here.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from werkplaats.i18n import N_

MAX_ITEMS = 2000
TAG = re.compile(r"<[^>]*>")
CODE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)  # what they hold is no text
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
PUBLICATION_TYPES = {"CreativeWork", "Article", "Report", "Book", "VideoObject", "Guide"}

NOT_JSON = N_("The feed is not valid JSON.")
NO_ITEMS = N_("The feed holds no list of items (dataFeedElement).")
TOO_MANY = N_("More than 2,000 items: the rest was left out.")
WRONG_TYPE = N_("Not of the expected schema.org type.")
NO_ID = N_("No identifier.")
DUPLICATE = N_("The same identifier as an earlier item.")
NO_NAME = N_("No name.")
BAD_URL = N_("No web address, or not http(s).")
BAD_START = N_("No start time with its time zone.")
BAD_END = N_("Ends before it starts, or an end time without time zone.")


class FeedError(ValueError):
    """The feed as a whole cannot be read: the last good copy stays."""


@dataclass
class Parsed:
    items: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)  # {"id", "reason"}


class Skip(Exception):
    pass


def plain(value: Any, limit: int) -> str:
    """Text without tags, entities read, control characters out, at most `limit`."""
    if not isinstance(value, str):
        return ""
    text = html.unescape(TAG.sub(" ", CODE.sub(" ", value)))
    text = CONTROL.sub("", text.replace("\r\n", "\n"))
    return re.sub(r"[ \t]+", " ", text).strip()[:limit]


def web_url(value: Any) -> str:
    if not isinstance(value, str) or len(value) > 500:
        return ""
    parts = urlsplit(value.strip())
    return value.strip() if parts.scheme in {"http", "https"} and parts.netloc else ""


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _types(item: dict[str, Any]) -> set[str]:
    found = item.get("@type")
    names = found if isinstance(found, list) else [found]
    return {name.rsplit("/", 1)[-1] for name in names if isinstance(name, str)}


def _moment(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip())
        return moment.astimezone(dt.UTC) if moment.tzinfo else None
    except (ValueError, OverflowError):  # year 9999 at +14:00 is past what UTC can hold
        return None


def _keywords(value: Any) -> list[str]:
    names = value.split(",") if isinstance(value, str) else value
    if not isinstance(names, list):
        return []
    return [name for name in (plain(n, 150) for n in names[:20]) if name]


def _elements(body: bytes) -> list[Any]:
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedError(NOT_JSON) from exc
    if isinstance(doc, dict):
        doc = doc.get("dataFeedElement")
    if not isinstance(doc, list):
        raise FeedError(NO_ITEMS)
    return [
        element.get("item", element) if isinstance(element, dict) else element for element in doc
    ]


def _read(body: bytes, read_one: Any) -> Parsed:
    parsed, seen = Parsed(), set()
    elements = _elements(body)
    if len(elements) > MAX_ITEMS:
        parsed.skipped.append({"id": "", "reason": TOO_MANY})
    for position, element in enumerate(elements[:MAX_ITEMS], start=1):
        label = str(position)
        try:
            if not isinstance(element, dict):
                raise Skip(WRONG_TYPE)
            remote_id = plain(element.get("identifier") or element.get("@id") or "", 300)
            label = remote_id or f"#{position}"
            if not remote_id:
                raise Skip(NO_ID)
            if remote_id in seen:
                raise Skip(DUPLICATE)
            item = read_one(element)
        except Skip as skip:
            parsed.skipped.append({"id": label, "reason": str(skip)})
            continue
        seen.add(remote_id)
        parsed.items.append({"remote_id": remote_id, **item})
    return parsed


def _named(element: dict[str, Any], types: set[str]) -> tuple[str, str]:
    if not _types(element) & types:
        raise Skip(WRONG_TYPE)
    name = plain(element.get("name"), 300)
    if not name:
        raise Skip(NO_NAME)
    url = web_url(element.get("url"))
    if not url:
        raise Skip(BAD_URL)
    return name, url


def _place(element: dict[str, Any]) -> dict[str, Any]:
    places = element.get("location")
    places = places if isinstance(places, list) else [places]
    found = {"place": "", "city": "", "online": False}
    for place in places[:5]:
        if not isinstance(place, dict):
            continue
        if "VirtualLocation" in _types(place):
            found["online"] = True
            continue
        found["place"] = found["place"] or plain(place.get("name"), 300)
        address = place.get("address")
        if isinstance(address, dict) and not found["city"]:
            found["city"] = plain(address.get("addressLocality"), 150)
    return found


def _event(element: dict[str, Any]) -> dict[str, Any]:
    name, url = _named(element, {"Event"})
    starts_at = _moment(element.get("startDate"))
    if starts_at is None:
        raise Skip(BAD_START)
    ends_at = _moment(element.get("endDate")) if element.get("endDate") else starts_at
    if ends_at is None or ends_at < starts_at:
        raise Skip(BAD_END)
    offer = _first(element.get("offers"))
    organiser = _first(element.get("organizer"))
    status = element.get("eventStatus")
    return {
        "name": name,
        "description": plain(element.get("description"), 2000),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "cancelled": isinstance(status, str) and status.endswith("EventCancelled"),
        "kind": plain(_first(element.get("additionalType")), 60),
        "themes": _keywords(element.get("keywords")),
        **_place(element),
        "url": url,
        "registration_url": web_url(offer.get("url")) if isinstance(offer, dict) else "",
        "organiser": plain(organiser.get("name"), 200) if isinstance(organiser, dict) else "",
    }


def _authors(value: Any) -> str:
    people = value if isinstance(value, list) else [value]
    names = [plain(p.get("name") if isinstance(p, dict) else p, 200) for p in people[:20]]
    return ", ".join(name for name in names if name)[:500]


def _publication(element: dict[str, Any]) -> dict[str, Any]:
    name, url = _named(element, PUBLICATION_TYPES)
    published = element.get("datePublished")
    try:
        published_on = dt.date.fromisoformat(published[:10]) if isinstance(published, str) else None
    except ValueError:
        published_on = None
    return {
        "name": name,
        "url": url,
        "authors": _authors(element.get("author")),
        "published_on": published_on,
        "abstract": plain(element.get("abstract") or element.get("description"), 2000),
        "themes": _keywords(element.get("keywords")),
        "genre": plain(_first(element.get("genre")), 60),
    }


def parse_events(body: bytes) -> Parsed:
    return _read(body, _event)


def parse_publications(body: bytes) -> Parsed:
    return _read(body, _publication)
