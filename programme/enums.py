"""What a programme year promises, and how far along each promise is."""

from __future__ import annotations

from enum import StrEnum

from events.enums import EventKind
from werkplaats.i18n import N_


class TargetKind(StrEnum):
    """One promise of a programme year: a number of events of a kind, or of publications."""

    REGIONALE_BIJEENKOMST = "regionale_bijeenkomst"
    THEMABIJEENKOMST = "themabijeenkomst"
    ACTUALITEITENCOLLEGE = "actualiteitencollege"
    CONGRES = "congres"
    PUBLICATIE = "publicatie"

    @property
    def label(self) -> str:
        return TARGET_LABELS[self]

    @property
    def event_kind(self) -> EventKind | None:
        """The kind of event that counts for it; None: publications count."""
        return None if self is TargetKind.PUBLICATIE else EventKind(self.value)


TARGET_LABELS = {
    TargetKind.REGIONALE_BIJEENKOMST: N_("Regional meetings with all partners"),
    TargetKind.THEMABIJEENKOMST: N_("Themed meetings"),
    TargetKind.ACTUALITEITENCOLLEGE: N_("Topical lectures"),
    TargetKind.CONGRES: N_("Congress"),
    TargetKind.PUBLICATIE: N_("Publications (guides, articles, columns, case collections)"),
}


class TargetState(StrEnum):
    MET = "met"
    ON_TRACK = "on_track"  # what is planned would meet it
    AT_RISK = "at_risk"  # not met, and what is planned would not meet it
    MISSED = "missed"  # the year is over and it was not met

    @property
    def label(self) -> str:
        return TARGET_STATE_LABELS[self]


TARGET_STATE_LABELS = {
    TargetState.MET: N_("Met"),
    TargetState.ON_TRACK: N_("On track"),
    TargetState.AT_RISK: N_("At risk"),
    TargetState.MISSED: N_("Missed"),
}
