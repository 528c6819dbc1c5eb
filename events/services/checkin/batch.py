"""An offline door syncing: the scans it judged by itself, sent in one batch.

Each scan is written as a scan at the door is (`checkin.scan`: the unknown-code
limit, one live check-in per person and place, the scan's nonce once), at the time
the door scanned. Sent again, a batch writes nothing twice and is answered as
before.

What the door showed (`judged`) against what the server finds gives a conflict:

- the door let the person in, and another door had already: the check-in that was
  recorded first stays, this scan is kept as *duplicate*;
- the door let the person in, and the registration was cancelled (or lost its seat)
  in the meantime: the scan is kept as *refused*.

Both go to the door in the answer and to the organiser's check-in list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from events.enums import CheckinConflictKind, CheckinOutcome
from events.services.checkin.desk import places
from events.services.checkin.guessing import scan
from events.services.checkin.scans import NONCE_LIMIT, CheckinResult, Scanner
from events.tables import CheckinConflict
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _

MAX_SCANS = 1000
CLOCK_SKEW = dt.timedelta(minutes=5)  # a phone's clock runs a little ahead
STAFF_EARLIEST = dt.timedelta(days=1)  # before its start, a staff door scans nobody


def earliest_scan(starts_at: dt.datetime, link_made_at: dt.datetime | None) -> dt.datetime:
    """The first moment a door could scan: when its volunteer link was made, or for
    staff a day before the event starts."""
    return link_made_at or starts_at - STAFF_EARLIEST


@dataclass(frozen=True)
class OfflineScan:
    nonce: str
    scanned_at: dt.datetime
    code: str | None = None
    registration_id: int | None = None
    session_id: int | None = None
    judged: CheckinOutcome = CheckinOutcome.OK


@dataclass(frozen=True)
class SyncedScan:
    nonce: str
    result: CheckinResult
    conflict: CheckinConflictKind | None = None


def _errors(scans: list[OfflineScan], *, earliest: dt.datetime, now: dt.datetime) -> dict:
    errors: dict[str, str] = {}
    if len(scans) > MAX_SCANS:
        return {"scans": _("At most {n} scans in one batch.").format(n=MAX_SCANS)}
    seen: set[str] = set()
    for n, item in enumerate(scans):
        where = f"scans[{n}]"
        if not item.nonce.strip() or len(item.nonce) > NONCE_LIMIT:
            errors[f"{where}.nonce"] = _("Every scan needs its own id (at most 64 characters).")
        elif item.nonce in seen:
            errors[f"{where}.nonce"] = _("This scan id is in the batch twice.")
        seen.add(item.nonce)
        if (item.code is None) == (item.registration_id is None):
            errors[f"{where}.code"] = _("Give either the scanned code or a registration.")
        if item.scanned_at.tzinfo is None:
            errors[f"{where}.scanned_at"] = _("Give the time with its offset from UTC.")
        elif item.scanned_at > now + CLOCK_SKEW:
            errors[f"{where}.scanned_at"] = _("This scan time lies in the future.")
        elif item.scanned_at < earliest:
            errors[f"{where}.scanned_at"] = _("This scan time lies before this door could scan.")
    return errors


def _conflict(judged: CheckinOutcome, found: CheckinOutcome) -> CheckinConflictKind | None:
    if judged is not CheckinOutcome.OK:  # the door let nobody in: nothing to reconcile
        return None
    if found is CheckinOutcome.ALREADY_CHECKED_IN:
        return CheckinConflictKind.DUPLICATE
    if found in (CheckinOutcome.CANCELLED, CheckinOutcome.NOT_ADMITTED):
        return CheckinConflictKind.REFUSED
    return None  # ok, or a code the door could not have judged from its pack


_RECORD = (
    "INSERT INTO checkin_conflict (event, registration, session, kind, outcome, scanned_at, "
    "by_user, by_link, by_name, nonce, recorded_at) "
    "VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}) ON CONFLICT DO NOTHING"
)


async def _record(
    event_id: int, item: OfflineScan, result: CheckinResult, kind: CheckinConflictKind, by: Scanner
) -> None:
    await CheckinConflict.raw(
        _RECORD, event_id, result.registration_id, item.session_id, kind.value,
        result.outcome.value, item.scanned_at, by.user_id, by.link_id, by.name[:200],
        item.nonce, dt.datetime.now(dt.UTC),
    )  # fmt: skip


async def sync(
    event_id: int,
    scans: list[OfflineScan],
    *,
    by: Scanner,
    address: str,
    earliest: dt.datetime,
) -> list[SyncedScan]:
    """Write `scans` in order; one answer each, in the same order.

    Raises FieldErrors (nothing written) for a malformed batch: a scan id twice or
    missing, a time in the future or before `earliest` (when the door could first
    scan), a session of another event. Raises `TooManyUnknownCodes` once the batch
    has tried too many codes that do not exist: what came before stays written, and
    the batch sent again later is answered as far as it got.
    """
    now = dt.datetime.now(dt.UTC)
    errors = _errors(scans, earliest=earliest, now=now)
    sessions = {p.session_id for p in await places(event_id)}
    for n, item in enumerate(scans):
        if item.session_id is not None and item.session_id not in sessions:
            errors[f"scans[{n}].session"] = _("This event has no such session.")
    if errors:
        raise FieldErrors(errors)
    synced = []
    for item in scans:
        result = await scan(
            event_id, by=by, address=address, code=item.code,
            registration_id=item.registration_id, session_id=item.session_id,
            nonce=item.nonce, method="offline", at=item.scanned_at,
        )  # fmt: skip
        conflict = _conflict(item.judged, result.outcome)
        if conflict is not None:
            await _record(event_id, item, result, conflict, by)
        synced.append(SyncedScan(item.nonce, result, conflict))
    return synced
