"""The database engines under load and at their edges, on whichever database the suite
runs on: SQLite's kept connections (one writer per loop) or PostgreSQL's pool per loop.

The in-process worker runs its actors on an event loop of its own in another thread;
`in_another_loop` does the same here.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import pytest

from tests.conftest import USING_POSTGRES
from werkplaats.db import atomic, close_database, get_engine, lock, on_commit, open_database
from werkplaats.settings import get_settings
from werkplaats.tables import ApiToken, StoredValue

T = TypeVar("T")
FOREIGN_KEY_ERRORS = (sqlite3.IntegrityError, asyncpg.ForeignKeyViolationError)
NOBODY = 424242


class Boom(Exception):
    pass


async def in_another_loop(work: Callable[[], Awaitable[T]]) -> T:
    """Run `work` as the in-process worker would: another thread, its own event loop."""

    async def run() -> T:
        await open_database()
        try:
            return await work()
        finally:
            await close_database()

    return await asyncio.to_thread(asyncio.run, run())


async def counter_of(key: str) -> int:
    row = await StoredValue.select(StoredValue.counter).where(StoredValue.key == key).first()
    return row["counter"]


async def increment(key: str) -> None:
    async with atomic():
        await lock(f"counter:{key}")
        counter = await counter_of(key)
        await asyncio.sleep(0.005)  # room for a lost update, were the lock not held
        await StoredValue.update({StoredValue.counter: counter + 1}).where(StoredValue.key == key)


async def test_foreign_key_to_nowhere_raises_inside_and_outside_a_transaction():
    if not USING_POSTGRES:  # new connections: foreign keys must be on from the start
        await get_engine().close_connections()  # type: ignore[attr-defined]

    with pytest.raises(FOREIGN_KEY_ERRORS, match=r"(?i)foreign key"):
        async with atomic():
            await ApiToken.insert(ApiToken(user=NOBODY, token_hash="a" * 64))
    with pytest.raises(FOREIGN_KEY_ERRORS, match=r"(?i)foreign key"):
        await ApiToken.insert(ApiToken(user=NOBODY, token_hash="b" * 64))

    assert await ApiToken.count() == 0


@pytest.mark.skipif(USING_POSTGRES, reason="counts what the SQLite engine sends")
async def test_sqlite_sends_no_statement_of_its_own_in_a_transaction():
    connection, _ = await get_engine().writer()  # type: ignore[attr-defined]
    statements: list[str] = []
    await connection.set_trace_callback(statements.append)
    try:
        await StoredValue.insert(StoredValue(key="telling"))
        async with atomic():
            counter = await counter_of("telling")
            await StoredValue.update({StoredValue.counter: counter + 1}).where(
                StoredValue.key == "telling"
            )
            await StoredValue.insert(StoredValue(key="second"))
    finally:
        await connection.set_trace_callback(None)

    verbs = [statement.split()[0].upper() for statement in statements]
    assert verbs == ["INSERT", "BEGIN", "SELECT", "UPDATE", "INSERT", "COMMIT"]


async def test_concurrent_writers_under_a_lock_lose_no_update():
    await StoredValue.insert(StoredValue(key="teller"))

    async def ten_more() -> None:
        await asyncio.gather(*(increment("teller") for _ in range(10)))

    await asyncio.gather(in_another_loop(ten_more), ten_more())

    assert await counter_of("teller") == 20


async def test_transaction_rolled_back_on_an_exception_writes_nothing_and_calls_nothing_back():
    called: list[str] = []

    with pytest.raises(Boom):
        async with atomic():
            await lock("rollback")
            await StoredValue.insert(StoredValue(key="rolled-back"))
            on_commit(lambda: called.append("rolled-back"))
            raise Boom
    async with atomic():
        await StoredValue.insert(StoredValue(key="committed"))
        on_commit(lambda: called.append("committed"))

    assert await StoredValue.select(StoredValue.key) == [{"key": "committed"}]
    assert called == ["committed"]


async def test_reader_during_a_write_sees_the_committed_state_without_waiting():
    await StoredValue.insert(StoredValue(key="stand", counter=1))
    written, read = asyncio.Event(), asyncio.Event()
    seen: list[int] = []

    async def write() -> None:
        async with atomic():
            await lock("stand")
            await StoredValue.update({StoredValue.counter: 2}).where(StoredValue.key == "stand")
            written.set()
            await asyncio.wait_for(read.wait(), timeout=10)  # a blocked reader fails here

    async def read_meanwhile() -> None:
        await written.wait()
        seen.append(await counter_of("stand"))
        read.set()

    await asyncio.gather(write(), read_meanwhile())
    seen.append(await counter_of("stand"))

    assert seen == [1, 2]


async def test_nested_atomic_joins_the_outer_transaction():
    engine = get_engine()
    transactions: list[Any] = []
    called: list[str] = []

    async def outer(fail: bool) -> None:
        async with atomic():
            transactions.append(engine.current_transaction.get())
            async with atomic():
                transactions.append(engine.current_transaction.get())
                await StoredValue.insert(StoredValue(key=f"inner-{fail}"))
                on_commit(lambda: called.append(f"inner-{fail}"))
            called.append(f"outer-{fail}")
            if fail:
                raise Boom

    with pytest.raises(Boom):
        await outer(fail=True)
    await outer(fail=False)

    assert transactions[0] is transactions[1] and transactions[2] is transactions[3]
    assert called == ["outer-True", "outer-False", "inner-False"]
    assert await StoredValue.select(StoredValue.key) == [{"key": "inner-False"}]


def _per_loop(engine: Any) -> dict[Any, Any]:
    return engine._pools if USING_POSTGRES else engine._by_loop


async def test_a_second_event_loop_in_another_thread_gets_its_own_connections():
    engine = get_engine()
    await StoredValue.count()  # this loop's connections are open
    ours = dict(_per_loop(engine))

    async def work() -> tuple[list[dict[str, Any]], Any]:
        async with atomic():
            await lock("worker")
            await StoredValue.insert(StoredValue(key="from-the-worker"))
        loop = asyncio.get_running_loop()
        return await StoredValue.select(StoredValue.key), _per_loop(engine)[loop]

    keys, theirs = await in_another_loop(work)

    assert keys == [{"key": "from-the-worker"}]
    assert theirs not in ours.values()
    assert _per_loop(engine) == ours  # closed with its loop; ours untouched
    assert await StoredValue.select(StoredValue.key) == [{"key": "from-the-worker"}]


@pytest.fixture
async def lock_times_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Path]:
    directory = tmp_path / "locks"
    monkeypatch.setenv("LOCK_TIMES_DIR", str(directory))
    get_settings.cache_clear()
    await open_database()
    try:
        yield directory
    finally:
        monkeypatch.delenv("LOCK_TIMES_DIR")
        get_settings.cache_clear()
        await open_database()


async def test_lock_hold_times_are_written_per_prefix_when_the_database_closes(lock_times_dir):
    async with atomic():
        await asyncio.sleep(0.3)  # counts on SQLite only: its lock is the transaction's
        await lock("seats:1")
        await asyncio.sleep(0.02)
    with pytest.raises(Boom):
        async with atomic():
            await lock("seats:2")
            await lock("seats:2")
            await lock("slug:ontmoeting-zaanstad")
            await asyncio.sleep(0.02)
            raise Boom
    async with atomic():
        await StoredValue.insert(StoredValue(key="no-lock"))

    async def worker_job() -> None:
        async with atomic():
            await lock("seats:3")

    await in_another_loop(worker_job)  # writes its figures at its own close
    await close_database()

    assert [path.name for path in lock_times_dir.iterdir()] == [f"locks-{os.getpid()}.json"]
    figures = json.loads((lock_times_dir / f"locks-{os.getpid()}.json").read_text())
    assert sorted(figures) == ["seats", "slug"]
    assert len(figures["seats"]) == 3
    assert len(figures["slug"]) == 1
    first, rolled_back, _ = figures["seats"]
    if USING_POSTGRES:
        assert 0.02 <= first < 0.3
    else:
        assert first >= 0.32
    assert rolled_back >= 0.02
    assert figures["slug"][0] >= 0.02
