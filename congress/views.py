"""The shapes of a call for abstracts and an abstract as pages, mails and the API see them.

At the bottom of the app: views import only enums and the shell's i18n and settings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from congress.enums import AbstractState, ContributorRole, FormatKind
from werkplaats.i18n import _, format_moment
from werkplaats.settings import get_settings


@dataclass(frozen=True)
class FormatView:
    kind: FormatKind
    duration_minutes: int


@dataclass(frozen=True)
class CallQuestionView:
    id: int
    label: str
    help_text: str
    required: bool
    max_length: int

    @property
    def field_name(self) -> str:
        return f"cq{self.id}"


@dataclass(frozen=True)
class CallView:
    """A call with what its form offers: formats, tracks (the event's themes) and the
    organiser's questions."""

    id: int
    event_id: int
    event_slug: str
    event_title: str
    event_status: str
    event_ends_at: dt.datetime
    opens_at: dt.datetime
    closes_at: dt.datetime
    introduction: str
    word_limit: int
    max_speakers: int
    max_co_authors: int
    anonymised: bool = False
    reviewers_per_abstract: int = 2
    confirm_within_days: int = 14
    remind_after_days: int = 7
    formats: list[FormatView] = field(default_factory=list)
    tracks: list[dict[str, Any]] = field(default_factory=list)  # id, name, slug
    questions: list[CallQuestionView] = field(default_factory=list)

    def closed_reason(self, now: dt.datetime | None = None) -> str | None:
        """Why abstracts cannot be sent (or changed) now; None while the call is open."""
        now = now or dt.datetime.now(dt.UTC)
        if self.event_status == "cancelled":
            return _("This event has been cancelled.")
        if now < self.opens_at:
            return _("The call for abstracts opens on {moment}.").format(
                moment=format_moment(self.opens_at)
            )
        if now >= self.closes_at:
            return _("The call for abstracts closed on {moment}.").format(
                moment=format_moment(self.closes_at)
            )
        return None

    def format_of(self, kind: str) -> FormatView | None:
        return next((f for f in self.formats if f.kind.value == kind), None)

    def track_of(self, slug: str) -> dict[str, Any] | None:
        return next((t for t in self.tracks if t["slug"] == slug), None)

    @property
    def url(self) -> str:
        return call_path(self.event_slug)


def call_path(slug: str) -> str:
    return f"/events/{slug}/oproep"


def programme_path(slug: str) -> str:
    return f"/events/{slug}/programma"


def session_path(slug: str, item_id: int) -> str:
    return f"/events/{slug}/programma/{item_id}"


def abstract_path(token: str) -> str:
    return f"/s/{token}"


def abstract_url(token: str) -> str:
    return f"{get_settings().base_url}{abstract_path(token)}"


@dataclass(frozen=True)
class ContributorView:
    role: ContributorRole
    name: str
    email: str
    organisation: str

    @property
    def label(self) -> str:
        """`Noor Hendriks (Hogeschool Inholland)`, as lists of speakers show them."""
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


@dataclass(frozen=True)
class AbstractView:
    id: int
    token: str
    state: AbstractState
    title: str
    abstract: str
    format: FormatKind
    track: dict[str, Any] | None
    learning_goals: str
    target_audience: str
    publish_consent: bool
    answers: dict[str, str]
    language: str
    slides_url: str
    publication_url: str
    created_at: dt.datetime
    updated_at: dt.datetime
    decided_at: dt.datetime | None
    confirm_before: dt.datetime | None
    confirmed_at: dt.datetime | None
    call: CallView
    contributors: list[ContributorView] = field(default_factory=list)

    @property
    def speakers(self) -> list[ContributorView]:
        return [c for c in self.contributors if c.role is ContributorRole.SPEAKER]

    @property
    def co_authors(self) -> list[ContributorView]:
        return [c for c in self.contributors if c.role is ContributorRole.CO_AUTHOR]

    @property
    def contact(self) -> ContributorView:
        """The first speaker: who gets the mails about the abstract."""
        return self.speakers[0]

    @property
    def can_edit(self) -> bool:
        return self.state is AbstractState.SUBMITTED and self.call.closed_reason() is None

    @property
    def can_withdraw(self) -> bool:
        return self.state in WITHDRAWABLE and self.call.event_ends_at > dt.datetime.now(dt.UTC)

    @property
    def can_confirm(self) -> bool:
        return self.state is AbstractState.ACCEPTED and self.confirmed_at is None

    @property
    def can_add_materials(self) -> bool:
        return self.state is AbstractState.ACCEPTED

    @property
    def url(self) -> str:
        return abstract_url(self.token)


WITHDRAWABLE = frozenset(
    {AbstractState.SUBMITTED, AbstractState.ACCEPTED, AbstractState.WAITLISTED}
)
