"""The hook the mailings app will use to announce a cancelled event."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from events import hooks
from events.enums import EventStatus
from events.services.catalogue.events import create_event, set_status, update_event
from events.tables import Event
from tests.conftest import demo_event_values


@pytest.fixture
def cancelled_ids() -> Iterator[list[tuple[int, str]]]:
    """Event ids the hook was called with, and the status the event had by then."""
    calls: list[tuple[int, str]] = []

    async def listener(event_id: int) -> None:
        row = await Event.select(Event.status).where(Event.id == event_id).first()
        calls.append((event_id, row["status"]))

    hooks.event_cancelled.register(listener)
    yield calls
    hooks.event_cancelled.forget(listener)


async def _id(slug: str) -> int:
    return (await Event.select(Event.id).where(Event.slug == slug).first())["id"]


async def test_cancelling_calls_the_hook_once_with_the_status_already_written(cancelled_ids):
    slug = await create_event(demo_event_values())

    await set_status(slug, EventStatus.CANCELLED)
    await set_status(slug, EventStatus.CANCELLED)
    await update_event(slug, {"title": "Nog steeds geannuleerd"})

    assert cancelled_ids == [(await _id(slug), EventStatus.CANCELLED)]


async def test_other_changes_do_not_call_the_hook(cancelled_ids):
    slug = await create_event(demo_event_values(status=EventStatus.DRAFT))

    await set_status(slug, EventStatus.PUBLISHED)
    await update_event(slug, {"title": "Andere titel"})

    assert cancelled_ids == []


async def test_a_listener_that_fails_leaves_the_event_as_it_was():
    slug = await create_event(demo_event_values())

    async def broken(event_id: int) -> None:
        raise RuntimeError("no mail today")

    hooks.event_cancelled.register(broken)
    try:
        with pytest.raises(RuntimeError):
            await set_status(slug, EventStatus.CANCELLED)
    finally:
        hooks.event_cancelled.forget(broken)

    row = await Event.select(Event.status, Event.sequence).where(Event.slug == slug).first()
    assert (row["status"], row["sequence"]) == (EventStatus.PUBLISHED, 0)


async def test_cancel_over_the_api_calls_the_hook(client, api_headers, cancelled_ids):
    slug = await create_event(demo_event_values())

    response = await client.patch(
        f"/api/v1/events/{slug}", json={"status": "cancelled"}, headers=await api_headers()
    )

    assert response.status_code == 200
    assert cancelled_ids == [(await _id(slug), EventStatus.CANCELLED)]
