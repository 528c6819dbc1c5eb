"""What the federation app adds to events and mailings through their hooks: every
change of a public event or publication is told to the ActivityPub followers (the
activity and its deliveries are written in the change's transaction; a job posts
them once it commits)."""

from __future__ import annotations

from events import hooks
from federation.services.announce import announce_event, announce_publication
from mailings import hooks as mailings_hooks


@hooks.event_changed.register
async def tell_followers_of_event(change: hooks.EventChange) -> None:
    await announce_event(change.event_id)


@mailings_hooks.publication_changed.register
async def tell_followers_of_publication(publication_id: int) -> None:
    await announce_publication(publication_id)


@mailings_hooks.publication_withdrawn.register
async def tell_followers_of_withdrawal(publication_id: int) -> None:
    await announce_publication(publication_id)
