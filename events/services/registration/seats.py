"""Seats: who holds one, who waits, and every change of a registration's status.

Every decision about a seat is taken under the event's seat lock (`seat_lock`: an
advisory lock on PostgreSQL; SQLite's single writer already serialises) and reads
the event's capacity and the seats taken after taking it, in one statement. So no
number of simultaneous clicks, web processes or organisers can fill more seats than
the capacity, and two organisers acting on one registration at once end in one
state: the second finds the status changed and is told so (`StatusConflict`).

The lock is held until the surrounding transaction commits, so what runs after it
is only what must be serialised: that one read, the status write, and the outbox
row that names the mail (the worker renders it after the commit). Pending
registrations (moderated events) hold no seat until approved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from events import hooks
from events.enums import ChangedBy, EventStatus, RegistrationStatus
from events.services.registration.rules import window_error
from events.tables import Event, Registration
from werkplaats import audit
from werkplaats.db import atomic, get_engine, lock
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _
from werkplaats.mail import queue_mail

S = RegistrationStatus
STATUS_MAIL = "registration_status"  # built by events.services.registration.mail
TEMPLATES = {
    S.REGISTERED: "registration_registered",
    S.WAITLISTED: "registration_waitlisted",
    S.PENDING: "registration_pending",
    S.CANCELLED: "registration_cancelled",
    S.REJECTED: "registration_rejected",
}
# The status asked for → the statuses it may start from. Asking for the status a
# registration already has changes nothing; any other move is a StatusConflict.
TRANSITIONS: dict[RegistrationStatus, frozenset[RegistrationStatus]] = {
    S.REGISTERED: frozenset({S.PENDING, S.WAITLISTED}),  # approve, move up
    S.REJECTED: frozenset({S.PENDING, S.WAITLISTED}),
    S.CANCELLED: frozenset({S.REGISTERED, S.WAITLISTED, S.PENDING}),
}

_SEAT_STATE = (
    "SELECT e.status, e.capacity, e.moderated, e.ends_at, e.registration_opens_at, "
    "e.registration_closes_at, "
    "(SELECT COUNT(*) FROM registration r WHERE r.event = e.id AND r.status = {}) AS taken, "
    "(SELECT COUNT(*) FROM registration r WHERE r.event = e.id AND r.status = {}) AS waiting "
    "FROM event e WHERE e.id = {}"
)


class StatusConflict(Exception):
    """The registration is no longer in a status the change may start from."""

    def __init__(self, current: RegistrationStatus) -> None:
        super().__init__(current)
        self.current = current
        self.message = _("This registration is now “{status}”: nothing was changed.").format(
            status=_(current.label)
        )


@dataclass(frozen=True)
class StatusChange:
    """What `change_status` did: the status it ended in, and who moved up because of it."""

    status: RegistrationStatus
    changed: bool
    promoted: list[int] = field(default_factory=list)  # registration ids, first in line first


def seat_lock(event_id: int) -> str:
    return f"seats:{event_id}"


async def seat_state(event_id: int) -> dict[str, Any]:
    """The event's capacity, window, seats taken and places on the waiting list, read
    in one statement.

    Under the seat lock this is the truth about free seats: a new statement sees every
    change committed before the lock was granted. Someone put on the waiting list
    under it is last in line: their place is `waiting + 1`.
    """
    rows = await Event.raw(_SEAT_STATE, S.REGISTERED.value, S.WAITLISTED.value, event_id)
    state = rows[0]
    for name in ("ends_at", "registration_opens_at", "registration_closes_at"):
        state[name] = _as_moment(state[name])
    state["moderated"] = bool(state["moderated"])
    return state


def _as_moment(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    moment = dt.datetime.fromisoformat(str(value))  # SQLite's raw rows carry text
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def free_seats(state: dict[str, Any]) -> int | None:
    """Seats left (None: no limit)."""
    if state["capacity"] is None:
        return None
    return max(state["capacity"] - state["taken"], 0)


# What a new registration becomes, decided and written in one statement (the seat
# lock is held until the commit, so every statement inside it counts): pending on a
# moderated event, a seat while one is free, else the waiting list. Its place there
# is the number already waiting, plus one. The event's status comes back to check
# that it is still open (a cancel takes the same lock).
_MODERATED = "(SELECT e.moderated FROM event e WHERE e.id = {})"
_FREE = (
    "(SELECT e.capacity IS NULL OR e.capacity > (SELECT COUNT(*) FROM registration r "
    "WHERE r.event = e.id AND r.status = {}) FROM event e WHERE e.id = {})"
)
_TAKE_SEAT = (
    f"UPDATE registration SET status = CASE WHEN {_MODERATED} THEN {{}} "
    f"WHEN {_FREE} THEN {{}} ELSE {{}} END, "
    f"waitlisted_at = CASE WHEN {_MODERATED} OR {_FREE} THEN NULL ELSE {{now}} END, "
    "updated_at = {} WHERE id = {} RETURNING id, event, email, name, language, version, "
    "status, (SELECT COUNT(*) FROM registration r WHERE r.event = {} AND r.status = {} "
    "AND r.id <> {}) AS waiting, (SELECT e.status FROM event e WHERE e.id = {}) AS event_status"
)
# PostgreSQL cannot type a parameter that is one branch of a CASE; SQLite has no such
# type to cast to (its CAST would make the text a number).
TAKE_SEAT = {
    "postgres": _TAKE_SEAT.replace("{now}", "CAST({} AS TIMESTAMPTZ)"),
    "sqlite": _TAKE_SEAT.replace("{now}", "{}"),
}


async def take_seat(registration_id: int, event_id: int) -> dict[str, Any]:
    """Decide and write a new registration's status; call under the seat lock.

    Returns the row's id, event, e-mail, name, language, version and new `status`,
    `position` on the waiting list (or None) and the `event_status` as it is now.
    """
    now = dt.datetime.now(dt.UTC)
    moderated, free = (event_id,), (S.REGISTERED.value, event_id)
    rows = await Registration.raw(
        TAKE_SEAT[get_engine().engine_type],
        *moderated,
        S.PENDING.value,
        *free,
        S.REGISTERED.value,
        S.WAITLISTED.value,
        *moderated,
        *free,
        now,
        now,
        registration_id,
        event_id,
        S.WAITLISTED.value,
        registration_id,
        event_id,
    )
    row = rows[0]
    row["status"] = S(row["status"])
    row["position"] = row["waiting"] + 1 if row["status"] is S.WAITLISTED else None
    return row


async def seats_taken(event_id: int) -> int:
    return await Registration.count().where(
        (Registration.event == event_id) & (Registration.status == S.REGISTERED)
    )


async def availability(event_id: int) -> tuple[str | None, int | None]:
    """Why registration is closed now (or None), and the seats left (None: no limit)."""
    state = await seat_state(event_id)
    return window_error(state), free_seats(state)


async def full_events(event_ids: list[int]) -> set[int]:
    """Which of these events have no seat left (for the cards of a list), in one
    statement; read without the lock, as any page is."""
    if not event_ids:
        return set()
    marks = ", ".join("{}" for _ in event_ids)
    rows = await Event.raw(
        "SELECT e.id FROM event e WHERE e.capacity IS NOT NULL AND e.id IN ("
        + marks
        + ") AND e.capacity <= (SELECT COUNT(*) FROM registration r "
        "WHERE r.event = e.id AND r.status = {})",
        *event_ids,
        S.REGISTERED.value,
    )
    return {row["id"] for row in rows}


async def waitlist_position(registration: dict[str, Any]) -> int | None:
    if registration["status"] != S.WAITLISTED:
        return None
    ahead = await Registration.count().where(
        (Registration.event == registration["event"])
        & (Registration.status == S.WAITLISTED)
        & (
            (Registration.waitlisted_at < registration["waitlisted_at"])
            | (
                (Registration.waitlisted_at == registration["waitlisted_at"])
                & (Registration.id < registration["id"])
            )
        )
    )
    return ahead + 1


async def write_status(
    registration_id: int, status: RegistrationStatus, *, bump_version: bool = True
) -> dict[str, Any]:
    """Write `status` (with its moments) and return the row's id, event, e-mail, name,
    language and version as written. `waitlisted_at` is set on joining the waiting
    list and cleared on leaving it; `cancelled_at` likewise."""
    now = dt.datetime.now(dt.UTC)
    rows = await Registration.raw(
        "UPDATE registration SET status = {}, updated_at = {}, version = version + {}, "
        "waitlisted_at = {}, cancelled_at = {} WHERE id = {} "
        "RETURNING id, event, email, name, language, version",
        status.value,
        now,
        1 if bump_version else 0,
        now if status is S.WAITLISTED else None,
        now if status is S.CANCELLED else None,
        registration_id,
    )
    return rows[0]


async def tell_status(row: dict[str, Any], status: RegistrationStatus, **extra: Any) -> None:
    """Queue the mail about `status`; the worker renders it. One per version and status."""
    await queue_mail(
        to=row["email"],
        name=row["name"],
        template=TEMPLATES[status],
        dedupe_key=f"registration:{row['id']}:v{row['version']}:{status}",
        language=row["language"],
        builder=STATUS_MAIL,
        params={"registration": row["id"], "status": status.value, **extra},
    )


async def promote_from_waiting_list(event_id: int) -> list[int]:
    """Give free seats to the first in line; call under the event's seat lock.

    Returns the ids of those promoted, first in line first. Each of them gets a mail.
    """
    state = await seat_state(event_id)
    free = free_seats(state)
    if state["status"] != EventStatus.PUBLISHED or free == 0:
        return []
    query = (
        Registration.select(Registration.id)
        .where((Registration.event == event_id) & (Registration.status == S.WAITLISTED))
        .order_by(Registration.waitlisted_at)
        .order_by(Registration.id)
    )
    if free is not None:
        query = query.limit(free)
    promoted = [row["id"] for row in await query]
    for registration_id in promoted:
        row = await write_status(registration_id, S.REGISTERED)
        await tell_status(row, S.REGISTERED, promoted=True)
        await hooks.registration_changed.call(
            hooks.RegistrationChange(registration_id, event_id, S.WAITLISTED, S.REGISTERED)
        )
    return promoted


async def change_status(
    registration_id: int,
    status: RegistrationStatus,
    *,
    notify: bool = True,
    by: ChangedBy = ChangedBy.SYSTEM,
) -> StatusChange:
    """Move a registration to `status` (cancel, approve, reject, move up).

    Checked under the seat lock: the move must start from a status `TRANSITIONS`
    allows (else `StatusConflict`; the same status again changes nothing). An
    approval takes a seat only if one is free, else the registration goes to the
    waiting list; a move up from the waiting list with no free seat is a
    `FieldErrors`. A cancel frees a seat for the first in line: the result names them.
    """
    async with atomic():
        found = await Registration.select(Registration.event).where(
            Registration.id == registration_id
        )
        if not found:
            raise LookupError(registration_id)
        event_id = found[0]["event"]
        await lock(seat_lock(event_id))
        current = S(
            (
                await Registration.select(Registration.status).where(
                    Registration.id == registration_id
                )
            )[0]["status"]
        )
        if status is current:
            return StatusChange(status=current, changed=False)
        if current not in TRANSITIONS.get(status, ()):
            raise StatusConflict(current)
        if status is S.REGISTERED and free_seats(await seat_state(event_id)) == 0:
            if current is S.WAITLISTED:
                raise FieldErrors({"status": _("There is no free seat.")})
            status = S.WAITLISTED
        row = await write_status(registration_id, status)
        if notify:
            await tell_status(row, status)
        await hooks.registration_changed.call(
            hooks.RegistrationChange(registration_id, event_id, current, status, by=by)
        )
        promoted = await promote_from_waiting_list(event_id) if current is S.REGISTERED else []
        if by is ChangedBy.ORGANISER:  # what staff did; a registrant's own cancel is theirs
            await audit.record(
                f"registration.{status.value}",
                f"registration:{registration_id}",
                was=current.value,
                promoted=promoted or None,
            )
    return StatusChange(status=status, changed=True, promoted=promoted)
