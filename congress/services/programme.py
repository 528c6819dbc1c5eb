"""Making a congress programme: rooms, slots, placing accepted contributions, publishing.

Placing is checked under the event's programme lock (`programme:{event}`), where
it reads what is placed already: a speaker in two places at once, a room used
twice in one round, a room smaller than the expected audience are warnings that
stop the placement unless the organiser explicitly overrides them; then the
override is recorded on the item. Every change raises the programme's version (the
calendars' SEQUENCE, the booklet's key).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from congress.enums import AbstractState, ContributorRole, SlotKind
from congress.services.programme_sessions import publish_sessions, unpublish_session
from congress.services.programme_view import programme_of
from congress.services.speaker_ribbons import give_speaker_ribbons
from congress.tables import Abstract, Contributor, Programme, ProgrammeItem, ProgrammeSlot, Room
from events.services.catalogue.events import update_event
from events.tables import Event
from werkplaats.db import atomic, lock
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _


class PlacementWarnings(Exception):
    """The placement would clash; nothing was written. `warnings` say why."""

    def __init__(self, warnings: list[str]) -> None:
        super().__init__(warnings)
        self.warnings = warnings


def programme_lock(event_id: int) -> str:
    return f"programme:{event_id}"


async def touch_programme(event_id: int) -> None:
    """Record a change: a new version, now."""
    now = dt.datetime.now(dt.UTC)
    changed = (
        await Programme.update(
            {Programme.version: Programme.version + 1, Programme.changed_at: now}
        )
        .where(Programme.event == event_id)
        .returning(Programme.id)
    )
    if not changed:
        await Programme.insert(Programme(event=event_id, changed_at=now, version=1))


async def add_room(event_id: int, *, name: str, capacity: int) -> int:
    errors: dict[str, str] = {}
    if not name.strip() or len(name.strip()) > 100:
        errors["room_name"] = _("Enter the room's name (at most 100 characters).")
    if not 1 <= capacity <= 5000:
        errors["room_capacity"] = _("Enter a capacity from 1 to 5000.")
    if errors:
        raise FieldErrors(errors)
    async with atomic():
        rows = await Room.insert(
            Room(
                event=event_id,
                name=name.strip(),
                capacity=capacity,
                position=await Room.count().where(Room.event == event_id),
            )
        ).returning(Room.id)
        await touch_programme(event_id)
    return rows[0]["id"]


async def add_slot(
    event_id: int,
    *,
    kind: SlotKind,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    teaching_minutes: int,
    room_id: int | None = None,
    description: str = "",
) -> int:
    """A parallel round or a plenary item; its times must lie within the event."""
    event = await Event.select(Event.starts_at, Event.ends_at).where(Event.id == event_id).first()
    errors: dict[str, str] = {}
    if not title.strip():
        errors["slot_title"] = _("Enter a title, e.g. Ronde 1 or Lunch.")
    if ends_at <= starts_at:
        errors["slot_ends_at"] = _("The end must be after the start.")
    elif starts_at < event["starts_at"] or ends_at > event["ends_at"]:
        errors["slot_starts_at"] = _("The slot must lie within the event's times.")
    elif not 0 <= teaching_minutes <= (ends_at - starts_at).total_seconds() / 60:
        errors["teaching_minutes"] = _("Net teaching minutes go from 0 to the slot's length.")
    if errors:
        raise FieldErrors(errors)
    async with atomic():
        rows = await ProgrammeSlot.insert(
            ProgrammeSlot(
                event=event_id,
                kind=kind,
                title=title.strip(),
                starts_at=starts_at,
                ends_at=ends_at,
                teaching_minutes=teaching_minutes,
                room=room_id,
                description=description.strip(),
            )
        ).returning(ProgrammeSlot.id)
        await touch_programme(event_id)
    return rows[0]["id"]


async def _speaker_emails(abstract_ids: list[int]) -> dict[int, set[str]]:
    rows = (
        await Contributor.select(Contributor.abstract, Contributor.email).where(
            Contributor.abstract.is_in(abstract_ids) & (Contributor.role == ContributorRole.SPEAKER)
        )
        if abstract_ids
        else []
    )
    found: dict[int, set[str]] = {a: set() for a in abstract_ids}
    for row in rows:
        found[row["abstract"]].add(row["email"])
    return found


async def _warnings(
    event_id: int, abstract_id: int, slot: dict, room: dict, expected: int | None
) -> list[str]:
    programme = await programme_of(event_id)
    at_once = [
        s
        for other in programme.slots
        if other.starts_at < slot["ends_at"] and slot["starts_at"] < other.ends_at
        for s in other.sessions
        if s.abstract_id != abstract_id
    ]
    warnings = [
        _("{room} is already used then, for “{title}”.").format(room=room["name"], title=s.title)
        for s in at_once
        if s.room_id == room["id"]
    ]
    emails = await _speaker_emails([abstract_id, *[s.abstract_id for s in at_once]])
    for s in at_once:
        for email in sorted(emails[abstract_id] & emails[s.abstract_id]):
            name = next((p.name for p in s.speakers if p.email == email), email)
            warnings.append(
                _("{name} speaks at the same time in “{title}”.").format(name=name, title=s.title)
            )
    if expected is not None and expected > room["capacity"]:
        warnings.append(
            _("{room} holds {capacity}; {expected} are expected.").format(
                room=room["name"], capacity=room["capacity"], expected=expected
            )
        )
    return warnings


async def place_contribution(
    abstract_id: int,
    *,
    slot_id: int,
    room_id: int,
    expected_audience: int | None = None,
    override: bool = False,
) -> list[str]:
    """Place (or move) an accepted contribution; the warnings it was placed despite.

    Raises PlacementWarnings (nothing written) when it clashes and `override` is
    not set; FieldErrors for a slot, room or abstract that does not fit at all.
    """
    abstract = (
        await Abstract.select(Abstract.state, Abstract.call.event.as_alias("event"))
        .where(Abstract.id == abstract_id)
        .first()
    )
    if abstract is None:
        raise LookupError(abstract_id)
    event_id = abstract["event"]
    async with atomic():
        await lock(programme_lock(event_id))
        slot = (
            await ProgrammeSlot.select()
            .where((ProgrammeSlot.id == slot_id) & (ProgrammeSlot.event == event_id))
            .first()
        )
        room = await Room.select().where((Room.id == room_id) & (Room.event == event_id)).first()
        errors: dict[str, str] = {}
        if abstract["state"] != AbstractState.ACCEPTED:
            errors["abstract"] = _("Only accepted contributions can be placed.")
        if slot is None or slot["kind"] != SlotKind.PARALLEL:
            errors["slot"] = _("Choose one of the parallel rounds.")
        if room is None:
            errors["room"] = _("Choose one of the rooms.")
        if expected_audience is not None and not 0 <= expected_audience <= 5000:
            errors["expected_audience"] = _("Enter a number from 0 to 5000.")
        if errors:
            raise FieldErrors(errors)
        warnings = await _warnings(event_id, abstract_id, slot, room, expected_audience)
        if warnings and not override:
            raise PlacementWarnings(warnings)
        values = {
            ProgrammeItem.slot: slot_id,
            ProgrammeItem.room: room_id,
            ProgrammeItem.expected_audience: expected_audience,
            ProgrammeItem.overridden: bool(warnings),
            ProgrammeItem.placed_at: dt.datetime.now(dt.UTC),
        }
        moved = (
            await ProgrammeItem.update(values)
            .where(ProgrammeItem.abstract == abstract_id)
            .returning(ProgrammeItem.id)
        )
        if not moved:
            await ProgrammeItem.insert(
                ProgrammeItem(abstract=abstract_id, **{c._meta.name: v for c, v in values.items()})
            )
        await touch_programme(event_id)
    return warnings


async def remove_contribution(abstract_id: int) -> bool:
    row = (
        await ProgrammeItem.select(ProgrammeItem.slot.event.as_alias("event"))
        .where(ProgrammeItem.abstract == abstract_id)
        .first()
    )
    if row is None:
        return False
    async with atomic():
        await lock(programme_lock(row["event"]))
        await unpublish_session(row["id"])
        await ProgrammeItem.delete().where(ProgrammeItem.abstract == abstract_id)
        await touch_programme(row["event"])
    return True


def net_hours(teaching_minutes: int) -> Decimal:
    """Net teaching time in hours, to a tenth (what Event.net_hours holds)."""
    return (Decimal(teaching_minutes) / 60).quantize(Decimal("0.1"))


async def publish_programme(event_id: int) -> None:
    """Make the programme public; the event's net hours become its teaching time, and
    each session becomes one of the event's sessions (its door check-in)."""
    async with atomic():
        await lock(programme_lock(event_id))
        programme = await programme_of(event_id)
        await publish_sessions(programme)
        await give_speaker_ribbons(event_id)
        await touch_programme(event_id)
        await Programme.update({Programme.published_at: dt.datetime.now(dt.UTC)}).where(
            Programme.event == event_id
        )
        if programme.teaching_minutes:
            await update_event(
                programme.event_slug, {"net_hours": net_hours(programme.teaching_minutes)}
            )
