"""Requests for one feed's version at the same time share a query, and never one that
started before they came: each sees every change committed before it asked."""

from __future__ import annotations

import asyncio

from events.enums import EventKind
from events.services.calendars.versions import feed_version, kind_feed, public_feed
from events.services.catalogue.events import update_event
from tests.events.calendar_helpers import make_event
from werkplaats.db import atomic
from werkplaats.memo import SharedReads


async def test_versions_asked_at_once_agree_with_one_asked_alone():
    await make_event()
    await make_event("Tweede bijeenkomst")

    crowd = await asyncio.gather(*(feed_version(public_feed()) for _ in range(25)))
    alone = await feed_version(public_feed())

    assert {version.etag for version in crowd} == {alone.etag}
    assert {version.events for version in crowd} == {2}


async def test_feeds_asked_at_once_each_get_their_own_version():
    await make_event()
    await make_event("Congres", kind=EventKind.CONGRES)

    everything, congresses = await asyncio.gather(
        feed_version(public_feed()), feed_version(kind_feed(EventKind.CONGRES))
    )

    assert (everything.events, congresses.events) == (2, 1)
    assert everything.etag != congresses.etag


class Reads:
    """A read the test lets finish: each returns the round's number and argument."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.release = asyncio.Event()

    async def __call__(self, argument: str) -> tuple[int, str]:
        self.started.append(argument)
        number = len(self.started)
        await self.release.wait()
        self.release.clear()
        return number, argument


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_callers_that_come_while_a_read_runs_share_the_next_one():
    reads = Reads()
    shared: SharedReads[str, str, tuple[int, str]] = SharedReads(reads)

    first = asyncio.create_task(shared.get("feed", "asked first"))
    await settle()
    later = [asyncio.create_task(shared.get("feed", f"asked later {n}")) for n in range(3)]
    await settle()
    started_while_running = list(reads.started)
    reads.release.set()
    await first
    await settle()
    reads.release.set()
    results = await asyncio.gather(first, *later)

    assert started_while_running == ["asked first"]
    assert results == [(1, "asked first")] + [(2, "asked later 2")] * 3
    assert reads.started == ["asked first", "asked later 2"]


async def test_keys_are_read_apart_and_a_failed_read_fails_its_callers_only():
    async def read(argument: str) -> str:
        if argument == "broken":
            raise LookupError(argument)
        return argument.upper()

    shared: SharedReads[str, str, str] = SharedReads(read)

    ok, broken = await asyncio.gather(
        shared.get("a", "fine"), shared.get("b", "broken"), return_exceptions=True
    )

    assert ok == "FINE"
    assert isinstance(broken, LookupError)
    assert await shared.get("b", "mended") == "MENDED"


async def test_a_caller_that_goes_away_leaves_the_others_their_answer():
    reads = Reads()
    shared: SharedReads[str, str, tuple[int, str]] = SharedReads(reads)
    running = asyncio.create_task(shared.get("feed", "first"))
    await settle()
    leaving = asyncio.create_task(shared.get("feed", "leaves"))
    staying = asyncio.create_task(shared.get("feed", "stays"))
    await settle()

    leaving.cancel()
    reads.release.set()
    await running
    await settle()
    reads.release.set()

    assert await staying == (2, "stays")
    assert leaving.cancelled()


async def test_a_version_asked_after_a_change_sees_it():
    slug = await make_event()
    before = await feed_version(public_feed())

    await update_event(slug, {"title": "Regionale bijeenkomst (nieuwe titel)"})
    after = await feed_version(public_feed())

    assert after.etag != before.etag


async def test_a_version_inside_a_transaction_sees_its_own_change():
    slug = await make_event()
    before = await feed_version(public_feed())

    async with atomic():
        await update_event(slug, {"title": "Regionale bijeenkomst (nieuwe titel)"})
        inside = await feed_version(public_feed())

    assert inside.etag != before.etag
    assert inside.etag == (await feed_version(public_feed())).etag
