"""Public pages, Atom feeds and the JSON API of publications."""

from __future__ import annotations

from litestar import Controller, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Template

from events.services.catalogue.listing import all_themes, get_theme
from mailings.atom import publications_feed
from mailings.enums import PublicationKind
from mailings.schema_org import publication_json_ld
from mailings.schemas import PublicationCreate, PublicationOut
from mailings.services.publications import (
    get_publication,
    list_publications,
    publication_years,
    save_publication,
)
from werkplaats.auth.guards import organiser_only
from werkplaats.i18n import _
from werkplaats.params import QueryYear

ATOM_TYPE = "application/atom+xml; charset=utf-8"


def _kind(value: str) -> PublicationKind | None:
    return PublicationKind(value) if value in set(PublicationKind) else None


def _year(value: str) -> int | None:
    return int(value) if value.isdigit() and 1900 < int(value) < 2200 else None


class PublicationPageController(Controller):
    path = "/"
    include_in_schema = False

    @get("/publicaties")
    async def index(
        self,
        kind: FromQuery[str] = "",
        theme: FromQuery[str] = "",
        year: FromQuery[str] = "",
        q: FromQuery[str] = "",
    ) -> Template:
        themes = await all_themes()
        chosen_theme = theme if any(t["slug"] == theme for t in themes) else ""
        search = q.strip()[:100]
        publications = await list_publications(
            kind=_kind(kind), theme=chosen_theme or None, year=_year(year), search=search
        )
        return Template(
            "mailings/publications.html",
            context={
                "publications": publications,
                "kinds": list(PublicationKind),
                "themes": themes,
                "years": await publication_years(),
                "kind": kind if _kind(kind) else "",
                "theme": chosen_theme,
                "year": _year(year) or "",
                "q": search,
            },
        )

    @get("/publicaties/{slug:str}")
    async def detail(self, slug: FromPath[str]) -> Template:
        publication = await get_publication(slug)
        if publication is None:
            raise NotFoundException()
        return Template(
            "mailings/publication.html",
            context={
                "publication": publication,
                "structured_data": publication_json_ld(publication),
            },
        )

    @get("/publicaties.atom")
    async def feed(self) -> Response[bytes]:
        body = publications_feed(
            await list_publications(limit=100),
            title=_("Publications of the Werkplaats Sociaal Domein"),
            self_path="/publicaties.atom",
            page_path="/publicaties",
        )
        return Response(body, media_type=ATOM_TYPE)

    @get("/publicaties/thema/{name:str}")
    async def theme_feed(self, name: FromPath[str]) -> Response[bytes]:
        theme = await get_theme(name.removesuffix(".atom")) if name.endswith(".atom") else None
        if theme is None:
            raise NotFoundException()
        body = publications_feed(
            await list_publications(theme=theme["slug"], limit=100),
            title=_("Publications on {theme}").format(theme=theme["name"]),
            self_path=f"/publicaties/thema/{name}",
            page_path=f"/publicaties?theme={theme['slug']}",
        )
        return Response(body, media_type=ATOM_TYPE)


class PublicationApiController(Controller):
    path = "/api/v1/publications"
    tags = ["publications"]

    @get("/")
    async def list(
        self,
        kind: FromQuery[PublicationKind | None] = None,
        theme: FromQuery[str | None] = None,
        year: QueryYear = None,
        q: FromQuery[str] = "",
    ) -> list[PublicationOut]:
        """The catalogue, newest first; filters as on /publicaties."""
        publications = await list_publications(
            kind=kind, theme=theme, year=year, search=q.strip()[:100]
        )
        return [PublicationOut.from_view(p) for p in publications]

    @get("/{slug:str}")
    async def detail(self, slug: FromPath[str]) -> PublicationOut:
        publication = await get_publication(slug)
        if publication is None:
            raise NotFoundException()
        return PublicationOut.from_view(publication)

    @post("/", guards=[organiser_only], status_code=201)
    async def create(self, data: JSONBody[PublicationCreate]) -> PublicationOut:
        values = {name: getattr(data, name) for name in data.__struct_fields__}
        publication = await get_publication(await save_publication(values))
        assert publication is not None
        return PublicationOut.from_view(publication)
