"""Kinds and states of the congress; labels are gettext markers, translated when shown."""

from __future__ import annotations

from enum import StrEnum

from werkplaats.i18n import N_


class FormatKind(StrEnum):
    PRESENTATIE = "presentatie"
    WORKSHOP = "workshop"
    POSTER = "poster"
    DIALOOGSESSIE = "dialoogsessie"
    PITCH = "pitch"

    @property
    def label(self) -> str:
        return FORMAT_LABELS[self]


FORMAT_LABELS = {
    FormatKind.PRESENTATIE: N_("Presentation"),
    FormatKind.WORKSHOP: N_("Workshop"),
    FormatKind.POSTER: N_("Poster"),
    FormatKind.DIALOOGSESSIE: N_("Dialogue session"),
    FormatKind.PITCH: N_("Pitch"),
}


class AbstractState(StrEnum):
    """Where a submission stands. Confirmation by the speaker is `confirmed_at` on an
    accepted one, not a state of its own."""

    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WAITLISTED = "waitlisted"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    AbstractState.SUBMITTED: N_("Submitted, awaiting review"),
    AbstractState.WITHDRAWN: N_("Withdrawn"),
    AbstractState.ACCEPTED: N_("Accepted"),
    AbstractState.REJECTED: N_("Not accepted"),
    AbstractState.WAITLISTED: N_("On the waiting list"),
}


class ContributorRole(StrEnum):
    SPEAKER = "speaker"  # presents at the congress
    CO_AUTHOR = "co_author"  # wrote it, does not present


class AssignedBy(StrEnum):
    HAND = "hand"
    TRACK = "track"
    AUTO = "auto"


class Decision(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    WAITLIST = "waitlist"

    @property
    def state(self) -> AbstractState:
        return {
            Decision.ACCEPT: AbstractState.ACCEPTED,
            Decision.REJECT: AbstractState.REJECTED,
            Decision.WAITLIST: AbstractState.WAITLISTED,
        }[self]


class SlotKind(StrEnum):
    PARALLEL = "parallel"  # a round of parallel sessions in rooms
    PLENARY = "plenary"  # one item for everyone: opening, keynote, pauze, lunch
