"""Claims with an owner and a lease: how the outbox and the job queue take a row.

A worker claims a row (`ready` → `busy`), writing a claim token that names its
process and a time until which the claim holds. While it works it renews the
lease (`held`); its last write says `WHERE state = busy AND claimed_by = token`, so
a row taken back meanwhile (its lease ran out, an organiser erased it, another
worker has it now) is never overwritten by a late finish.

The sweeper takes back a busy row whose lease ran out, and at once one whose owner
is a process of this machine that no longer runs: a worker restarted after a crash
takes up its unfinished rows on its first sweep instead of after a long timeout.

The edge that remains (at-least-once): a worker that has handed a mail to the SMTP
server and dies before its last write leaves a row that is taken back and sent
again. SMTP has no way to ask whether a message arrived; the short lease keeps that
window to the crash itself, and the stable Message-ID lets the receiving side
recognise the second copy. A database that is away when that last write is due (a
PostgreSQL restart) is waited for within the lease (`finish(through_outage=True)`),
so a restart of the database alone sends nothing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import os
import secrets
import socket
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from piccolo.columns import JSON, Column
from piccolo.table import Table

from werkplaats.db import database_away

log = logging.getLogger(__name__)

LEASE_SECONDS = 60.0
RENEW_EVERY_SECONDS = LEASE_SECONDS / 3
# Rows claimed before claims had owners (no lease written) are taken back after this.
UNLEASED_AFTER_SECONDS = 900
# A finished claim's last write waits this long for a database that is away: less
# than the lease left after its last renewal, so nobody has taken the row back.
OUTAGE_WAIT_SECONDS = LEASE_SECONDS - RENEW_EVERY_SECONDS - 10


async def _retried(query: Any, *, within: float) -> Any:
    """Run `query`, again while the database is away (backing off up to 5 s)."""
    deadline = time.monotonic() + within
    delay = 0.25
    while True:
        try:
            return await query
        except Exception as exc:
            if not database_away(exc) or time.monotonic() + delay > deadline:
                raise
            log.warning("database away, the last write is tried again in %.2f s", delay)
        await asyncio.sleep(delay)
        delay = min(delay * 2, 5.0)


def _as_written(column: Column, value: Any) -> Any:
    """A value as a raw statement takes it: JSON as text, an enum as its value."""
    if isinstance(column, JSON) and not isinstance(value, str):
        return json.dumps(value)
    return value.value if isinstance(value, Enum) else value


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _start_time(pid: int) -> str | None:
    """When process `pid` started (clock ticks since boot), or None if it is gone.

    With the pid it tells one process from a later one that was given the same pid.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]  # field 22; the name may hold spaces


@cache
def _owner(pid: int) -> str:
    return f"{socket.gethostname()}:{pid}:{_start_time(pid) or '0'}"


def owner() -> str:
    """This process, as claims name it: machine, pid and start time."""
    return _owner(os.getpid())  # keyed by pid: a forked worker is an owner of its own


def owner_is_gone(claimed_by: str) -> bool:
    """True only when the claim's owner is known to have stopped: a process of this
    machine that no longer runs. Another machine's claims wait for their lease."""
    host, pid, started, *_ = [*claimed_by.split(":"), "", "", ""]
    if host != socket.gethostname() or not pid.isdigit() or started in ("", "0"):
        return False
    if _start_time(os.getpid()) is None:  # no /proc here: no way to tell
        return False
    return _start_time(int(pid)) != started


