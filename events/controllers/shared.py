"""Small helpers of the back-office controllers."""

from __future__ import annotations

from typing import Any

from litestar.exceptions import NotFoundException

from events import hooks
from events.services.checkin.desk import Place, place_among
from events.services.registration.admin import event_by_slug


async def event_or_404(slug: str) -> dict[str, Any]:
    """The event row of a back-office URL, drafts included; a 404 if there is none."""
    event = await event_by_slug(slug)
    if event is None:
        raise NotFoundException()
    return event


async def event_tabs(slug: str) -> list[hooks.Tab]:
    """The other apps' sections of this event, for `beheer/_event_nav.html`."""
    return await hooks.backoffice_event_tabs.collect(slug)


def place_or_404(places: list[Place], session: int | None) -> Place | None:
    """The check-in place of `?session=`, None for the entrance; a 404 for a session
    that is not one of this event's rooms."""
    try:
        return place_among(places, session)
    except LookupError:
        raise NotFoundException() from None
