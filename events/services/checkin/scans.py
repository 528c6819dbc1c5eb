"""Check-in at the door: what a scan means, and writing it exactly once.

A scan names a registration by its ticket code (the QR text as scanned, or the code
typed by hand) or, from a search by name, by its id. The outcome is one of the small
fixed vocabulary of `CheckinOutcome`. Only a registration with a seat (status
`registered`) is admitted; a cancelled, waiting-list, pending or rejected one never.

Writing relies on the database, not on a read-then-write: the insert is
`ON CONFLICT DO NOTHING` against partial unique indexes (one live check-in per
registration and place; one row per scanner nonce), so two scanners with the same
code at the same instant, in two processes, on SQLite or PostgreSQL, give one `ok`
and one `already_checked_in`, and a retried request with the same nonce is
answered as the first one was. A session scan (a workshop room) also checks the
person in at the entrance: being in the room proves they came.

A scan at the entrance by its code is written together with the other doors' scans
of the same moment (`entrance`); the limit on guessing codes is in `guessing`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from events import hooks
from events.codes import read_code
from events.enums import CHECKIN_MESSAGES, CheckinOutcome, RegistrationStatus, Ribbon
from events.services.checkin import entrance
from events.services.registration.rows import TICKET_CODE_LENGTH
from events.tables import Checkin, Event, Registration, Session
from events.tickets import TICKET_PREFIX
from werkplaats import audit
from werkplaats.db import atomic, in_atomic
from werkplaats.i18n import _, format_clock
from werkplaats.memo import TimedCache

# A hand scanner on another keyboard layout may type `;` for the prefix's `:`.
_PREFIX = re.compile(rf"^\s*{re.escape(TICKET_PREFIX.rstrip(':'))}\s*[:;]?", re.IGNORECASE)
NONCE_LIMIT = 64


def parse_code(text: str) -> str | None:
    """The ticket code in a scanned or typed text, or None if it cannot be one.

    `WPS1:ABCD…`, `abcd efgh …`, `ABCD-EFGH-…` all give `ABCDEFGH…`; as Crockford's
    base 32 allows, O reads as 0 and I and L as 1.
    """
    if not text or len(text) > 100:
        return None
    for body in (_PREFIX.sub("", text, count=1), text):  # a bare code may start with WPS1
        code = read_code(body, TICKET_CODE_LENGTH)
        if code:
            return code
    return None


@dataclass(frozen=True)
class Scanner:
    """Who scans: an account, or a volunteer's check-in link; `name` is shown to others."""

    name: str
    user_id: int | None = None
    link_id: int | None = None

    @property
    def key(self) -> str:
        return f"user:{self.user_id}" if self.user_id else f"link:{self.link_id}"


@dataclass(frozen=True)
class CheckinResult:
    outcome: CheckinOutcome
    registration_id: int | None = None
    name: str | None = None
    organisation: str = ""
    ribbon: Ribbon | None = None
    checked_in_at: dt.datetime | None = None
    checked_in_by: str | None = None
    status: RegistrationStatus | None = None  # of a registration that was not let in

    @property
    def message(self) -> str:
        """What the door shows, big: in the scanner's language."""
        key = self.outcome.value
        waiting = (RegistrationStatus.WAITLISTED, RegistrationStatus.PENDING)
        if self.outcome is CheckinOutcome.NOT_ADMITTED and self.status in waiting:
            key = f"not_admitted_{self.status.value}"
        since = format_clock(self.checked_in_at) if self.checked_in_at else "?"
        return _(CHECKIN_MESSAGES[key]).format(name=self.name, time=since)


# The hot path of every scan, written out: what the door needs of the registration.
_BY_CODE = (
    "SELECT id, event, status, name, organisation, ribbon FROM registration WHERE ticket_code = {}"
)
_BY_ID = (
    "SELECT id, event, status, name, organisation, ribbon FROM registration "
    "WHERE id = {} AND event = {}"
)


async def _registration(
    event_id: int, code: str | None, registration_id: int | None
) -> dict[str, Any] | None:
    if registration_id is not None:
        rows = await Registration.raw(_BY_ID, registration_id, event_id)
    elif code is not None:
        rows = await Registration.raw(_BY_CODE, code)
    else:
        return None
    return rows[0] if rows else None


