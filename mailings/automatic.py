"""What the automatic mails of an event share: the organiser's switch per kind (with
the reminder's days and whether the follow-up sends itself), and the way their
sweepers run: a look every quarter of an hour, and each event's mail made under
that event's lock, so two processes sweeping at once make it once.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from mailings.enums import AutomaticMail, FollowupMode
from mailings.tables import EventMailSwitch
from werkplaats.db import atomic, lock
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _

AUTO_SUBMITTED = {"Auto-Submitted": "auto-generated"}  # RFC 3834: no vacation replies
REMINDER_DAYS = 2
MAX_REMINDER_DAYS = 30


async def _switch(event_id: int, kind: AutomaticMail) -> dict[str, Any] | None:
    return (
        await EventMailSwitch.select()
        .where((EventMailSwitch.event == event_id) & (EventMailSwitch.kind == kind.value))
        .first()
    )


async def _save_switch(event_id: int, kind: AutomaticMail, **changes: Any) -> None:
    """Write one switch, keeping what `changes` does not name."""
    row = await _switch(event_id, kind) or {}
    values = {
        "enabled": row.get("enabled", True),
        "days": row.get("days"),
        "sends_itself": row.get("sends_itself", False),
    } | changes
    await EventMailSwitch.delete().where(
        (EventMailSwitch.event == event_id) & (EventMailSwitch.kind == kind.value)
    )
    await EventMailSwitch.insert(EventMailSwitch(event=event_id, kind=kind.value, **values))


async def switched_on(event_id: int, kind: AutomaticMail) -> bool:
    row = await _switch(event_id, kind)
    return row is None or bool(row["enabled"])


async def set_switch(event_id: int, kind: AutomaticMail, enabled: bool) -> None:
    await _save_switch(event_id, kind, enabled=enabled)


async def reminder_days(event_id: int) -> int:
    row = await _switch(event_id, AutomaticMail.REMINDER)
    return REMINDER_DAYS if row is None or row["days"] is None else row["days"]


async def set_reminder_days(event_id: int, days: str) -> None:
    """How many days before the event its reminder goes (1 to 30)."""
    if not days.strip().isdigit() or not 1 <= int(days) <= MAX_REMINDER_DAYS:
        raise FieldErrors(
            {"days": _("Enter a number of days from 1 to {n}.").format(n=MAX_REMINDER_DAYS)}
        )
    await _save_switch(event_id, AutomaticMail.REMINDER, days=int(days))


async def followup_mode(event_id: int) -> FollowupMode:
    row = await _switch(event_id, AutomaticMail.FOLLOWUP)
    if row is None:
        return FollowupMode.DRAFT
    if not row["enabled"]:
        return FollowupMode.OFF
    return FollowupMode.SEND if row["sends_itself"] else FollowupMode.DRAFT


async def set_followup_mode(event_id: int, mode: FollowupMode) -> None:
    await _save_switch(
        event_id,
        AutomaticMail.FOLLOWUP,
        enabled=mode is not FollowupMode.OFF,
        sends_itself=mode is FollowupMode.SEND,
    )


async def once_per_event(
    name: str,
    events: Iterable[dict[str, Any]],
    moment: Callable[[dict[str, Any]], Awaitable[dt.datetime]],
    make: Callable[[dict[str, Any]], Awaitable[Any]],
) -> int:
    """`make(event)` for each of `events` whose `moment` has come, under the lock
    `name:{id}` in one transaction; how many. `make` must itself see what an earlier
    call made (a dedupe key, a row) and make nothing then: the lock only makes two
    sweeps take turns."""
    now = dt.datetime.now(dt.UTC)
    done = 0
    for event in events:
        if await moment(event) > now:
            continue
        async with atomic():
            await lock(f"{name}:{event['id']}")
            await make(event)
        done += 1
    return done


# The automatic mails are looked at every quarter of an hour, the first time a
# quarter after the process starts: they go days or hours after their moment is
# known, and a process that only starts (a test run, a CLI command) never mails
# anyone by surprise.
SWEEP_SECONDS = 900


class QuarterlySweep:
    """A sweeper that runs `sweep()` at most once a quarter of an hour per process."""

    def __init__(self, sweep: Callable[[], Awaitable[int]]) -> None:
        self.sweep = sweep
        self.last = time.monotonic()

    async def __call__(self, min_age: float = 0) -> int:
        if time.monotonic() - self.last < SWEEP_SECONDS:
            return 0
        self.last = time.monotonic()
        return await self.sweep()
