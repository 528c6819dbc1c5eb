"""The published programme: its own page (filterable by theme) and a page per session."""

from __future__ import annotations

from litestar import Controller, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import File, Template

from congress.booklet import booklet_file
from congress.services.programme_view import ProgrammeView, published_programme
from events.services.catalogue.listing import get_event
from werkplaats.params import PathId
from werkplaats.pdf import in_pdf_thread


async def _programme(slug: str) -> ProgrammeView:
    programme = await published_programme(slug)
    if programme is None:
        raise NotFoundException()
    return programme


class ProgrammeController(Controller):
    path = "/events/{slug:str}/programma"
    include_in_schema = False

    @get("/")
    async def show(self, slug: FromPath[str], thema: FromQuery[str] = "") -> Template:
        programme = await _programme(slug)
        event = await get_event(slug)
        if event is None:
            raise NotFoundException()
        theme = thema if any(t["slug"] == thema for t in event.themes) else ""
        return Template(
            "congress/programme.html",
            context={
                "programme": programme,
                "event": event,
                "themes": event.themes,
                "theme": theme,
            },
        )

    @get("/boekje.pdf")
    async def booklet(self, slug: FromPath[str]) -> File:
        """The booklet of the programme as it is now (rendered again after a change)."""
        programme = await _programme(slug)
        event = await get_event(slug)
        if event is None:
            raise NotFoundException()
        path = await in_pdf_thread(booklet_file, programme, event)
        return File(
            path,
            filename=f"programmaboekje-{slug}.pdf",
            media_type="application/pdf",
            content_disposition_type="inline",
        )

    @get("/{item_id:int}")
    async def session(self, slug: FromPath[str], item_id: PathId) -> Template:
        programme = await _programme(slug)
        session = programme.session(item_id)
        if session is None:
            raise NotFoundException()
        return Template("congress/session.html", context={"programme": programme, "s": session})
