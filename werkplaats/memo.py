"""Small in-process caches with a lifetime per entry.

For facts that are cheap to be a little late about (an event's id by its slug, a
refusal that lasts a few minutes), where a query on every request would cost more
than the answer is worth. Every cache registers itself, so `clear_all()` forgets
them all at once (the tests do, when they empty the database).

`SharedReads` keeps nothing: it lets callers that ask for the same thing at the same
moment share one read that started after all of them asked.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

_caches: list[TimedCache] = []


class TimedCache:
    def __init__(self, *, seconds: float, size: int = 256) -> None:
        self.seconds = seconds
        self.size = size
        self._entries: dict[Any, tuple[float, Any]] = {}
        _caches.append(self)

    def get(self, key: Any, default: Any = None) -> Any:
        found = self._entries.get(key)
        if found is None or found[0] <= time.monotonic():
            return default
        return found[1]

    def set(self, key: Any, value: Any, *, seconds: float | None = None) -> None:
        if len(self._entries) >= self.size:
            now = time.monotonic()
            self._entries = {k: v for k, v in self._entries.items() if v[0] > now}
            if len(self._entries) >= self.size:
                self._entries.clear()
        lifetime = self.seconds if seconds is None else seconds
        self._entries[key] = (time.monotonic() + lifetime, value)

    def clear(self) -> None:
        self._entries.clear()


def clear_all() -> None:
    for cache in _caches:
        cache.clear()


K = TypeVar("K", bound=Hashable)
A = TypeVar("A")
T = TypeVar("T")


@dataclass
class _Round(Generic[A, T]):
    """The next read of one key: the latest caller's argument (a feed's selection is
    of the moment it was made), and everyone waiting for the answer."""

    argument: A
    waiting: list[asyncio.Future[T]] = field(default_factory=list)


class SharedReads(Generic[K, A, T]):
    """One read for all callers of a key waiting at once, never older than a caller.

    A caller joins the next round, never the running one: that read started before
    the caller came and may miss a change committed just before. Rounds run as tasks
    of their own, so a caller that goes away leaves the others waiting for nothing.
    Per event loop (the in-process worker has its own); nothing is kept after a round.
    """

    def __init__(self, read: Callable[[A], Awaitable[T]]) -> None:
        self._read = read
        self._loops: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Rounds[K, A, T]] = (
            weakref.WeakKeyDictionary()
        )

    async def get(self, key: K, argument: A) -> T:
        loop = asyncio.get_running_loop()
        rounds = self._loops.get(loop)
        if rounds is None:
            rounds = self._loops[loop] = _Rounds(self._read, loop)
        return await rounds.join(key, argument)


class _Rounds(Generic[K, A, T]):
    def __init__(self, read: Callable[[A], Awaitable[T]], loop: asyncio.AbstractEventLoop) -> None:
        self._read, self._loop = read, loop
        self._next: dict[K, _Round[A, T]] = {}
        self._running: dict[K, asyncio.Task[None]] = {}

    async def join(self, key: K, argument: A) -> T:
        waiter: asyncio.Future[T] = self._loop.create_future()
        round_ = self._next.setdefault(key, _Round(argument))
        round_.argument = argument
        round_.waiting.append(waiter)
        if key not in self._running:
            self._start(key)
        return await waiter

    def _start(self, key: K) -> None:
        self._running[key] = self._loop.create_task(self._run(key, self._next.pop(key)))

    async def _run(self, key: K, round_: _Round[A, T]) -> None:
        try:
            result = await self._read(round_.argument)
        except asyncio.CancelledError:  # the loop is closing
            for waiter in round_.waiting:
                waiter.cancel()
            raise
        except Exception as exc:  # each waiter raises it, as its own read would have
            for waiter in round_.waiting:
                if not waiter.done():
                    waiter.set_exception(exc)
        else:
            for waiter in round_.waiting:
                if not waiter.done():
                    waiter.set_result(result)
        finally:
            del self._running[key]
            if key in self._next:
                self._start(key)
