"""Small in-process caches with a lifetime per entry.

For facts that are cheap to be a little late about (an event's id by its slug, a
refusal that lasts a few minutes), where a query on every request would cost more
than the answer is worth. Every cache registers itself, so `clear_all()` forgets
them all at once (the tests do, when they empty the database).
"""

from __future__ import annotations

import time
from typing import Any

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
