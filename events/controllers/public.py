"""Public pages: the home page, the event list and the event page."""

from __future__ import annotations

from litestar import Controller, MediaType, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from events.controllers.calendar import event_calendar
from events.controllers.registration import handle_registration, registration_context
from events.enums import EventKind
from events.services.catalogue.listing import all_themes, get_event, list_events
from events.services.registration.seats import full_events
from werkplaats.auth.guards import current_user
from werkplaats.enums import Role
from werkplaats.forms import FormData


class PublicController(Controller):
    path = "/"
    include_in_schema = False

    @get("/")
    async def home(self) -> Template:
        upcoming = await list_events(limit=6)
        full = await full_events([event.id for event in upcoming])
        return Template(
            "events/home.html",
            context={"events": upcoming, "full": full, "kinds": list(EventKind)},
            media_type=MediaType.HTML,  # known: no guessing from the file name per request
        )

    @get("/events")
    async def index(
        self,
        kind: FromQuery[str] = "",
        theme: FromQuery[str] = "",
        tab: FromQuery[str] = "upcoming",
        q: FromQuery[str] = "",
    ) -> Template:
        chosen_kind = EventKind(kind) if kind in set(EventKind) else None
        themes = await all_themes()
        chosen_theme = theme if any(t["slug"] == theme for t in themes) else ""
        past = tab == "past"
        events = await list_events(
            kind=chosen_kind, theme=chosen_theme or None, past=past, search=q.strip()[:100]
        )
        return Template(
            "events/index.html",
            context={
                "events": events,
                "full": set() if past else await full_events([event.id for event in events]),
                "kinds": list(EventKind),
                "themes": themes,
                "kind": chosen_kind.value if chosen_kind else "",
                "theme": chosen_theme,
                "tab": "past" if past else "upcoming",
                "q": q.strip()[:100],
            },
            media_type=MediaType.HTML,
        )

    @get("/events/{slug:str}")
    async def detail(self, request: Request, slug: FromPath[str]) -> Template | Response[bytes]:
        if slug.endswith(".ics"):  # /events/{slug}.ics: one path segment with the page
            return await event_calendar(request, slug.removesuffix(".ics"))
        user = current_user(request)
        preview = bool(user and user.has_role(Role.ORGANISER))
        event = await get_event(slug, include_drafts=preview)
        if event is None:
            raise NotFoundException()
        context = await registration_context(event)
        return Template(
            "events/detail.html", context={"event": event, **context}, media_type=MediaType.HTML
        )

    @post("/events/{slug:str}")
    async def register(
        self, request: Request, slug: FromPath[str], data: FormData
    ) -> Template | Redirect:
        return await handle_registration(request, slug, data)
