"""Reading a congress programme: its slots with the sessions placed in them.

One read gives everything the programme page, the session page, the API, the
calendar feeds and the booklet show, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from congress.enums import FormatKind, SlotKind
from congress.services.abstracts import abstracts_where
from congress.tables import Abstract, Programme, ProgrammeItem, ProgrammeSlot, Room
from congress.views import ContributorView
from events.tables import Event
from werkplaats.i18n import local


@dataclass(frozen=True)
class SessionView:
    id: int  # the programme item's id: /events/{slug}/programma/{id}
    abstract_id: int
    title: str
    abstract: str
    format: FormatKind
    track: dict[str, Any] | None
    room: str
    room_id: int
    capacity: int
    expected_audience: int | None
    overridden: bool
    speakers: list[ContributorView]
    co_authors: list[ContributorView]
    slides_url: str
    publication_url: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    slot_id: int
    slot_title: str

    @property
    def speaker_names(self) -> str:
        return ", ".join(p.name for p in self.speakers)


@dataclass(frozen=True)
class SlotView:
    id: int
    kind: SlotKind
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    teaching_minutes: int
    room: str
    description: str
    sessions: list[SessionView] = field(default_factory=list)

    @property
    def is_parallel(self) -> bool:
        return self.kind is SlotKind.PARALLEL

    def session_in(self, room_id: int) -> SessionView | None:
        return next((s for s in self.sessions if s.room_id == room_id), None)


@dataclass(frozen=True)
class ProgrammeView:
    event_id: int
    event_slug: str
    event_title: str
    published_at: dt.datetime | None
    changed_at: dt.datetime | None
    version: int
    rooms: list[dict[str, Any]]
    slots: list[SlotView]

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def sessions(self) -> list[SessionView]:
        return [s for slot in self.slots for s in slot.sessions]

    @property
    def days(self) -> list[tuple[dt.date, list[SlotView]]]:
        days: dict[dt.date, list[SlotView]] = {}
        for slot in self.slots:
            days.setdefault(local(slot.starts_at).date(), []).append(slot)
        return list(days.items())

    @property
    def teaching_minutes(self) -> int:
        return sum(slot.teaching_minutes for slot in self.slots)

    def rooms_of(self, slots: list[SlotView]) -> list[dict[str, Any]]:
        """The rooms used by these slots' sessions, in the programme's room order."""
        used = {s.room_id for slot in slots for s in slot.sessions}
        return [r for r in self.rooms if r["id"] in used]

    def session(self, item_id: int) -> SessionView | None:
        return next((s for s in self.sessions if s.id == item_id), None)


async def _sessions(slot_ids: list[int]) -> dict[int, list[SessionView]]:
    if not slot_ids:
        return {}
    items = await ProgrammeItem.select(
        *ProgrammeItem.all_columns(),
        ProgrammeItem.room.name.as_alias("room_name"),
        ProgrammeItem.room.capacity.as_alias("room_capacity"),
        ProgrammeItem.room.position.as_alias("room_position"),
        ProgrammeItem.slot.starts_at.as_alias("starts_at"),
        ProgrammeItem.slot.ends_at.as_alias("ends_at"),
        ProgrammeItem.slot.title.as_alias("slot_title"),
    ).where(ProgrammeItem.slot.is_in(slot_ids))
    views = (
        {v.id: v for v in await abstracts_where(Abstract.id.is_in([i["abstract"] for i in items]))}
        if items
        else {}
    )
    found: dict[int, list[SessionView]] = {i: [] for i in slot_ids}
    for item in sorted(items, key=lambda i: (i["room_position"], i["room_name"])):
        a = views[item["abstract"]]
        found[item["slot"]].append(
            SessionView(
                id=item["id"],
                abstract_id=a.id,
                title=a.title,
                abstract=a.abstract,
                format=a.format,
                track=a.track,
                room=item["room_name"],
                room_id=item["room"],
                capacity=item["room_capacity"],
                expected_audience=item["expected_audience"],
                overridden=item["overridden"],
                speakers=a.speakers,
                co_authors=a.co_authors,
                slides_url=a.slides_url,
                publication_url=a.publication_url,
                starts_at=item["starts_at"],
                ends_at=item["ends_at"],
                slot_id=item["slot"],
                slot_title=item["slot_title"],
            )
        )
    return found


async def programme_of(event_id: int) -> ProgrammeView:
    """The programme of an event, published or not (organisers see it being made)."""
    event = await Event.select(Event.slug, Event.title).where(Event.id == event_id).first()
    state = await Programme.select().where(Programme.event == event_id).first()
    rooms = (
        await Room.select().where(Room.event == event_id).order_by(Room.position).order_by(Room.id)
    )
    slots = (
        await ProgrammeSlot.select(
            *ProgrammeSlot.all_columns(), ProgrammeSlot.room.name.as_alias("room_name")
        )
        .where(ProgrammeSlot.event == event_id)
        .order_by(ProgrammeSlot.starts_at)
    )
    sessions = await _sessions([s["id"] for s in slots])
    return ProgrammeView(
        event_id=event_id,
        event_slug=event["slug"],
        event_title=event["title"],
        published_at=state["published_at"] if state else None,
        changed_at=state["changed_at"] if state else None,
        version=state["version"] if state else 0,
        rooms=list(rooms),
        slots=[
            SlotView(
                id=s["id"],
                kind=SlotKind(s["kind"]),
                title=s["title"],
                starts_at=s["starts_at"],
                ends_at=s["ends_at"],
                teaching_minutes=s["teaching_minutes"],
                room=s["room_name"] or "",
                description=s["description"],
                sessions=sessions.get(s["id"], []),
            )
            for s in slots
        ],
    )


async def published_programme(slug: str) -> ProgrammeView | None:
    """The programme of the event `slug` if it has been published."""
    row = (
        await Programme.select(Programme.event)
        .where((Programme.event.slug == slug) & Programme.published_at.is_not_null())
        .first()
    )
    return await programme_of(row["event"]) if row else None
