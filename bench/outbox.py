"""Watch a bench run's mail outbox from outside the app: how soon is every mail written?

Reads the `outgoing_mail` table with one read-only connection (SQLite opened with
`mode=ro`, PostgreSQL in a read-only session) and counts the rows of some recipients
by state, until none is queued or being sent, or until a cap. It never writes and
does not import the app, so it takes nothing from the server it watches.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

from bench.load import Settled

WAITING = ("queued", "sending")  # the states a mail leaves by itself
COUNT_SQL = "SELECT state, count(*) FROM outgoing_mail WHERE to_address LIKE {} GROUP BY state"

Counter = Callable[[str], dict[str, int]]


@contextlib.contextmanager
def outbox_reader(database_url: str) -> Iterator[Counter]:
    """A function: recipient LIKE pattern -> {state: rows}, on one read-only connection."""
    scheme = urlsplit(database_url).scheme
    if scheme == "sqlite":
        path = database_url.removeprefix("sqlite:///")
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            yield lambda pattern: dict(connection.execute(COUNT_SQL.format("?"), (pattern,)))
        finally:
            connection.close()
    elif scheme in {"postgres", "postgresql"}:
        import asyncpg

        loop = asyncio.new_event_loop()
        dsn = database_url.replace("postgres://", "postgresql://", 1)
        connection = loop.run_until_complete(
            asyncpg.connect(dsn, server_settings={"default_transaction_read_only": "on"})
        )

        def count(pattern: str) -> dict[str, int]:
            rows = loop.run_until_complete(connection.fetch(COUNT_SQL.format("$1"), pattern))
            return {row[0]: row[1] for row in rows}

        try:
            yield count
        finally:
            loop.run_until_complete(connection.close())
            loop.close()
    else:
        raise ValueError(f"unsupported database {scheme!r}")


def wait_for_mail(
    database_url: str,
    pattern: str,
    *,
    since: float,
    cap: float,
    interval: float = 0.1,
) -> Settled:
    """Poll until no mail to `pattern` is queued or sending, or `cap` seconds after
    `since` (a time.monotonic()); the seconds from `since` until then."""
    with outbox_reader(database_url) as count:
        while True:
            states = count(pattern)
            waiting = sum(states.get(state, 0) for state in WAITING)
            now = time.monotonic()
            if not waiting or now - since >= cap:
                break
            time.sleep(interval)
    total = sum(states.values())
    others = {k: v for k, v in sorted(states.items()) if k != "sent"}
    if waiting:
        note = f"{waiting} of {total} mails still queued {cap:.0f} s after the last response"
        return Settled(None, waiting, note + (f" {others}" if others else ""))
    seconds = max(0.0, now - since)
    note = (
        f"{states.get('sent', 0)} of {total} mails written {seconds:.1f} s after the last response"
    )
    return Settled(seconds, 0, note + (f", not sent: {others}" if others else ""))
