"""The follow-up after an event: the morning after its last day (09.00 Amsterdam),
a mailing to those who came, with the event's publications as cards, their
certificate link and the evaluation link.

The organiser chose per event (`automatic.followup_mode`): no follow-up, a draft
they complete and send in the compose flow, or the same mailing sent by itself
through the mailing send path (one delivery each, exactly once). It is made under
the event's lock, and its `made_for` key (unique) says it exists: two processes
sweeping at once make one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from events.enums import EventStatus
from events.tables import Event
from mailings.automatic import QuarterlySweep, followup_mode, once_per_event
from mailings.automatic_texts import automatic_text
from mailings.enums import AudienceWho, AutomaticMail, FollowupMode
from mailings.services.audience import event_audience
from mailings.services.mailings import create_mailing
from mailings.services.publications import list_publications
from mailings.services.sending import send_mailing
from mailings.tables import Mailing
from werkplaats.i18n import TIMEZONE

FOLLOWUP_HOUR = 9
LOOK_BACK_DAYS = 14  # an event longer ago than this gets no follow-up any more


def followup_moment(ends_at: dt.datetime) -> dt.datetime:
    """09.00 Europe/Amsterdam on the day after the event's last day."""
    day = ends_at.astimezone(TIMEZONE).date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(FOLLOWUP_HOUR), tzinfo=TIMEZONE)


def made_for(event_id: int) -> str:
    return f"followup:{event_id}"


async def _moment(event: dict[str, Any]) -> dt.datetime:
    return followup_moment(event["ends_at"])


async def make_followup(event: dict[str, Any]) -> int | None:
    """The follow-up mailing of `event`, made now unless it was made before or is
    switched off (then None); sent at once if the organiser chose so and somebody
    came. Call it under the event's follow-up lock."""
    key = made_for(event["id"])
    mode = await followup_mode(event["id"])
    if mode is FollowupMode.OFF or await Mailing.exists().where(Mailing.made_for == key):
        return None
    text = await automatic_text(AutomaticMail.FOLLOWUP, event["id"])
    publications = await list_publications(event_id=event["id"])
    mailing_id = await create_mailing(
        {
            "subject": text.subject,
            "body": text.body,
            "event": event["slug"],
            "who": AudienceWho.CHECKED_IN.value,
            "publications": [p.id for p in publications],
        }
    )
    await Mailing.update({Mailing.made_for: key}).where(Mailing.id == mailing_id)
    if mode is FollowupMode.SEND and await event_audience(event["id"], AudienceWho.CHECKED_IN):
        await send_mailing(mailing_id)
    return mailing_id


async def make_due_followups() -> int:
    """Make the follow-up of every published event whose moment has come."""
    now = dt.datetime.now(dt.UTC)
    ended = await Event.select(Event.id, Event.slug, Event.ends_at).where(
        (Event.status == EventStatus.PUBLISHED.value)
        & (Event.ends_at < now)
        & (Event.ends_at > now - dt.timedelta(days=LOOK_BACK_DAYS))
    )
    return await once_per_event("followup", ended, _moment, make_followup)


follow_up_when_due = QuarterlySweep(make_due_followups)
