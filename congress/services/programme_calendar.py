"""The published programme as calendar entries: one VEVENT per session and per
plenary item with teaching time, in the event's feed; a speaker's own sessions in
their personal feed."""

from __future__ import annotations

from congress.enums import ContributorRole
from congress.services.programme_view import (
    ProgrammeView,
    SessionView,
    SlotView,
    published_programme,
)
from congress.tables import Contributor, ProgrammeItem
from congress.views import session_path
from events.ical_text import CalendarEntry
from werkplaats.settings import get_settings


def _entry(
    programme: ProgrammeView, item: SessionView | SlotView, *, kind: str, path: str, text: str
) -> CalendarEntry:
    """A session or a plenary item as an entry: versioned with the programme."""
    settings = get_settings()
    return CalendarEntry(
        uid=f"congress-{kind}-{item.id}@{settings.host}",
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        last_modified=programme.changed_at or item.starts_at,
        sequence=programme.version,
        summary=item.title,
        location=item.room,
        url=f"{settings.base_url}{path}",
        description=text,
        status="CONFIRMED",
    )


def _session_entry(programme: ProgrammeView, session: SessionView) -> CalendarEntry:
    path = session_path(programme.event_slug, session.id)
    return _entry(programme, session, kind="session", path=path, text=session.speaker_names)


def _slot_entry(programme: ProgrammeView, slot: SlotView) -> CalendarEntry:
    path = f"/events/{programme.event_slug}#programma"
    return _entry(programme, slot, kind="slot", path=path, text=slot.description)


def programme_entries(programme: ProgrammeView) -> list[CalendarEntry]:
    entries: list[CalendarEntry] = []
    for slot in programme.slots:
        if slot.is_parallel:
            entries += [_session_entry(programme, s) for s in slot.sessions]
        elif slot.teaching_minutes:
            entries.append(_slot_entry(programme, slot))
    return entries


async def speaker_entries(email: str) -> list[CalendarEntry]:
    """The sessions `email` speaks in, in every published programme."""
    rows = await Contributor.select(Contributor.abstract).where(
        (Contributor.email == email.strip().lower()) & (Contributor.role == ContributorRole.SPEAKER)
    )
    if not rows:
        return []
    placed = await ProgrammeItem.select(ProgrammeItem.id).where(
        ProgrammeItem.abstract.is_in([r["abstract"] for r in rows])
    )
    return await session_entries([p["id"] for p in placed])


async def session_entries(item_ids: list[int]) -> list[CalendarEntry]:
    """The VEVENTs of these sessions, from their published programmes."""
    if not item_ids:
        return []
    placed = await ProgrammeItem.select(
        ProgrammeItem.id, ProgrammeItem.slot.event.slug.as_alias("slug")
    ).where(ProgrammeItem.id.is_in(item_ids))
    wanted = set(item_ids)
    entries = []
    for slug in sorted({p["slug"] for p in placed}):
        programme = await published_programme(slug)
        if programme is not None:
            entries += [_session_entry(programme, s) for s in programme.sessions if s.id in wanted]
    return entries
