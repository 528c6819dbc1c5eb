"""What the federation app registers at start-up: the actor that refreshes one
source and the sweeper that queues every source whose time has come."""

from __future__ import annotations

from federation.services.refresh import refresh_due_sources, refresh_source
from werkplaats.queue import actor, register_sweeper


@actor(max_retries=0)  # a failed fetch waits for the next round; the copy stays
async def refresh_federation_source(source_id: int) -> None:
    await refresh_source(source_id)


register_sweeper(refresh_due_sources)
