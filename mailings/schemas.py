"""JSON shapes of the mailings API. Unknown fields are refused (422)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from msgspec import Meta, Struct

from mailings.enums import PublicationKind
from mailings.views import PublicationView
from werkplaats.settings import get_settings


class PublicationCreate(Struct, forbid_unknown_fields=True, kw_only=True):
    title: Annotated[str, Meta(min_length=1, max_length=250)]
    kind: PublicationKind
    url: Annotated[str, Meta(min_length=1, max_length=500)]
    authors: Annotated[str, Meta(max_length=300)] = ""
    published_on: dt.date | None = None
    summary: str = ""
    themes: list[str] = []
    events: list[str] = []
    cover_url: Annotated[str, Meta(max_length=500)] = ""
    slug: str = ""


class PublicationOut(Struct):
    id: int
    slug: str
    title: str
    kind: PublicationKind
    url: str
    authors: str
    published_on: dt.date | None
    summary: str
    cover_url: str
    themes: list[str]
    events: list[str]
    page_url: str

    @classmethod
    def from_view(cls, view: PublicationView) -> PublicationOut:
        return cls(
            id=view.id,
            slug=view.slug,
            title=view.title,
            kind=view.kind,
            url=view.url,
            authors=view.authors,
            published_on=view.published_on,
            summary=view.summary,
            cover_url=view.cover_url,
            themes=[t["slug"] for t in view.themes],
            events=[e["slug"] for e in view.events],
            page_url=get_settings().base_url + view.page_path,
        )
