"""Scanners that guess: after too many unknown codes a scanner (and, far later, its
address) must wait, so ticket codes cannot be tried at random."""

from __future__ import annotations

from typing import Any

from events.enums import CheckinOutcome
from events.services.checkin.scans import CheckinResult, Scanner, check_in
from werkplaats.memo import TimedCache
from werkplaats.store import count_hit, seconds_left


class TooManyUnknownCodes(Exception):
    """A scanner (or an address) tried too many codes that do not exist; it may scan
    again in `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


UNKNOWN_LIMIT = 30  # per scanner (an account or a volunteer link), in ten minutes
# Per address only far higher: a venue's doors share one Wi-Fi address, and one
# faulty scanner must not stop the others behind it.
ADDRESS_UNKNOWN_LIMIT = 300
UNKNOWN_WINDOW = 600


_blocked = TimedCache(seconds=UNKNOWN_WINDOW, size=1024)  # scanner or address → True


async def scan(event_id: int, *, by: Scanner, address: str, **options: Any) -> CheckinResult:
    """`check_in`, refusing scanners that guess: after `UNKNOWN_LIMIT` unknown codes in
    ten minutes a scanner (after `ADDRESS_UNKNOWN_LIMIT`, every scanner of its
    address) must wait until the window ends, so codes cannot be tried at random.
    Wrong-event and other known outcomes do not count.

    The counts are shared by every process (the database); the refusal is kept in the
    process that saw the count pass the limit, so an honest scan costs no extra query.
    Over several web processes a guesser gets at most one more try per process.
    """
    limits = {
        f"checkin:unknown:{by.key}": UNKNOWN_LIMIT,
        f"checkin:unknown:addr:{address}": ADDRESS_UNKNOWN_LIMIT,
    }
    if any(_blocked.get(key) for key in limits):
        raise TooManyUnknownCodes(seconds_left(UNKNOWN_WINDOW))
    result = await check_in(event_id, by=by, **options)
    if result.outcome is CheckinOutcome.UNKNOWN:
        for key, limit in limits.items():
            if await count_hit(key, UNKNOWN_WINDOW) >= limit:
                _blocked.set(key, True, seconds=seconds_left(UNKNOWN_WINDOW))
    return result