# An event's id never changes (its slug only while it is a draft): scanners name the
# event in every request, so the id is kept a minute.
_event_ids = TimedCache(seconds=60.0)


async def event_id_for_scans(slug: str) -> int | None:
    """The id of the event `slug`, as scanners name it."""
    found = _event_ids.get(slug)
    if found is not None:
        return found
    row = await Event.select(Event.id).where(Event.slug == slug).first()
    if row is None:
        return None
    _event_ids.set(slug, row["id"])
    return row["id"]


def _refusal(row: dict[str, Any] | None, event_id: int) -> CheckinResult | None:
    """The outcome for a registration that is not let in, or None if it may enter."""
    if row is None:
        return CheckinResult(CheckinOutcome.UNKNOWN)
    if row["event"] != event_id:  # the code exists: say so, but not whose it is
        return CheckinResult(CheckinOutcome.WRONG_EVENT)
    status = RegistrationStatus(row["status"])
    if status is RegistrationStatus.REGISTERED:
        return None
    outcome = (
        CheckinOutcome.CANCELLED
        if status is RegistrationStatus.CANCELLED
        else CheckinOutcome.NOT_ADMITTED
    )
    return CheckinResult(outcome, registration_id=row["id"], name=row["name"], status=status)


def _result(outcome: CheckinOutcome, row: dict[str, Any], checkin: dict[str, Any]) -> CheckinResult:
    return CheckinResult(
        outcome,
        registration_id=row["id"],
        name=row["name"],
        organisation=row["organisation"],
        ribbon=Ribbon(row["ribbon"]) if row["ribbon"] in set(Ribbon) else None,
        checked_in_at=checkin["checked_in_at"],
        checked_in_by=checkin["by_name"],
    )


_INSERT = (
    "INSERT INTO checkin (event, registration, session, checked_in_at, by_user, by_link, "
    "by_name, method, nonce, undone_by) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, '') "
    "ON CONFLICT DO NOTHING RETURNING id"
)


@dataclass(frozen=True)
class _Scan:
    row: dict[str, Any]
    session_id: int | None
    by: Scanner
    method: str
    at: dt.datetime

    async def insert(self, session_id: int | None, nonce: str) -> bool:
        """One insert that either writes or, on any unique index, does nothing."""
        inserted = await Checkin.raw(
            _INSERT,
            self.row["event"],
            self.row["id"],
            session_id,
            self.at,
            self.by.user_id,
            self.by.link_id,
            self.by.name[:200],
            self.method,
            nonce,
        )
        return bool(inserted)

    async def write(self, nonce: str) -> bool:
        if self.session_id is None:  # one statement: no transaction needed
            return await self.insert(None, nonce)
        async with atomic():  # in the room, so in the building
            admitted = await self.insert(self.session_id, nonce)
            await self.insert(None, "")
        return admitted


async def live_checkin(registration_id: int, session_id: int | None) -> dict[str, Any] | None:
    place = Checkin.session.is_null() if session_id is None else Checkin.session == session_id
    return (
        await Checkin.select(Checkin.checked_in_at, Checkin.by_name)
        .where((Checkin.registration == registration_id) & place & Checkin.undone_at.is_null())
        .first()
    )


async def _by_nonce(event_id: int, nonce: str) -> dict[str, Any] | None:
    return (
        await Checkin.select(Checkin.checked_in_at, Checkin.by_name, Checkin.registration)
        .where((Checkin.event == event_id) & (Checkin.nonce == nonce))
        .first()
    )


async def session_of(event_id: int, session_id: int) -> dict[str, Any] | None:
    return (
        await Session.select(Session.id, Session.title, Session.room)
        .where((Session.id == session_id) & (Session.event == event_id))
        .first()
    )


async def _kept_out_of(session_id: int | None, registration_id: int) -> bool:
    """An app keeps this registration out of the session (`hooks.session_admission`)."""
    if session_id is None or not hooks.session_admission.listeners:
        return False
    return False in await hooks.session_admission.call(session_id, registration_id)


