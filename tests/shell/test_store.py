"""The database key-value store behind sessions and rate limits."""

from __future__ import annotations

import asyncio
import datetime as dt

from werkplaats.store import DatabaseStore, count_hit, count_hits, delete_expired
from werkplaats.tables import StoredValue


async def test_store_set_then_get_returns_bytes():
    store = DatabaseStore("session")

    await store.set("abc", "waarde")
    await store.set("raw", b"\x00\xffbytes")

    assert await store.get("abc") == b"waarde"
    assert await store.get("raw") == b"\x00\xffbytes"
    assert await store.exists("abc") is True


async def test_store_get_of_unknown_key_is_none():
    store = DatabaseStore("session")

    assert await store.get("nobody") is None
    assert await store.exists("nobody") is False
    assert await store.expires_in("nobody") is None


async def test_store_set_twice_replaces_value_and_expiry():
    store = DatabaseStore("session")
    await store.set("abc", "eerste", expires_in=60)

    await store.set("abc", "tweede")

    assert await store.get("abc") == b"tweede"
    assert await store.expires_in("abc") is None
    assert await StoredValue.count().where(StoredValue.key == "session:abc") == 1


async def test_store_value_is_gone_after_it_expires():
    store = DatabaseStore("session")
    await store.set("kort", "even", expires_in=1)
    await store.set("lang", "blijft", expires_in=dt.timedelta(hours=1))
    assert await store.get("kort") == b"even"
    assert 0 <= await store.expires_in("kort") <= 1

    await asyncio.sleep(1.1)

    assert await store.get("kort") is None
    assert await store.exists("kort") is False
    assert await store.get("lang") == b"blijft"
    assert await delete_expired() == 1
    assert await StoredValue.count() == 1


async def test_store_get_with_renew_for_extends_the_expiry():
    store = DatabaseStore("session")
    await store.set("abc", "waarde", expires_in=5)

    value = await store.get("abc", renew_for=3600)

    assert value == b"waarde"
    assert 3590 <= await store.expires_in("abc") <= 3600


async def test_store_namespaces_do_not_see_each_other():
    sessions, other = DatabaseStore("session"), DatabaseStore("other")
    await sessions.set("abc", "sessie")
    await other.set("abc", "ander")

    await other.delete_all()

    assert await sessions.get("abc") == b"sessie"
    assert await other.get("abc") is None


async def test_store_delete_removes_only_that_key():
    store = DatabaseStore("session")
    await store.set("a", "1")
    await store.set("b", "2")

    await store.delete("a")
    await store.delete("never-set")

    assert await store.get("a") is None
    assert await store.get("b") == b"2"


async def test_count_hit_counts_every_concurrent_hit():
    counts = await asyncio.gather(
        *(count_hit("login:acct:anne@example.nl", 900) for _ in range(50))
    )

    assert sorted(counts) == list(range(1, 51))
    assert await count_hit("login:acct:bram@example.nl", 900) == 1


async def test_requests_without_a_session_store_no_session_rows(client):
    await client.get("/health")
    await client.get("/api/v1/events")
    await client.get("/events")

    assert await StoredValue.count().where(StoredValue.key.like("session:%")) == 0


async def test_count_hits_counts_several_keys_in_one_go_in_the_order_given():
    await count_hit("register:mail:anne@example.nl", 600)

    anne = ("register:mail:anne@example.nl", 600)
    first = await count_hits(("register:addr:10.0.0.1", 60), anne)
    second = await count_hits(
        ("register:addr:10.0.0.1", 60), ("register:mail:bram@example.nl", 600)
    )

    assert (first, second) == ([1, 2], [2, 1])
