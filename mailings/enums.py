"""Kinds and states of the mailings app, importable by anyone without cycles."""

from __future__ import annotations

from enum import StrEnum

from werkplaats.i18n import N_


class PublicationKind(StrEnum):
    HANDREIKING = "handreiking"
    ARTIKEL = "artikel"
    ADVIES = "advies"
    COLUMN = "column"
    BLOG = "blog"
    CASUISTIEKBUNDEL = "casuistiekbundel"
    RAPPORT = "rapport"
    VIDEO = "video"

    @property
    def label(self) -> str:
        return PUBLICATION_KIND_LABELS[self]


PUBLICATION_KIND_LABELS = {
    PublicationKind.HANDREIKING: N_("Guide"),
    PublicationKind.ARTIKEL: N_("Article"),
    PublicationKind.ADVIES: N_("Advice"),
    PublicationKind.COLUMN: N_("Column"),
    PublicationKind.BLOG: N_("Blog"),
    PublicationKind.CASUISTIEKBUNDEL: N_("Case collection"),
    PublicationKind.RAPPORT: N_("Report"),
    PublicationKind.VIDEO: N_("Video"),
}
