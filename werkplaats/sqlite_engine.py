"""SQLite for a real web server: long-lived connections, one writer at a time.

Piccolo's SQLiteEngine opens a new connection (and a new thread, through aiosqlite)
for every query, and lets every writer race for the database lock: under fifty
concurrent registrations that stalls and ends in "database is locked". Here each
event loop keeps

- a few reader connections, used in turn; in WAL mode readers never block the
  writer and see every committed write;
- one writer connection behind an `asyncio.Lock`: single writes and whole
  transactions queue in the process instead of fighting inside SQLite.

Between event loops (the web server's and the in-process worker's) and between
processes, SQLite's own lock with a busy timeout orders the writers; transactions
begin IMMEDIATE, so a writer waits for the lock up front instead of failing on an
upgrade halfway.

Foreign keys are switched on once, when a connection is opened. Piccolo's own
engine sends `PRAGMA foreign_keys = 1` before every statement of a transaction: a
round trip each, and a no-op, since SQLite ignores that pragma inside a transaction.

Piccolo internals this relies on (pinned to one minor version in pyproject.toml):
`SQLiteEngine.run_querystring`/`run_ddl` calling `_run_in_new_connection` outside a
transaction and `_run_in_existing_connection` inside one, with these signatures;
`connection_kwargs` and the `current_transaction` ContextVar; `SQLiteTransaction`'s
`_parent`, `_committed`, `_rolled_back`, `connection`, `context` and `begin`/
`commit`/`rollback`; `dict_factory`. From aiosqlite: `Connection._thread`. Inserts
rely on RETURNING (SQLite 3.35 and later), as Piccolo does from that version on.
"""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiosqlite
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType, dict_factory

READERS_PER_LOOP = 4


@dataclass
class _Connections:
    readers: asyncio.Queue[aiosqlite.Connection] = field(default_factory=asyncio.Queue)
    opened_readers: int = 0
    writer: aiosqlite.Connection | None = None
    write_lock: asyncio.Lock = field(default_factory=asyncio.Lock)


def _is_read(query: str) -> bool:
    return query.lstrip()[:6].upper() == "SELECT"


class WerkplaatsSQLiteEngine(SQLiteEngine):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._by_loop: dict[asyncio.AbstractEventLoop, _Connections] = {}

    def enable_wal(self) -> None:
        """WAL is a property of the file: set once, every later connection has it."""
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(self.path) as connection:
            connection.execute("PRAGMA journal_mode=WAL")

    def _connections(self) -> _Connections:
        loop = asyncio.get_running_loop()
        found = self._by_loop.get(loop)
        if found is None:
            found = self._by_loop[loop] = _Connections()
        return found

    async def _open(self) -> aiosqlite.Connection:
        pending = aiosqlite.connect(**self.connection_kwargs)
        # A kept connection must not keep a finished process alive (aiosqlite's
        # thread is not a daemon): SQLite's journal makes an abrupt end safe.
        pending._thread.daemon = True
        connection = await pending
        connection.row_factory = dict_factory  # type: ignore[assignment]
        await connection.execute("PRAGMA foreign_keys = 1")
        await connection.execute("PRAGMA synchronous = NORMAL")
        return connection

    async def _reader(self, pool: _Connections) -> aiosqlite.Connection:
        if pool.readers.empty() and pool.opened_readers < READERS_PER_LOOP:
            pool.opened_readers += 1
            try:
                return await self._open()
            except BaseException:
                pool.opened_readers -= 1
                raise
        return await pool.readers.get()

    async def writer(self) -> tuple[aiosqlite.Connection, asyncio.Lock]:
        """The writer connection of this loop and the lock to hold while using it."""
        pool = self._connections()
        if pool.writer is None:
            pool.writer = await self._open()
        return pool.writer, pool.write_lock

    async def _execute(self, connection: aiosqlite.Connection, query: str, args: list) -> list:
        # One trip to the connection's thread (execute, fetch and close there), not
        # three: each trip costs more CPU than a small statement itself.
        return list(await connection.execute_fetchall(query, args))

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: Any = None,
    ) -> list:
        args = args or []
        pool = self._connections()
        if _is_read(query):
            connection = await self._reader(pool)
            try:
                return await self._execute(connection, query, args)
            finally:
                pool.readers.put_nowait(connection)
        connection, lock = await self.writer()
        async with lock:
            return await self._execute(connection, query, args)

    async def _run_in_existing_connection(
        self,
        connection: aiosqlite.Connection,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: Any = None,
    ) -> list:
        """A statement inside a transaction: the connection came from `_open`."""
        return await self._execute(connection, query, args or [])

    def transaction(
        self,
        transaction_type: TransactionType = TransactionType.deferred,
        allow_nested: bool = True,
    ) -> SQLiteTransaction:
        return WriterTransaction(
            engine=self, transaction_type=transaction_type, allow_nested=allow_nested
        )

    async def close_connections(self) -> None:
        """Close this loop's connections (at shutdown, and between test runs)."""
        pool = self._by_loop.pop(asyncio.get_running_loop(), None)
        if pool is None:
            return
        while not pool.readers.empty():
            await pool.readers.get_nowait().close()
        if pool.writer is not None:
            async with pool.write_lock:
                await pool.writer.close()


class WriterTransaction(SQLiteTransaction):
    """A transaction on the loop's writer connection, holding its lock throughout."""

    __slots__ = ("_lock",)

    async def __aenter__(self) -> SQLiteTransaction:
        if self._parent is not None:
            return self._parent
        self.connection, self._lock = await self.engine.writer()  # type: ignore[attr-defined]
        await self._lock.acquire()
        try:
            await self.begin()
        except BaseException:
            self._lock.release()
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        if self._parent:
            return exception is None
        try:
            if exception and not self._rolled_back:
                await self.rollback()
            elif not exception and not self._committed and not self._rolled_back:
                try:
                    await self.commit()
                except BaseException:
                    await self._abandon()
                    raise
        finally:
            self.engine.current_transaction.reset(self.context)
            self._lock.release()
        return exception is None

    async def _abandon(self) -> None:
        """Never hand the shared writer on with a transaction still open."""
        if self.connection.in_transaction:
            await self.connection.execute("ROLLBACK")
