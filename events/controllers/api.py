"""The events JSON API (`/api/v1/events`)."""

from __future__ import annotations

from litestar import Controller, Request, get, patch, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, JSONBody

from events.enums import EventKind, EventStatus
from events.schemas import EventCreate, EventOut, EventPatch, to_values
from events.services.catalogue.events import create_event, update_event
from events.services.catalogue.listing import get_event, list_events
from werkplaats.auth.guards import current_user, organiser_only
from werkplaats.enums import Role


def _is_organiser(request: Request) -> bool:
    user = current_user(request)
    return bool(user and user.has_role(Role.ORGANISER))


class EventApiController(Controller):
    path = "/api/v1/events"
    tags = ["events"]

    @get("/")
    async def list(
        self,
        request: Request,
        kind: FromQuery[EventKind | None] = None,
        theme: FromQuery[str | None] = None,
        past: FromQuery[bool] = False,
    ) -> list[EventOut]:
        """Public events; an organiser's token also sees drafts."""
        statuses = (
            tuple(EventStatus)
            if _is_organiser(request)
            else (EventStatus.PUBLISHED, EventStatus.CANCELLED)
        )
        events = await list_events(statuses=statuses, kind=kind, theme=theme, past=past)
        return [EventOut.from_view(event) for event in events]

    @get("/{slug:str}")
    async def detail(self, request: Request, slug: FromPath[str]) -> EventOut:
        event = await get_event(slug, include_drafts=_is_organiser(request))
        if event is None:
            raise NotFoundException()
        return EventOut.from_view(event)

    @post("/", guards=[organiser_only], status_code=201)
    async def create(self, data: JSONBody[EventCreate]) -> EventOut:
        slug = await create_event(to_values(data))
        event = await get_event(slug, include_drafts=True)
        assert event is not None
        return EventOut.from_view(event)

    @patch("/{slug:str}", guards=[organiser_only])
    async def update(self, slug: FromPath[str], data: JSONBody[EventPatch]) -> EventOut:
        """Change some fields; `{"status": "cancelled"}` cancels the event."""
        new_slug = await update_event(slug, to_values(data))
        if new_slug is None:
            raise NotFoundException()
        event = await get_event(new_slug, include_drafts=True)
        assert event is not None
        return EventOut.from_view(event)
