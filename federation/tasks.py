"""What the federation app registers at start-up: the actor that refreshes one
source and the sweeper that queues every source whose time has come; the actor
that delivers one ActivityPub activity and the sweeper that queues deliveries due
again; the listeners that tell followers of changes."""

from __future__ import annotations

from federation import listeners
from federation.services.deliveries import deliver_activity as deliver
from federation.services.deliveries import queue_due_deliveries
from federation.services.refresh import refresh_due_sources, refresh_source
from werkplaats.queue import actor, register_sweeper


@actor(max_retries=0)  # a failed fetch waits for the next round; the copy stays
async def refresh_federation_source(source_id: int) -> None:
    await refresh_source(source_id)


@actor(max_retries=0)  # a failed post is tried again by the sweeper, with a growing wait
async def deliver_activity(activity_id: int) -> None:
    await deliver(activity_id)


register_sweeper(refresh_due_sources)
register_sweeper(queue_due_deliveries)

__all__ = ["listeners"]
