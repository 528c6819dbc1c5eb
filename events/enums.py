"""Kinds and states of events; labels are gettext markers, translated when shown."""

from __future__ import annotations

from enum import StrEnum

from werkplaats.i18n import N_


class EventKind(StrEnum):
    REGIONALE_BIJEENKOMST = "regionale_bijeenkomst"
    THEMABIJEENKOMST = "themabijeenkomst"
    ACTUALITEITENCOLLEGE = "actualiteitencollege"
    CONGRES = "congres"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @property
    def plural_label(self) -> str:
        return KIND_PLURAL_LABELS[self]


KIND_LABELS = {
    EventKind.REGIONALE_BIJEENKOMST: N_("Regional meeting"),
    EventKind.THEMABIJEENKOMST: N_("Themed meeting"),
    EventKind.ACTUALITEITENCOLLEGE: N_("Topical lecture"),
    EventKind.CONGRES: N_("Congress"),
}

KIND_PLURAL_LABELS = {
    EventKind.REGIONALE_BIJEENKOMST: N_("Regional meetings"),
    EventKind.THEMABIJEENKOMST: N_("Themed meetings"),
    EventKind.ACTUALITEITENCOLLEGE: N_("Topical lectures"),
    EventKind.CONGRES: N_("Congresses"),
}


class EventStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    EventStatus.DRAFT: N_("Draft"),
    EventStatus.PUBLISHED: N_("Published"),
    EventStatus.CANCELLED: N_("Cancelled"),
}


class PartnerKind(StrEnum):
    GEMEENTE = "gemeente"
    ZORG_WELZIJN = "zorg_welzijn"
    ONDERWIJS = "onderwijs"
    CLIENTENORGANISATIE = "clientenorganisatie"
    KENNISINSTITUUT = "kennisinstituut"
    OVERIG = "overig"
