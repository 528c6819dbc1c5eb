"""What else happens when an event is cancelled: the hook for the announcement mail.

Calendars need nothing more than the catalogue already does (the status, and a
higher SEQUENCE). The mail to everyone registered comes with the mailings app,
which registers itself here with `when_event_cancelled`; until then nothing is sent.

The catalogue calls `event_cancelled` inside the transaction that cancels the event,
once the new status is written. What a listener writes (an outbox row, a job row)
is therefore committed with the cancellation or not at all. A listener should only
write what is needed to send later, not send: one that raises undoes the cancel.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

CancellationListener = Callable[[int], Awaitable[None]]

_listeners: list[CancellationListener] = []


def when_event_cancelled(listener: CancellationListener) -> CancellationListener:
    """Register `listener(event_id)`; usable as a decorator. Registering twice is once."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def forget_listener(listener: CancellationListener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


async def event_cancelled(event_id: int) -> None:
    """The event `event_id` has just been cancelled (called inside that transaction)."""
    for listener in list(_listeners):
        await listener(event_id)
