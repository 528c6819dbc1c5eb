"""The database engine chosen by DATABASE_URL, and the transaction helper.

SQLite runs in WAL mode with a busy timeout, and write transactions start with
`BEGIN IMMEDIATE` so two writers queue for the lock instead of deadlocking on an
upgrade from a read lock. PostgreSQL gets one asyncpg pool per event loop: the web
server and the in-process Dramatiq worker each run their own loop, and an asyncpg
connection must never cross loops.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from werkplaats.sqlite_engine import WerkplaatsSQLiteEngine

SQLITE_BUSY_TIMEOUT_SECONDS = 30


class LoopLocalPostgresEngine(PostgresEngine):
    """A PostgresEngine whose pool belongs to the event loop that started it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._pools: dict[asyncio.AbstractEventLoop, Any] = {}
        super().__init__(*args, **kwargs)

    @property
    def pool(self) -> Any:  # type: ignore[override]
        try:
            return self._pools.get(asyncio.get_running_loop())
        except RuntimeError:
            return None

    @pool.setter
    def pool(self, value: Any) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        if value is None:
            self._pools.pop(loop, None)
        else:
            self._pools[loop] = value


def engine_from_url(url: str) -> Engine:
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path
        path = url.removeprefix("sqlite:///")
        return WerkplaatsSQLiteEngine(path=path, timeout=SQLITE_BUSY_TIMEOUT_SECONDS)
    if parts.scheme in {"postgres", "postgresql"}:
        dsn = url.replace("postgres://", "postgresql://", 1)
        return LoopLocalPostgresEngine(config={"dsn": dsn})
    raise ValueError(f"DATABASE_URL: unsupported scheme {parts.scheme!r}")


def get_engine() -> Engine:
    from piccolo.engine.finder import engine_finder

    engine = engine_finder()
    assert engine is not None, "piccolo_conf.DB is not configured"
    return engine


_wal_enabled: set[str] = set()


async def open_database() -> None:
    """Start what this process (or event loop) needs before its first query.

    Idempotent and cheap, so every actor calls it first.
    """
    engine = get_engine()
    if isinstance(engine, WerkplaatsSQLiteEngine):
        if engine.path not in _wal_enabled:
            engine.enable_wal()
            _wal_enabled.add(engine.path)
    elif isinstance(engine, PostgresEngine) and engine.pool is None:
        await engine.start_connection_pool(min_size=1, max_size=10)


async def close_database() -> None:
    engine = get_engine()
    if isinstance(engine, WerkplaatsSQLiteEngine):
        await engine.close_connections()
    elif isinstance(engine, PostgresEngine) and engine.pool is not None:
        await engine.close_connection_pool()


_after_commit: contextvars.ContextVar[list[Callable[[], Any]] | None] = contextvars.ContextVar(
    "werkplaats_after_commit", default=None
)


@asynccontextmanager
async def atomic() -> AsyncIterator[None]:
    """One write transaction; callbacks given to `on_commit` run after it commits.

    Nested calls join the outer transaction, and their callbacks wait for the
    outermost commit. On an exception nothing is written and no callback runs.
    """
    if _after_commit.get() is not None:
        yield
        return
    engine = get_engine()
    kwargs: dict[str, Any] = {}
    if isinstance(engine, SQLiteEngine):
        kwargs["transaction_type"] = TransactionType.immediate
    callbacks: list[Callable[[], Any]] = []
    token = _after_commit.set(callbacks)
    try:
        async with engine.transaction(**kwargs):
            yield
    finally:
        _after_commit.reset(token)
    for callback in callbacks:
        callback()


def contains(column: Any, text: str) -> Any:
    """Case-insensitive substring match: ILIKE on PostgreSQL, LIKE (already so) on SQLite.

    A typed `%` or `_` acts as a wildcard: harmless in a search box.
    """
    pattern = f"%{text}%"
    return column.ilike(pattern) if get_engine().engine_type == "postgres" else column.like(pattern)


async def lock(name: str) -> None:
    """Hold the lock `name` until the current `atomic()` block ends, across processes.

    PostgreSQL: a transaction-level advisory lock. SQLite: the `BEGIN IMMEDIATE` of
    `atomic()` already holds the database's single write lock, so nothing to add.
    Check-then-write rules (a free slug, a free seat) read after taking it.
    """
    assert _after_commit.get() is not None, "lock() only makes sense inside atomic()"
    engine = get_engine()
    if isinstance(engine, PostgresEngine):
        from werkplaats.tables import StoredValue

        await StoredValue.raw("SELECT pg_advisory_xact_lock(hashtext({}))", name)


def on_commit(callback: Callable[[], Any]) -> None:
    """Run `callback` once the current `atomic()` block commits (now if none)."""
    callbacks = _after_commit.get()
    if callbacks is None:
        callback()
    else:
        callbacks.append(callback)
