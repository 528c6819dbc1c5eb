"""JSON shapes of the events API. Unknown fields are refused (422)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

import annotated_types as at
import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

from events.enums import EventKind, EventStatus
from events.services.catalogue.rules import MAX_CAPACITY, MAX_HOURS, MAX_POINTS, TEXT_LIMITS
from events.views import EventView
from werkplaats.settings import get_settings

Title = Annotated[str, Meta(min_length=1, max_length=200)]
ShortText = Annotated[str, Meta(max_length=500)]
# Bounds the schema states and the service checks: `annotated_types` marks are read by
# the OpenAPI schema only (msgspec ignores them), so a value out of bounds still gets
# the service's own field message in the caller's language.
Places = Annotated[int, at.Ge(0), at.Le(MAX_CAPACITY)]
Points = Annotated[float, at.Ge(0), at.Le(float(MAX_POINTS))]
Hours = Annotated[float, at.Gt(0), at.Le(float(MAX_HOURS))]
Description = Annotated[str, at.MaxLen(TEXT_LIMITS["description"])]


class VenueIn(Struct, forbid_unknown_fields=True, kw_only=True):
    name: Annotated[str, Meta(min_length=1, max_length=200)]
    address: Annotated[str, Meta(max_length=200)] = ""
    city: Annotated[str, Meta(max_length=100)] = ""


class EventCreate(Struct, forbid_unknown_fields=True, kw_only=True):
    title: Title
    kind: EventKind
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: EventStatus = EventStatus.DRAFT
    slug: str | None = None
    summary: ShortText = ""
    description: Description = ""
    capacity: Places | None = None
    themes: list[str] = []
    venue: VenueIn | None = None
    online_url: ShortText = ""
    registration_opens_at: dt.datetime | None = None
    registration_closes_at: dt.datetime | None = None
    moderated: bool = False
    contact_name: Annotated[str, Meta(max_length=200)] = ""
    contact_email: Annotated[str, Meta(max_length=254)] = ""
    accreditation_id: Annotated[str, Meta(max_length=50)] = ""
    accreditation_points: Points | None = None
    net_hours: Hours | None = None


class EventPatch(Struct, forbid_unknown_fields=True, kw_only=True):
    title: Title | UnsetType = UNSET
    kind: EventKind | UnsetType = UNSET
    starts_at: dt.datetime | UnsetType = UNSET
    ends_at: dt.datetime | UnsetType = UNSET
    status: EventStatus | UnsetType = UNSET
    slug: str | UnsetType = UNSET
    summary: ShortText | UnsetType = UNSET
    description: Description | UnsetType = UNSET
    capacity: Places | UnsetType | None = UNSET
    themes: list[str] | UnsetType = UNSET
    venue: VenueIn | UnsetType | None = UNSET
    online_url: ShortText | UnsetType = UNSET
    registration_opens_at: dt.datetime | UnsetType | None = UNSET
    registration_closes_at: dt.datetime | UnsetType | None = UNSET
    moderated: bool | UnsetType = UNSET
    contact_name: Annotated[str, Meta(max_length=200)] | UnsetType = UNSET
    contact_email: Annotated[str, Meta(max_length=254)] | UnsetType = UNSET
    accreditation_id: Annotated[str, Meta(max_length=50)] | UnsetType = UNSET
    accreditation_points: Points | UnsetType | None = UNSET
    net_hours: Hours | UnsetType | None = UNSET


def to_values(data: EventCreate | EventPatch) -> dict[str, Any]:
    """The given fields as plain typed values for the catalogue service."""
    values = {
        name: getattr(data, name)
        for name in data.__struct_fields__
        if getattr(data, name) is not UNSET
    }
    if isinstance(values.get("venue"), VenueIn):
        values["venue"] = msgspec.structs.asdict(values["venue"])
    return values


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class VenueOut(Struct):
    name: str
    address: str
    postal_code: str
    city: str


class EventOut(Struct):
    slug: str
    title: str
    kind: EventKind
    status: EventStatus
    summary: str
    description: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: VenueOut | None
    online_url: str
    capacity: int | None
    themes: list[str]
    registration_opens_at: dt.datetime | None
    registration_closes_at: dt.datetime | None
    moderated: bool
    contact_name: str
    contact_email: str
    accreditation_id: str
    accreditation_points: float | None
    net_hours: float | None
    url: str

    @classmethod
    def from_view(cls, event: EventView) -> EventOut:
        venue = event.venue
        return cls(
            slug=event.slug,
            title=event.title,
            kind=event.kind,
            status=event.status,
            summary=event.summary,
            description=event.description,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            venue=VenueOut(venue["name"], venue["address"], venue["postal_code"], venue["city"])
            if venue
            else None,
            online_url=event.online_url,
            capacity=event.capacity,
            themes=[t["slug"] for t in event.themes],
            registration_opens_at=event.registration_opens_at,
            registration_closes_at=event.registration_closes_at,
            moderated=event.moderated,
            contact_name=event.contact_name,
            contact_email=event.contact_email,
            accreditation_id=event.accreditation_id,
            accreditation_points=_number(event.accreditation_points),
            net_hours=_number(event.net_hours),
            url=f"{get_settings().base_url}/events/{event.slug}",
        )
