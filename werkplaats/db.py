"""The database engine chosen by DATABASE_URL, and the transaction helper.

SQLite runs in WAL mode with a busy timeout, and write transactions start with
`BEGIN IMMEDIATE` so two writers queue for the lock instead of deadlocking on an
upgrade from a read lock. PostgreSQL gets one asyncpg pool per event loop: the web
server and the in-process Dramatiq worker each run their own loop, and an asyncpg
connection must never cross loops.

`LoopLocalPostgresEngine` relies on a Piccolo internal (pinned to one minor version
in pyproject.toml): PostgresEngine keeps its asyncpg pool in the attribute `pool`,
which `start_connection_pool`/`close_connection_pool` assign and `run_querystring`,
`run_ddl` and `PostgresTransaction.get_connection` read.

With the setting LOCK_TIMES_DIR, each process records how long every `lock(name)`
was held, per name prefix, and writes the figures out in `close_database()` for the
benchmark to read.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import os
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
from piccolo.engine.base import Engine
from piccolo.engine.finder import engine_finder
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.querystring import QueryString

from werkplaats.settings import get_settings
from werkplaats.sqlite_engine import WerkplaatsSQLiteEngine

SQLITE_BUSY_TIMEOUT_SECONDS = 30

# The database is away (restarting, shutting down, not reachable), not the query wrong.
_AWAY: tuple[type[BaseException], ...] = (
    ConnectionError,  # refused or reset while the pool (re)connects
    asyncpg.PostgresConnectionError,  # the connection died under a query
    asyncpg.exceptions.OperatorInterventionError,  # shutting down, still starting
)


def database_away(exc: BaseException) -> bool:
    """Whether `exc` (or what caused it) says the database cannot be reached now."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, _AWAY):
            return True
        if isinstance(exc, asyncpg.InterfaceError) and "closed" in str(exc):
            return True  # a pool or connection closed by the lost server
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


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
    engine = engine_finder()
    assert engine is not None, "piccolo_conf.DB is not configured"
    return engine


_wal_enabled: set[str] = set()


class LockTimes:
    """How long each lock was held, in seconds, per name prefix, for this process."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._held: dict[str, list[float]] = {}
        self._mutex = threading.Lock()  # the in-process worker records from its own thread

    def record(self, taken: dict[str, float], released_at: float) -> None:
        with self._mutex:
            for name, taken_at in taken.items():
                prefix = name.partition(":")[0]
                self._held.setdefault(prefix, []).append(released_at - taken_at)

    def write(self) -> None:
        """All figures so far (a later call writes a superset), replaced atomically."""
        with self._mutex:
            figures = {prefix: list(seconds) for prefix, seconds in self._held.items()}
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"locks-{os.getpid()}.json"
        partial = path.with_suffix(".json.partial")
        partial.write_text(json.dumps(figures))
        partial.replace(path)


_lock_times: LockTimes | None = None


async def open_database() -> None:
    """Start what this process (or event loop) needs before its first query.

    Idempotent and cheap, so every actor calls it first.
    """
    global _lock_times
    directory = get_settings().lock_times_dir
    if directory is None:
        _lock_times = None
    elif _lock_times is None or _lock_times.directory != directory:
        _lock_times = LockTimes(directory)
    engine = get_engine()
    if isinstance(engine, WerkplaatsSQLiteEngine):
        if engine.path not in _wal_enabled:
            engine.enable_wal()
            _wal_enabled.add(engine.path)
    elif isinstance(engine, PostgresEngine) and engine.pool is None:
        await engine.start_connection_pool(min_size=1, max_size=10)


async def close_database() -> None:
    if _lock_times is not None:
        _lock_times.write()
    engine = get_engine()
    if isinstance(engine, WerkplaatsSQLiteEngine):
        await engine.close_connections()
    elif isinstance(engine, PostgresEngine) and engine.pool is not None:
        await engine.close_connection_pool()


@dataclass
class _Atomic:
    """The outermost `atomic()` block of this task: its callbacks, and its locks
    with the moment each was taken (only while lock times are recorded)."""

    callbacks: list[Callable[[], Any]] = field(default_factory=list)
    began: float = 0.0
    locks: dict[str, float] = field(default_factory=dict)


_current: contextvars.ContextVar[_Atomic | None] = contextvars.ContextVar(
    "werkplaats_atomic", default=None
)


def in_atomic() -> bool:
    """Inside an `atomic()` block (of this task)."""
    return _current.get() is not None


@asynccontextmanager
async def atomic() -> AsyncIterator[None]:
    """One write transaction; callbacks given to `on_commit` run after it commits.

    Nested calls join the outer transaction, and their callbacks wait for the
    outermost commit. On an exception nothing is written and no callback runs.
    """
    if _current.get() is not None:
        yield
        return
    engine = get_engine()
    kwargs: dict[str, Any] = {}
    if isinstance(engine, SQLiteEngine):
        kwargs["transaction_type"] = TransactionType.immediate
    state = _Atomic()
    token = _current.set(state)
    try:
        async with engine.transaction(**kwargs):
            if _lock_times is not None:
                state.began = time.perf_counter()
            yield
    finally:
        _current.reset(token)
        if _lock_times is not None and state.locks:
            _lock_times.record(state.locks, time.perf_counter())
    for callback in state.callbacks:
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

    Its hold time, when recorded, runs until the block has committed or rolled
    back; on SQLite from the `BEGIN IMMEDIATE`, when the write lock was taken.
    """
    state = _current.get()
    assert state is not None, "lock() only makes sense inside atomic()"
    engine = get_engine()
    if isinstance(engine, PostgresEngine):
        # In the current transaction: run_querystring uses its connection.
        sql = QueryString("SELECT pg_advisory_xact_lock(hashtext({}))", name)
        await engine.run_querystring(sql)
        if _lock_times is not None:
            state.locks.setdefault(name, time.perf_counter())
    elif _lock_times is not None:
        state.locks.setdefault(name, state.began)


def on_commit(callback: Callable[[], Any]) -> None:
    """Run `callback` once the current `atomic()` block commits (now if none)."""
    state = _current.get()
    if state is None:
        callback()
    else:
        state.callbacks.append(callback)
