"""Public pages and feeds of the national agenda (`/landelijk`) and catalogue
(`/landelijk/publicaties`)."""

from __future__ import annotations

import datetime as dt

from litestar import Controller, MediaType, Response, get
from litestar.params import FromQuery
from litestar.response import Template

from events.enums import EventKind
from federation.age import age
from federation.exports import agenda_ics, catalogue_atom
from federation.services.agenda import Filters, national_events, national_publications, regions
from federation.services.themes import ThemeNames, theme_key
from mailings.enums import PublicationKind

ICS_TYPE = "text/calendar; charset=utf-8"
PAGE_SIZE = 100
ATOM_TYPE = "application/atom+xml; charset=utf-8"


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _filters(region: str, kind: str, theme: str, day_from: str = "", day_to: str = "") -> Filters:
    return Filters(
        region=region.strip()[:100],
        kind=kind.strip()[:60],
        theme=theme_key(theme[:150]),
        day_from=_day(day_from),
        day_to=_day(day_to),
    )


def _page(items: list, page: str) -> dict:
    """One page of `items`: the agenda of fifteen Werkplaatsen is thousands long."""
    pages = max(1, -(-len(items) // PAGE_SIZE))
    number = min(max(int(page), 1), pages) if page.isdigit() else 1
    start = (number - 1) * PAGE_SIZE
    return {
        "shown": items[start : start + PAGE_SIZE],
        "total": len(items),
        "page": number,
        "pages": pages,
    }


def _context(filters: Filters, names: ThemeNames, found_regions: list[str]) -> dict:
    return {
        "filters": filters,
        "regions": found_regions,
        "themes": names.choices(),
        "age": age,
    }


class NationalAgendaController(Controller):
    path = "/"
    include_in_schema = False

    @get("/landelijk")
    async def agenda(
        self,
        region: FromQuery[str] = "",
        kind: FromQuery[str] = "",
        theme: FromQuery[str] = "",
        day_from: FromQuery[str] = "",
        day_to: FromQuery[str] = "",
        pagina: FromQuery[str] = "",
    ) -> Template:
        filters = _filters(region, kind, theme, day_from, day_to)
        events, names = await national_events(filters)
        return Template(
            "federation/agenda.html",
            context={
                **_page(events, pagina),
                "kinds": list(EventKind),
                **_context(filters, names, await regions()),
            },
            media_type=MediaType.HTML,
        )

    @get("/landelijk.ics")
    async def agenda_calendar(
        self, region: FromQuery[str] = "", kind: FromQuery[str] = "", theme: FromQuery[str] = ""
    ) -> Response[bytes]:
        events, _names = await national_events(_filters(region, kind, theme))
        return Response(agenda_ics(events), media_type=ICS_TYPE)

    @get("/landelijk/publicaties")
    async def catalogue(
        self,
        region: FromQuery[str] = "",
        kind: FromQuery[str] = "",
        theme: FromQuery[str] = "",
        pagina: FromQuery[str] = "",
    ) -> Template:
        filters = _filters(region, kind, theme)
        publications, names = await national_publications(filters)
        return Template(
            "federation/catalogue.html",
            context={
                **_page(publications, pagina),
                "kinds": list(PublicationKind),
                **_context(filters, names, await regions()),
            },
            media_type=MediaType.HTML,
        )

    @get("/landelijk/publicaties.atom")
    async def catalogue_feed(
        self, region: FromQuery[str] = "", kind: FromQuery[str] = "", theme: FromQuery[str] = ""
    ) -> Response[bytes]:
        publications, _names = await national_publications(_filters(region, kind, theme))
        body = catalogue_atom(publications, self_path="/landelijk/publicaties.atom")
        return Response(body, media_type=ATOM_TYPE)
