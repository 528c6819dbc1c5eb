"""Small helpers of the back-office controllers."""

from __future__ import annotations

from typing import Any

from litestar.exceptions import NotFoundException

from events.services.registration_admin import event_by_slug


async def event_or_404(slug: str) -> dict[str, Any]:
    """The event row of a back-office URL, drafts included; a 404 if there is none."""
    event = await event_by_slug(slug)
    if event is None:
        raise NotFoundException()
    return event
