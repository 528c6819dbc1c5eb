"""Session choice on events' pages, feeds and badges, through `events.hooks`."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from congress.registration_section import SECTION, rounds_of
from congress.services.programme_calendar import session_entries
from congress.services.session_choice import chosen_items, drop_choices, my_sessions
from congress.services.speaker_ribbons import give_speaker_ribbons
from congress.tables import ProgrammeItem, SessionChoice
from events import hooks
from events.enums import RegistrationStatus
from events.ical_text import CalendarEntry
from events.views import EventView, RegistrationView
from werkplaats.i18n import _
from werkplaats.render import render


@hooks.registration_form_sections.register
async def workshop_section(event: EventView) -> list[hooks.FormSection]:
    return [SECTION]


@hooks.personal_page_panels.register
async def my_workshops(registration: RegistrationView) -> list[hooks.Panel]:
    """The sessions chosen, and the choice per round while the registration may change."""
    rounds = await rounds_of(registration.event)
    if not rounds:
        return []
    mine = await my_sessions(registration.id, registration.event.slug)
    html = render(
        "congress/_my_sessions.html",
        r=registration,
        rounds=rounds,
        mine=mine,
    )
    return [hooks.Panel("workshops", _("Your workshops"), Markup(html))]


@hooks.registration_changed.register
async def free_places_of_cancelled(change: hooks.RegistrationChange) -> None:
    """A cancelled or rejected registration gives its session places back; a new one
    by a speaker of the programme gets the speaker ribbon."""
    if change.new in (RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED):
        await drop_choices(change.registration_id)
    elif change.old is None:
        await give_speaker_ribbons(change.event_id, registration_id=change.registration_id)


@hooks.personal_calendar_entries.register
async def chosen_sessions(email: str) -> list[CalendarEntry]:
    rows = await SessionChoice.select(SessionChoice.item).where(
        (SessionChoice.registration.email == email.strip().lower())
        & SessionChoice.registration.status.is_in(
            [
                RegistrationStatus.REGISTERED,
                RegistrationStatus.WAITLISTED,
                RegistrationStatus.PENDING,
            ]
        )
    )
    return await session_entries([r["item"] for r in rows])


@hooks.badge_lines.register
async def workshop_lines(registration_ids: Sequence[int]) -> dict[int, list[str]]:
    """One short line per chosen session: the round's time and the room."""
    chosen = await chosen_items(registration_ids)
    items = [i for ids in chosen.values() for i in ids]
    if not items:
        return {}
    rows = await ProgrammeItem.select(
        ProgrammeItem.id,
        ProgrammeItem.room.name.as_alias("room"),
        ProgrammeItem.slot.title.as_alias("slot"),
        ProgrammeItem.slot.starts_at.as_alias("starts_at"),
    ).where(ProgrammeItem.id.is_in(items))
    by_id = {r["id"]: r for r in rows}
    return {
        registration_id: [
            f"{by_id[i]['slot']}: {by_id[i]['room']}"
            for i in sorted(ids, key=lambda i: by_id[i]["starts_at"])
        ]
        for registration_id, ids in chosen.items()
    }


_ADMISSION = (
    "SELECT COUNT(*) AS chosen, SUM(CASE WHEN c.registration = {} THEN 1 ELSE 0 END) AS mine "
    "FROM programme_item i JOIN session_choice c ON c.item = i.id WHERE i.session = {}"
)


@hooks.session_admission.register
async def chose_this_session(session_id: int, registration_id: int) -> bool | None:
    """At a workshop's door: only who chose it, if anyone chose it; else no opinion."""
    [row] = await SessionChoice.raw(_ADMISSION, registration_id, session_id)
    if not row["chosen"]:
        return None
    return bool(row["mine"])


_ADMISSIONS = (
    "SELECT i.session AS session, c.registration AS registration FROM programme_item i "
    "JOIN session_choice c ON c.item = i.id JOIN session s ON s.id = i.session "
    "WHERE s.event = {}"
)


@hooks.session_admissions.register
async def who_chose_which_session(event_id: int) -> dict[int, list[int]]:
    """For an offline door: per session someone chose, who chose it (as
    `chose_this_session` answers at the door, for all sessions at once)."""
    admitted: dict[int, list[int]] = {}
    for row in await SessionChoice.raw(_ADMISSIONS, event_id):
        admitted.setdefault(row["session"], []).append(row["registration"])
    return admitted