@dataclass(frozen=True)
class Lease:
    """The claim rules of one table: its state column's ready and busy values, and
    the column that says when a ready row was last put in the queue."""

    table: type[Table]
    ready: str
    busy: str
    queued_at: Column

    @property
    def _name(self) -> str:
        return self.table._meta.tablename

    async def claim(self, row_id: int, also: str = "", *values: Any) -> str | None:
        """Take row `row_id` if it is ready; the claim token, or None if it was not.

        `also` is more of the `SET` clause (`", attempts = attempts + 1"`), with its
        `{}` placeholders filled from `values`.
        """
        claimed = await self.claim_row(row_id, also, *values, returning="id")
        return claimed[0] if claimed else None

    async def claim_row(
        self, row_id: int, also: str = "", *values: Any, returning: str = "*"
    ) -> tuple[str, dict[str, Any]] | None:
        """`claim`, with the row as it is now claimed (its JSON columns as text, as
        the database returns them): one statement instead of a claim and a read."""
        token = f"{owner()}:{secrets.token_hex(4)}"
        # Tried again while the database is away; a first try that committed but
        # whose answer was lost is recognised by its token instead of left to expire.
        query = self.table.raw(
            f"UPDATE {self._name} SET state = {{}}, claimed_by = {{}}, lease_until = {{}}{also} "
            "WHERE id = {} AND (state = {} OR (state = {} AND claimed_by = {})) "
            f"RETURNING {returning}",
            self.busy,
            token,
            _now() + dt.timedelta(seconds=LEASE_SECONDS),
            *values,
            row_id,
            self.ready,
            self.busy,
            token,
        )
        rows = await _retried(query, within=OUTAGE_WAIT_SECONDS)
        return (token, rows[0]) if rows else None

    def _mine(self, row_id: int, token: str) -> Any:
        table = self.table
        return (
            (table.id == row_id)
            & (table._meta.get_column_by_name("state") == self.busy)
            & (table._meta.get_column_by_name("claimed_by") == token)
        )

    async def renew(self, row_id: int, token: str) -> bool:
        """Extend the claim; False when it is no longer this token's."""
        lease_until = self.table._meta.get_column_by_name("lease_until")
        rows = await (
            self.table.update({lease_until: _now() + dt.timedelta(seconds=LEASE_SECONDS)})
            .where(self._mine(row_id, token))
            .returning(self.table.id)
        )
        return bool(rows)

    async def finish(
        self, row_id: int, token: str, values: dict[Any, Any], *, through_outage: bool = False
    ) -> bool:
        """The claim's last write; False (nothing written) when the row was taken
        back or removed meanwhile.

        `through_outage`: the work is done and cannot be undone (a mail the SMTP server
        accepted), so a database that is away is waited for, within what is left of
        the lease, before giving up; giving up means the work is done again.
        """
        # One raw statement: building it through Piccolo's query classes cost more
        # than running it, and the outbox writes one per mail.
        names = [f"{column._meta.db_column_name} = {{}}" for column in values]
        query = self.table.raw(
            f"UPDATE {self._name} SET {', '.join(names)} "
            "WHERE id = {} AND state = {} AND claimed_by = {} RETURNING id",
            *(_as_written(column, value) for column, value in values.items()),
            row_id,
            self.busy,
            token,
        )
        wait = OUTAGE_WAIT_SECONDS if through_outage else 0.0
        rows = await _retried(query, within=wait)
        if not rows:
            log.info("%s %s was no longer claimed by %s: left as it is", self._name, row_id, token)
        return bool(rows)

    @contextlib.asynccontextmanager
    async def held(self, row_id: int, token: str) -> AsyncIterator[None]:
        """Keep renewing the claim while the block runs."""

        async def renew_forever() -> None:
            while True:
                await asyncio.sleep(RENEW_EVERY_SECONDS)
                try:
                    if not await self.renew(row_id, token):
                        return
                except Exception:  # a missed renewal is not the work's failure
                    log.warning("could not renew the claim on %s %s", self._name, row_id)

        renewer = asyncio.create_task(renew_forever())
        try:
            yield
        finally:
            renewer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewer

    async def take_back(self) -> list[int]:
        """Put busy rows whose claim ended (lease over, owner gone) back to ready, as
        just queued; their ids."""
        table = self.table
        state = table._meta.get_column_by_name("state")
        claimed_by = table._meta.get_column_by_name("claimed_by")
        lease_until = table._meta.get_column_by_name("lease_until")
        now = _now()
        owners = await table.select(claimed_by).where(state == self.busy).distinct()
        gone = [row["claimed_by"] for row in owners if owner_is_gone(row["claimed_by"])]
        ended = (lease_until < now) | (
            lease_until.is_null()
            & (self.queued_at < now - dt.timedelta(seconds=UNLEASED_AFTER_SECONDS))
        )
        if gone:
            ended = ended | claimed_by.is_in(gone)
        rows = await (
            table.update(
                {state: self.ready, claimed_by: "", lease_until: None, self.queued_at: now}
            )
            .where((state == self.busy) & ended)
            .returning(table.id)
        )
        return [row["id"] for row in rows]

    async def requeue_stale(self, min_age: float, enqueue: Callable[[int], None]) -> int:
        """Send the queue a new message for ready rows queued at least `min_age`
        seconds ago (their message was lost); how many."""
        table = self.table
        state = table._meta.get_column_by_name("state")
        now = _now()
        stale = await table.select(table.id).where(
            (state == self.ready) & (self.queued_at <= now - dt.timedelta(seconds=min_age))
        )
        ids = [row["id"] for row in stale]
        if ids:
            await table.update({self.queued_at: now}).where(table.id.is_in(ids))
            for row_id in ids:
                enqueue(row_id)
        return len(ids)

    async def sweep(self, min_age: float, enqueue: Callable[[int], None]) -> int:
        """Take back ended claims and re-enqueue them and every row whose message was
        lost; how many messages were sent."""
        lost = await self.requeue_stale(min_age, enqueue)  # first: not the ones taken back
        taken_back = await self.take_back()
        for row_id in taken_back:
            enqueue(row_id)
        return lost + len(taken_back)
