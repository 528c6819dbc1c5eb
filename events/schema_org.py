"""An event as schema.org `Event` (JSON-LD): on the event page for search engines,
and in the federation feed that other Werkplaatsen read.

Public facts only: no contact address, no online meeting link (that is on the
attendee's own page), nothing about who registered. Times carry their offset in
Europe/Amsterdam. The registration is at the origin: `offers.url` is the event page.
"""

from __future__ import annotations

from typing import Any

from events.enums import EventStatus
from events.ical import event_url
from events.views import EventView
from werkplaats.i18n import local
from werkplaats.settings import get_settings

SCHEMA = "https://schema.org"
EVENT_STATUS = {
    EventStatus.PUBLISHED: f"{SCHEMA}/EventScheduled",
    EventStatus.CANCELLED: f"{SCHEMA}/EventCancelled",
}


def event_identifier(event: EventView) -> str:
    """Stable when the title or slug changes, like the calendar's UID."""
    return f"event-{event.id}@{get_settings().host}"


def _attendance_mode(event: EventView) -> str:
    if event.is_hybrid:
        return f"{SCHEMA}/MixedEventAttendanceMode"
    if event.venue:
        return f"{SCHEMA}/OfflineEventAttendanceMode"
    return f"{SCHEMA}/OnlineEventAttendanceMode"


def _location(event: EventView, url: str) -> list[dict[str, Any]]:
    places: list[dict[str, Any]] = []
    if event.venue:
        places.append(
            {
                "@type": "Place",
                "name": event.venue["name"],
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": event.venue["address"],
                    "postalCode": event.venue["postal_code"],
                    "addressLocality": event.venue["city"],
                    "addressCountry": "NL",
                },
            }
        )
    if event.online_url or not event.venue:
        places.append({"@type": "VirtualLocation", "url": url})
    return places


def organiser() -> dict[str, Any]:
    settings = get_settings()
    found = {"@type": "Organization", "name": settings.site_name, "url": settings.base_url}
    if settings.site_region:
        found["areaServed"] = settings.site_region
    return found


def event_json_ld(event: EventView) -> dict[str, Any]:
    url = event_url(event, base_url=get_settings().base_url)
    offer: dict[str, Any] = {
        "@type": "Offer",
        "url": url,
        "price": "0",
        "priceCurrency": "EUR",
        "availability": f"{SCHEMA}/InStock",
    }
    if event.registration_opens_at:
        offer["validFrom"] = local(event.registration_opens_at).isoformat()
    found: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Event",
        "@id": url,
        "identifier": event_identifier(event),
        "name": event.title,
        "description": event.summary,
        "startDate": local(event.starts_at).isoformat(),
        "endDate": local(event.ends_at).isoformat(),
        "eventStatus": EVENT_STATUS.get(event.status, f"{SCHEMA}/EventScheduled"),
        "eventAttendanceMode": _attendance_mode(event),
        "location": _location(event, url),
        "organizer": organiser(),
        "url": url,
        "offers": offer,
        "isAccessibleForFree": True,
        "additionalType": event.kind.value,
        "keywords": [theme["name"] for theme in event.themes],
        "inLanguage": "nl",
        "dateModified": event.updated_at.isoformat(),
    }
    if event.registration_closes_at:
        offer["validThrough"] = local(event.registration_closes_at).isoformat()
    return found
