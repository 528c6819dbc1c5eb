"""The published programme's sessions as the event's own `Session` rows.

The event's door check-in per room (`/checkin/{slug}?session=…`) works on those
rows; publishing writes one per placed contribution (and keeps its id over a new
publication, so door links stay), and takes away the rows of contributions that
left the programme. Who may enter is asked of the congress through
`events.hooks.session_admission` (`congress.choice_listeners`).
"""

from __future__ import annotations

from congress.services.programme_view import ProgrammeView
from congress.tables import ProgrammeItem
from events.tables import Session


def _values(session) -> dict:
    return {
        Session.title: session.title,
        Session.starts_at: session.starts_at,
        Session.ends_at: session.ends_at,
        Session.description: session.abstract,
        Session.speakers: session.speaker_names[:300],
        Session.room: session.room,
        Session.capacity: session.capacity,
    }


async def publish_sessions(programme: ProgrammeView) -> None:
    """Call inside the publishing transaction, under the programme lock."""
    linked = {
        r["id"]: r["session"]
        for r in await ProgrammeItem.select(ProgrammeItem.id, ProgrammeItem.session).where(
            ProgrammeItem.slot.event == programme.event_id
        )
    }
    for position, session in enumerate(programme.sessions):
        session_id = linked.get(session.id)
        if session_id is not None:
            await Session.update({**_values(session), Session.position: position}).where(
                Session.id == session_id
            )
            continue
        rows = await Session.insert(
            Session(
                event=programme.event_id,
                position=position,
                **{c._meta.name: v for c, v in _values(session).items()},
            )
        ).returning(Session.id)
        await ProgrammeItem.update({ProgrammeItem.session: rows[0]["id"]}).where(
            ProgrammeItem.id == session.id
        )


async def unpublish_session(item_id: int) -> None:
    """A contribution leaves the programme: its session row goes with it."""
    row = (
        await ProgrammeItem.select(ProgrammeItem.session).where(ProgrammeItem.id == item_id).first()
    )
    if row and row["session"]:
        await Session.delete().where(Session.id == row["session"])
