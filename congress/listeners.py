"""What the congress adds to events' pages, through `events.hooks`."""

from __future__ import annotations

from markupsafe import Markup

from congress.services.call import call_for_event
from events import hooks
from events.views import EventView
from werkplaats.i18n import _
from werkplaats.render import render


@hooks.event_page_items.register
async def call_panel(event: EventView) -> list[hooks.Panel]:
    """The call for abstracts of the event, if it has one: open, or when it opens or closed."""
    call = await call_for_event(event.slug)
    if call is None:
        return []
    html = Markup(
        render("congress/_call_panel.html", call=call, closed_reason=call.closed_reason())
    )
    return [hooks.Panel("oproep", _("Call for abstracts"), html)]
