"""What the mailings app adds to the events app, through `events.hooks`."""

from __future__ import annotations

from markupsafe import Markup

from events import hooks
from events.views import EventView
from mailings.services.publications import list_publications
from werkplaats.i18n import _
from werkplaats.render import render


@hooks.event_page_items.register
async def publications_of_event(event: EventView) -> list[hooks.Panel]:
    """The event's publications on its page: the guide or slides that came out of it."""
    publications = await list_publications(event_id=event.id)
    if not publications:
        return []
    html = render("mailings/_publication_list.html", publications=publications, heading="h3")
    return [hooks.Panel(key="publications", title=_("Publications"), html=Markup(html))]
