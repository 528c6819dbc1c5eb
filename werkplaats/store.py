"""Key-value storage in the database: sessions and rate-limit counters.

Lives in the database so that every web process (and machine) sees the same
sessions and the same counts; no Redis needed on the embedded path.
"""

from __future__ import annotations

import datetime as dt

from litestar.stores.base import Store

from werkplaats.tables import StoredValue


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _expiry(expires_in: int | dt.timedelta | None) -> dt.datetime | None:
    if expires_in is None:
        return None
    seconds = expires_in.total_seconds() if isinstance(expires_in, dt.timedelta) else expires_in
    return _now() + dt.timedelta(seconds=seconds)


def _live(key: str):
    return (StoredValue.key == key) & (
        StoredValue.expires_at.is_null() | (StoredValue.expires_at > _now())
    )


class DatabaseStore(Store):
    """A Litestar `Store` on the `stored_value` table, under a key prefix."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace

    def _key(self, key: str) -> str:
        return f"{self.namespace}:{key}"

    async def set(
        self, key: str, value: str | bytes, expires_in: int | dt.timedelta | None = None
    ) -> None:
        data = value.encode() if isinstance(value, str) else value
        row = StoredValue(key=self._key(key), value=data, expires_at=_expiry(expires_in))
        await StoredValue.insert(row).on_conflict(
            target=StoredValue.key,
            action="DO UPDATE",
            values=[StoredValue.value, StoredValue.expires_at],
        )

    async def get(self, key: str, renew_for: int | dt.timedelta | None = None) -> bytes | None:
        row = await StoredValue.select(StoredValue.value).where(_live(self._key(key))).first()
        if row is None:
            return None
        if renew_for is not None:
            await StoredValue.update({StoredValue.expires_at: _expiry(renew_for)}).where(
                StoredValue.key == self._key(key)
            )
        return bytes(row["value"])

    async def delete(self, key: str) -> None:
        await StoredValue.delete().where(StoredValue.key == self._key(key))

    async def delete_all(self) -> None:
        await StoredValue.delete().where(StoredValue.key.like(f"{self.namespace}:%"))

    async def exists(self, key: str) -> bool:
        return await StoredValue.exists().where(_live(self._key(key)))

    async def expires_in(self, key: str) -> int | None:
        row = await StoredValue.select(StoredValue.expires_at).where(_live(self._key(key))).first()
        if row is None or row["expires_at"] is None:
            return None
        return int((row["expires_at"] - _now()).total_seconds())


async def delete_expired() -> int:
    expired = (
        await StoredValue.delete().where(StoredValue.expires_at < _now()).returning(StoredValue.id)
    )
    return len(expired)


async def count_hits(*counters: tuple[str, int]) -> list[int]:
    """`count_hit` for several (key, window) at once, in one statement; the new counts
    in the order given."""
    now = _now()
    keys = [f"rate:{key}:{int(now.timestamp()) // window}" for key, window in counters]
    values = []
    for name, (_key, window) in zip(keys, counters, strict=True):
        values += [name, b"", now + dt.timedelta(seconds=window)]
    rows = await StoredValue.raw(
        "INSERT INTO stored_value (key, value, counter, expires_at) VALUES "
        + ", ".join("({}, {}, 1, {})" for _ in counters)
        + " ON CONFLICT (key) DO UPDATE SET counter = stored_value.counter + 1 "
        "RETURNING key, counter",
        *values,
    )
    counts = {row["key"]: int(row["counter"]) for row in rows}
    return [counts[name] for name in keys]


def seconds_left(window_seconds: int) -> int:
    """Seconds until the current fixed window of `count_hit` ends (at least 1): when
    a caller over its limit may try again."""
    return max(1, window_seconds - int(_now().timestamp()) % window_seconds)


async def count_hit(key: str, window_seconds: int) -> int:
    """Add one to the counter of `key` in the current fixed window; return the new count.

    One statement (an upsert), so concurrent hits from several processes all count.
    """
    now = _now()
    window = int(now.timestamp()) // window_seconds
    rows = await StoredValue.raw(
        "INSERT INTO stored_value (key, value, counter, expires_at) VALUES ({}, {}, 1, {}) "
        "ON CONFLICT (key) DO UPDATE SET counter = stored_value.counter + 1 RETURNING counter",
        f"rate:{key}:{window}",
        b"",
        now + dt.timedelta(seconds=window_seconds),
    )
    return int(rows[0]["counter"])
