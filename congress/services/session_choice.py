"""Choosing one session per parallel round: at registration, or later on /r/{token}.

A session's places are its room's capacity. `choose_session` decides under the
session's lock (`session:{item}`; on PostgreSQL an advisory lock, on SQLite the
single writer): it counts the choices, refuses a full session with `SessionFull`,
and writes the choice, replacing the registration's earlier choice in that round
(the unique index on (registration, round) holds even if a caller forgets). Leaving
a session frees its place at once; a cancelled registration gives up its choices
(`congress.listeners`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from congress.enums import SlotKind
from congress.services.programme_view import ProgrammeView, SessionView, published_programme
from congress.tables import ProgrammeItem, SessionChoice
from events.enums import RegistrationStatus
from events.tables import Registration
from werkplaats.db import atomic, lock
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _


class SessionFull(Exception):
    """No place left in this session; nothing was written."""

    def __init__(self, title: str) -> None:
        self.message = _("“{title}” is full: choose another session.").format(title=title)
        super().__init__(self.message)


@dataclass(frozen=True)
class RoundChoice:
    """A parallel round as a registrant chooses in it: the sessions with places left."""

    slot_id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    sessions: list[SessionView]
    taken: dict[int, int]  # item id → choices

    @property
    def field_name(self) -> str:
        return f"ronde-{self.slot_id}"

    def left(self, session: SessionView) -> int:
        return max(session.capacity - self.taken.get(session.id, 0), 0)


async def taken_counts(item_ids: Sequence[int]) -> dict[int, int]:
    if not item_ids:
        return {}
    rows = await SessionChoice.raw(
        "SELECT item, COUNT(*) AS n FROM session_choice WHERE item IN ("
        + ", ".join("{}" for _ in item_ids)
        + ") GROUP BY item",
        *item_ids,
    )
    return {r["item"]: r["n"] for r in rows}


async def rounds_to_choose(programme: ProgrammeView) -> list[RoundChoice]:
    rounds = [s for s in programme.slots if s.kind is SlotKind.PARALLEL and s.sessions]
    taken = await taken_counts([s.id for r in rounds for s in r.sessions])
    return [RoundChoice(r.id, r.title, r.starts_at, r.ends_at, r.sessions, taken) for r in rounds]


async def choose_session(registration_id: int, item_id: int, *, new: bool = False) -> bool:
    """Take a place in the session `item_id` for this registration; False if it had it.

    Raises SessionFull, or FieldErrors when the session is not in the registration's
    event's programme or the registration is not active. `new`: the registration is
    being written in this transaction (the form's section), its status not decided yet.
    """
    async with atomic():
        await lock(f"session:{item_id}")
        item = (
            await ProgrammeItem.select(
                ProgrammeItem.id,
                ProgrammeItem.slot,
                ProgrammeItem.abstract.title.as_alias("title"),
                ProgrammeItem.room.capacity.as_alias("capacity"),
                ProgrammeItem.slot.event.as_alias("event"),
            )
            .where(ProgrammeItem.id == item_id)
            .first()
        )
        registration = (
            await Registration.select(Registration.event, Registration.status)
            .where(Registration.id == registration_id)
            .first()
        )
        if registration is None:
            raise LookupError(registration_id)
        if item is None or item["event"] != registration["event"]:
            raise FieldErrors({"session": _("This session is not in this event's programme.")})
        if not new and not RegistrationStatus(registration["status"]).is_active:
            raise FieldErrors({"session": _("Only an active registration can choose sessions.")})
        mine = (
            await SessionChoice.select(SessionChoice.item)
            .where(
                (SessionChoice.registration == registration_id)
                & (SessionChoice.slot == item["slot"])
            )
            .first()
        )
        if mine and mine["item"] == item_id:
            return False
        if await SessionChoice.count().where(SessionChoice.item == item_id) >= item["capacity"]:
            raise SessionFull(item["title"])
        await SessionChoice.delete().where(
            (SessionChoice.registration == registration_id) & (SessionChoice.slot == item["slot"])
        )
        await SessionChoice.insert(
            SessionChoice(registration=registration_id, item=item_id, slot=item["slot"])
        )
    return True


async def leave_round(registration_id: int, slot_id: int) -> bool:
    gone = (
        await SessionChoice.delete()
        .where((SessionChoice.registration == registration_id) & (SessionChoice.slot == slot_id))
        .returning(SessionChoice.id)
    )
    return bool(gone)


async def drop_choices(registration_id: int) -> None:
    await SessionChoice.delete().where(SessionChoice.registration == registration_id)


async def chosen_items(registration_ids: Sequence[int]) -> dict[int, list[int]]:
    """Registration id → the programme item ids it chose."""
    if not registration_ids:
        return {}
    rows = await SessionChoice.select(SessionChoice.registration, SessionChoice.item).where(
        SessionChoice.registration.is_in(list(registration_ids))
    )
    found: dict[int, list[int]] = {}
    for row in rows:
        found.setdefault(row["registration"], []).append(row["item"])
    return found


async def my_sessions(registration_id: int, slug: str) -> list[SessionView]:
    programme = await published_programme(slug)
    if programme is None:
        return []
    mine = set((await chosen_items([registration_id])).get(registration_id, []))
    return [s for s in programme.sessions if s.id in mine]
