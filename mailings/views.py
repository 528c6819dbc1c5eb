"""The shape of a publication as pages, feeds, mails and the API see it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from mailings.enums import PublicationKind


@dataclass(frozen=True)
class PublicationView:
    id: int
    title: str
    slug: str
    kind: PublicationKind
    url: str
    authors: str
    published_on: dt.date | None
    summary: str
    cover_url: str
    created_at: dt.datetime
    updated_at: dt.datetime
    themes: list[dict[str, Any]] = field(default_factory=list)  # slug, name
    events: list[dict[str, Any]] = field(default_factory=list)  # slug, title

    @property
    def page_path(self) -> str:
        return publication_path(self.slug)

    @property
    def author_names(self) -> list[str]:
        return [name.strip() for name in self.authors.split(",") if name.strip()]


def publication_path(slug: str) -> str:
    return f"/publicaties/{slug}"
