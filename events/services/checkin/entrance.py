"""Entrance scans from many doors at once, written together (a group commit).

Each scan asks the database two things: whose code is this, and write the check-in.
Twenty doors scanning at once made forty round trips, each through the driver's
thread or socket, and most of a scan's cost was that traffic, not the answer. Here
the entrance scans of one process that arrive while a write is under way wait for
it and then go together: one read of all their registrations, one insert of all
their check-ins. A scan waits at most for the write before it; alone, it goes at
once, as before.

What a scan means does not change. The insert is the same `ON CONFLICT DO NOTHING`
against the same unique indexes, so a person scanned at two doors, in two
processes or in one batch, is written once. This module answers only the plain
case: it gives each scan its registration as read and whether its check-in was
written; `scans.check_in` judges everything else (unknown, cancelled, in already,
a nonce seen before) as it does for a scan on its own.
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
import weakref
from dataclasses import dataclass, field
from typing import Any

from events.enums import RegistrationStatus
from events.tables import Checkin, Registration

_COLUMNS = "id, event, status, name, organisation, ribbon, ticket_code"
_INSERT = (
    "INSERT INTO checkin (event, registration, session, checked_in_at, by_user, by_link, "
    "by_name, method, nonce, undone_by) VALUES {} ON CONFLICT DO NOTHING RETURNING registration"
)
_ROW = "({}, {}, NULL, {}, {}, {}, {}, {}, {}, '')"
MAX_BATCH = 200  # parameters per statement stay far under every driver's limit


@dataclass(frozen=True)
class EntranceScan:
    event_id: int
    code: str
    at: dt.datetime
    by_user: int | None
    by_link: int | None
    by_name: str
    method: str
    nonce: str


@dataclass(frozen=True)
class Admission:
    row: dict[str, Any] | None  # the registration the code names, if any
    written: bool  # its check-in was written by this scan


@dataclass
class _Waiting:
    scan: EntranceScan
    answer: asyncio.Future[Admission]


@dataclass
class _Door:
    """The scans of one event loop waiting for the next write."""

    waiting: list[_Waiting] = field(default_factory=list)
    writing: bool = False
    writer: asyncio.Task[None] | None = None  # held, so it is not collected mid-write


_doors: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Door] = weakref.WeakKeyDictionary()


async def admit(scan: EntranceScan) -> Admission:
    """Read the registration of `scan.code` and, if it may enter, write its check-in
    (with the scans of other doors waiting at the same time)."""
    loop = asyncio.get_running_loop()
    door = _doors.setdefault(loop, _Door())
    answer: asyncio.Future[Admission] = loop.create_future()
    door.waiting.append(_Waiting(scan, answer))
    if not door.writing:
        door.writing = True
        # A context of its own: the writer must not run inside the first scan's
        # request (its language, its actor, a transaction it might be in).
        door.writer = loop.create_task(_write_while_waiting(door), context=contextvars.Context())
    return await answer


async def _write_while_waiting(door: _Door) -> None:
    try:
        while door.waiting:
            batch, door.waiting = door.waiting[:MAX_BATCH], door.waiting[MAX_BATCH:]
            try:
                admissions = await _write([w.scan for w in batch])
            except BaseException as failed:  # each scan's request answers the error
                for waiting in batch:
                    if not waiting.answer.done():
                        waiting.answer.set_exception(failed)
                if not isinstance(failed, Exception):
                    raise
                continue
            for waiting, admission in zip(batch, admissions, strict=True):
                if not waiting.answer.done():  # its request may have gone
                    waiting.answer.set_result(admission)
    finally:
        door.writing = False


def _may_enter(scan: EntranceScan, row: dict[str, Any] | None) -> bool:
    return (
        row is not None
        and row["event"] == scan.event_id
        and row["status"] == RegistrationStatus.REGISTERED.value
    )


async def _write(scans: list[EntranceScan]) -> list[Admission]:
    codes = sorted({s.code for s in scans})
    marks = ", ".join(["{}"] * len(codes))
    found = await Registration.raw(
        f"SELECT {_COLUMNS} FROM registration WHERE ticket_code IN ({marks})", *codes
    )
    rows = {row["ticket_code"]: row for row in found}
    entering: dict[int, EntranceScan] = {}  # the first scan of each person in the batch
    for scan in scans:
        row = rows.get(scan.code)
        if _may_enter(scan, row) and row is not None and row["id"] not in entering:
            entering[row["id"]] = scan
    written: set[int] = set()
    if entering:
        values, args = [], []
        for registration_id, scan in entering.items():
            values.append(_ROW)
            args += [scan.event_id, registration_id, scan.at, scan.by_user, scan.by_link]
            args += [scan.by_name[:200], scan.method, scan.nonce]
        inserted = await Checkin.raw(_INSERT.format(", ".join(values)), *args)
        written = {row["registration"] for row in inserted}
    admissions = []
    for scan in scans:
        row = rows.get(scan.code)
        first = row is not None and entering.get(row["id"]) is scan
        admissions.append(Admission(row, first and row is not None and row["id"] in written))
    return admissions
