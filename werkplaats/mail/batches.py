"""Mail written in bulk goes to the queue in batches: one queue message names up to
`BATCH` outbox rows, and the worker delivers them one after the other, each with
its own claim (`outbox.deliver_outgoing`), so nothing about a row's exactly-once
changes. A mailing to 5,000 is a hundred messages instead of 5,000, and the cost
of a message (encoding, the broker, a worker thread handing it to the event loop)
is paid once per batch.

A failure of one row (a 4xx, the server away) does not stop the others; the batch
is retried afterwards with the queue's backoff, and the rows sent meanwhile are
skipped at their claim.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from typing import Any

from werkplaats import queue
from werkplaats.db import on_commit

DELIVER_BATCH_ACTOR = "deliver_mails"  # declared in werkplaats.mail.tasks
BATCH = 50

_pending: ContextVar[list[int] | None] = ContextVar("outbox_batch", default=None)


@contextlib.contextmanager
def batched() -> Iterator[None]:
    """Inside `atomic()`: the mail queued in this block is enqueued in batches once
    the transaction commits (and not at all if it rolls back)."""
    ids: list[int] = []
    token = _pending.set(ids)
    try:
        yield
    finally:
        _pending.reset(token)
    on_commit(lambda: enqueue_batches(ids))


def enqueue_once_committed(mail_id: int, enqueue: Callable[[int], None]) -> None:
    """In a `batched()` block: kept for its batch; elsewhere enqueued on commit."""
    pending = _pending.get()
    if pending is not None:
        pending.append(mail_id)
    else:
        on_commit(lambda: enqueue(mail_id))


def enqueue_batches(mail_ids: list[int]) -> None:
    for start in range(0, len(mail_ids), BATCH):
        queue.send(DELIVER_BATCH_ACTOR, mail_ids[start : start + BATCH])


async def deliver_batch(mail_ids: list[int], deliver: Callable[[int], Awaitable[Any]]) -> None:
    failed: Exception | None = None
    for mail_id in mail_ids:
        try:
            await deliver(mail_id)
        except Exception as exc:  # the others still go; the batch is retried after
            failed = failed or exc
    if failed is not None:
        raise failed
