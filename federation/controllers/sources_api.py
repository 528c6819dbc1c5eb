"""The organiser's API for sources: add one (it is fetched at once), list them with
the state and age of each copy."""

from __future__ import annotations

import datetime as dt

from litestar import Controller, get, post
from litestar.params import JSONBody
from msgspec import Struct

from federation.services.refresh import refresh_source
from federation.services.sources import SourceView, add_source, list_sources
from werkplaats.auth.guards import organiser_only

EVENTS_SUFFIX = "/events.json"


class SourceCreate(Struct, forbid_unknown_fields=True, kw_only=True):
    name: str
    url: str  # the events feed; the publications feed beside it unless given
    region: str = ""
    publications_url: str | None = None


class SourceOut(Struct):
    id: int
    name: str
    region: str
    url: str
    publications_url: str
    state: str
    last_success_at: dt.datetime | None
    age_seconds: int | None
    last_error: str
    events: int
    publications: int
    skipped: list[dict[str, str]]

    @classmethod
    def from_view(cls, view: SourceView) -> SourceOut:
        age = None
        if view.last_success_at is not None:
            copied = view.last_success_at.replace(tzinfo=view.last_success_at.tzinfo or dt.UTC)
            age = int((dt.datetime.now(dt.UTC) - copied).total_seconds())
        return cls(
            id=view.id,
            name=view.name,
            region=view.region,
            url=view.events_url,
            publications_url=view.publications_url,
            state=view.state,
            last_success_at=view.last_success_at,
            age_seconds=age,
            last_error=view.last_error,
            events=view.events,
            publications=view.publications,
            skipped=view.skipped,
        )


def _publications_url(data: SourceCreate) -> str:
    if data.publications_url is not None:
        return data.publications_url
    url = data.url.strip()
    return (
        url.removesuffix(EVENTS_SUFFIX) + "/publications.json"
        if url.endswith(EVENTS_SUFFIX)
        else ""
    )


class SourceApiController(Controller):
    path = "/api/v1/federation/sources"
    tags = ["federation"]
    guards = [organiser_only]

    @get("/")
    async def list(self) -> list[SourceOut]:
        """Every source with the state of its last fetch and the age of its copy."""
        return [SourceOut.from_view(view) for view in await list_sources()]

    @post("/", status_code=201)
    async def create(self, data: JSONBody[SourceCreate]) -> SourceOut:
        """Add a source and fetch it at once; a fetch that fails shows in `last_error`."""
        source_id = await add_source(
            {
                "name": data.name,
                "region": data.region,
                "events_url": data.url,
                "publications_url": _publications_url(data),
            }
        )
        await refresh_source(source_id)
        [view] = [view for view in await list_sources() if view.id == source_id]
        return SourceOut.from_view(view)
