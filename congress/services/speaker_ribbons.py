"""Speakers wear the ribbon `spreker`: a registration for the congress by the e-mail
address of a speaker in its published programme gets the speaker ribbon, on
publication and when such a speaker registers later."""

from __future__ import annotations

from congress.enums import ContributorRole
from congress.tables import Contributor, ProgrammeItem
from events.enums import Ribbon
from events.tables import Registration


async def speaker_emails(event_id: int) -> set[str]:
    placed = await ProgrammeItem.select(ProgrammeItem.abstract).where(
        ProgrammeItem.slot.event == event_id
    )
    if not placed:
        return set()
    rows = await Contributor.select(Contributor.email).where(
        Contributor.abstract.is_in([p["abstract"] for p in placed])
        & (Contributor.role == ContributorRole.SPEAKER)
    )
    return {r["email"] for r in rows}


async def give_speaker_ribbons(event_id: int, *, registration_id: int | None = None) -> None:
    """Participants of the event who speak get the speaker ribbon (organisers keep theirs)."""
    emails = await speaker_emails(event_id)
    if not emails:
        return
    condition = (
        (Registration.event == event_id)
        & Registration.email.is_in(sorted(emails))
        & (Registration.ribbon == Ribbon.PARTICIPANT)
    )
    if registration_id is not None:
        condition &= Registration.id == registration_id
    await Registration.update({Registration.ribbon: Ribbon.SPEAKER}).where(condition)
