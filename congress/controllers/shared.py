"""What the congress's controllers share: the call of a URL's event."""

from __future__ import annotations

from litestar.exceptions import NotFoundException

from congress.services.call import call_for_event
from congress.views import CallView


async def call_or_404(slug: str, *, drafts: bool = False) -> CallView:
    """The call of the event `slug`; a 404 if it has none. The back office passes
    `drafts`: organisers prepare a call before the event is published."""
    call = await call_for_event(slug, drafts=drafts)
    if call is None:
        raise NotFoundException()
    return call
