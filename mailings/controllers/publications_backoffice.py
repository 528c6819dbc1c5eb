"""Back office for the catalogue of publications."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from events.enums import EventStatus
from events.services.catalogue.listing import all_themes, list_events
from mailings.enums import PublicationKind
from mailings.services.publications import (
    delete_publication,
    get_publication,
    list_publications,
    save_publication,
)
from mailings.views import PublicationView
from werkplaats.auth.guards import organiser_only
from werkplaats.errors import FieldErrors
from werkplaats.forms import FormData, field, values
from werkplaats.i18n import _

TEXT_FIELDS = ("title", "kind", "url", "authors", "published_on", "summary", "cover_url", "slug")
PATH = "/beheer/publicaties"


def _form(data: dict[str, Any]) -> dict[str, Any]:
    form: dict[str, Any] = {key: field(data, key) for key in TEXT_FIELDS}
    return form | {"themes": values(data, "themes"), "events": values(data, "events")}


def _form_of(publication: PublicationView) -> dict[str, Any]:
    return {
        "title": publication.title,
        "kind": publication.kind.value,
        "url": publication.url,
        "authors": publication.authors,
        "published_on": publication.published_on.isoformat() if publication.published_on else "",
        "summary": publication.summary,
        "cover_url": publication.cover_url,
        "slug": publication.slug,
        "themes": [t["slug"] for t in publication.themes],
        "events": [e["slug"] for e in publication.events],
    }


async def _form_page(
    form: dict, errors: dict, *, publication: PublicationView | None = None, status_code: int = 200
) -> Template:
    return Template(
        "mailings/beheer/publication_form.html",
        context={
            "form": form,
            "errors": errors,
            "publication": publication,
            "kinds": list(PublicationKind),
            "themes": await all_themes(),
            "events": await list_events(statuses=tuple(EventStatus), past=None),
        },
        status_code=status_code,
    )


class PublicationBackofficeController(Controller):
    path = PATH
    guards = [organiser_only]
    include_in_schema = False

    @get("/")
    async def index(self) -> Template:
        return Template(
            "mailings/beheer/publications.html",
            context={"publications": await list_publications()},
        )

    @get("/new")
    async def new(self) -> Template:
        return await _form_page({"themes": [], "events": []}, {})

    @post("/new")
    async def create(self, request: Request, data: FormData) -> Template | Redirect:
        form = _form(data)
        try:
            await save_publication(form)
        except FieldErrors as exc:
            return await _form_page(form, exc.errors, status_code=400)
        flash(request, _("Publication saved."), category="success")
        return Redirect(f"{PATH}/")

    @get("/{slug:str}")
    async def edit(self, slug: FromPath[str]) -> Template:
        publication = await _found(slug)
        return await _form_page(_form_of(publication), {}, publication=publication)

    @post("/{slug:str}")
    async def update(
        self, request: Request, slug: FromPath[str], data: FormData
    ) -> Template | Redirect:
        publication = await _found(slug)
        form = _form(data)
        try:
            await save_publication(form, publication_id=publication.id)
        except FieldErrors as exc:
            return await _form_page(form, exc.errors, publication=publication, status_code=400)
        flash(request, _("Publication saved."), category="success")
        return Redirect(f"{PATH}/")

    @post("/{slug:str}/delete")
    async def delete(self, request: Request, slug: FromPath[str]) -> Redirect:
        if not await delete_publication(slug):
            raise NotFoundException()
        flash(request, _("Publication deleted."), category="success")
        return Redirect(f"{PATH}/")


async def _found(slug: str) -> PublicationView:
    publication = await get_publication(slug)
    if publication is None:
        raise NotFoundException()
    return publication