async def check_in(
    event_id: int,
    *,
    by: Scanner,
    code: str | None = None,
    registration_id: int | None = None,
    session_id: int | None = None,
    nonce: str = "",
    method: str = "scan",
    at: dt.datetime | None = None,
) -> CheckinResult:
    """Admit the registration named by `code` (as scanned) or `registration_id`.

    Raises LookupError if `session_id` is not a session of this event. A `nonce`
    seen before for this event answers as its first request did, writing nothing.
    `at`: when the door scanned, if not now (an offline door syncing).
    """
    if session_id is not None and await session_of(event_id, session_id) is None:
        raise LookupError(session_id)
    parsed = parse_code(code) if code is not None else None
    if registration_id is None and parsed is None:
        return CheckinResult(CheckinOutcome.UNKNOWN)
    at = at or dt.datetime.now(dt.UTC)
    nonce = nonce.strip()[:NONCE_LIMIT]
    if parsed is not None and registration_id is None and session_id is None and not in_atomic():
        return await _at_entrance(event_id, parsed, by, method, at, nonce)
    row = await _registration(event_id, parsed, registration_id)
    refused = _refusal(row, event_id)
    if refused is not None:
        return refused
    assert row is not None
    if await _kept_out_of(session_id, row["id"]):
        return CheckinResult(
            CheckinOutcome.NOT_ADMITTED, registration_id=row["id"], name=row["name"]
        )
    return await _admit(_Scan(row, session_id, by, method, at), nonce)


async def _at_entrance(
    event_id: int, code: str, by: Scanner, method: str, at: dt.datetime, nonce: str
) -> CheckinResult:
    """The commonest scan, written together with other doors' (`entrance`)."""
    admission = await entrance.admit(
        entrance.EntranceScan(event_id, code, at, by.user_id, by.link_id, by.name, method, nonce)
    )
    refused = _refusal(admission.row, event_id)
    if refused is not None:
        return refused
    assert admission.row is not None
    scan = _Scan(admission.row, None, by, method, at)
    return _admitted(scan) if admission.written else await _not_written(scan, nonce)


def _admitted(scan: _Scan) -> CheckinResult:
    return _result(CheckinOutcome.OK, scan.row, {"checked_in_at": scan.at, "by_name": scan.by.name})


async def _admit(scan: _Scan, nonce: str, *, attempts: int = 3) -> CheckinResult:
    if await scan.write(nonce):
        return _admitted(scan)
    return await _not_written(scan, nonce, attempts=attempts)


async def _not_written(scan: _Scan, nonce: str, *, attempts: int = 3) -> CheckinResult:
    """Nothing written: this person is in already, or this nonce was seen before."""
    if nonce and (earlier := await _by_nonce(scan.row["event"], nonce)):
        if earlier["registration"] == scan.row["id"]:  # a retried request: answer as before
            return _result(CheckinOutcome.OK, scan.row, earlier)
        return await _admit(scan, "", attempts=attempts)  # a nonce reused for someone else
    checkin = await live_checkin(scan.row["id"], scan.session_id)
    if checkin is None and attempts > 1:  # undone between the insert and this read: rare
        return await _admit(scan, "", attempts=attempts - 1)
    if checkin is None:
        raise RuntimeError("check-in neither written nor found")
    return _result(CheckinOutcome.ALREADY_CHECKED_IN, scan.row, checkin)


async def undo_checkin(
    event_id: int, registration_id: int, *, session_id: int | None, by: str
) -> bool:
    """Take back a live check-in (an organiser's correction); False if there was none.

    The row stays, marked undone, so the list shows what happened.
    """
    place = Checkin.session.is_null() if session_id is None else Checkin.session == session_id
    undone = (
        await Checkin.update({Checkin.undone_at: dt.datetime.now(dt.UTC), Checkin.undone_by: by})
        .where(
            (Checkin.event == event_id)
            & (Checkin.registration == registration_id)
            & place
            & Checkin.undone_at.is_null()
        )
        .returning(Checkin.id)
    )
    if undone:
        await audit.record(
            "checkin.undone", f"registration:{registration_id}", session=session_id, by=by
        )
    return bool(undone)
