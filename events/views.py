"""The shapes of an event, a registration and a question as the rest of the app sees them.

At the bottom of the app: views import only enums, codes and the shell's settings and
i18n, so services, exporters (calendars, badges, tickets, certificates), controllers
and the other apps' extension points can all take them without a cycle.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from events.codes import code_groups
from events.enums import EventKind, EventStatus, QuestionKind, RegistrationStatus
from werkplaats import i18n
from werkplaats.i18n import _, format_when
from werkplaats.settings import get_settings

# What a registrant tells about themselves: the fields of the form and of the download
PERSON_FIELDS = (
    "name",
    "email",
    "organisation",
    "organisation_type",
    "job_role",
    "registerplein_number",
    "accessibility_needs",
    "dietary_needs",
)


@dataclass(frozen=True)
class EventView:
    id: int
    title: str
    slug: str
    kind: EventKind
    status: EventStatus
    summary: str
    description: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: dict[str, Any] | None
    online_url: str
    capacity: int | None
    registration_opens_at: dt.datetime | None
    registration_closes_at: dt.datetime | None
    moderated: bool
    contact_name: str
    contact_email: str
    accreditation_id: str
    accreditation_points: Decimal | None
    net_hours: Decimal | None
    sequence: int
    updated_at: dt.datetime
    themes: list[dict[str, Any]] = field(default_factory=list)
    retention_months: int = 12
    sessions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def when(self) -> str:
        return format_when(self.starts_at, self.ends_at)

    @property
    def is_past(self) -> bool:
        return self.ends_at < dt.datetime.now(dt.UTC)

    @property
    def is_cancelled(self) -> bool:
        return self.status is EventStatus.CANCELLED

    @property
    def is_hybrid(self) -> bool:
        return bool(self.venue and self.online_url)

    @property
    def address_line(self) -> str:
        if not self.venue:
            return ""
        parts = [
            self.venue["address"],
            " ".join(p for p in (self.venue["postal_code"], self.venue["city"]) if p),
        ]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class QuestionView:
    id: int
    label: str
    help_text: str
    kind: QuestionKind
    required: bool
    choices: list[str]
    max_length: int
    position: int
    shown_if_question: int | None
    shown_if_value: str

    @property
    def field_name(self) -> str:
        return f"q{self.id}"


@dataclass(frozen=True)
class RegistrationView:
    id: int
    token: str
    status: RegistrationStatus
    position: int | None
    name: str
    email: str
    organisation: str
    organisation_type: str
    job_role: str
    registerplein_number: str
    accessibility_needs: str
    dietary_needs: str
    ticket_code: str
    language: str
    version: int
    created_at: dt.datetime
    event: EventView
    questions: list[QuestionView] = field(default_factory=list)
    answers: dict[int, Any] = field(default_factory=dict)
    closed_reason: str | None = None

    @property
    def can_change(self) -> bool:
        return self.status.is_active and self.closed_reason is None

    @property
    def has_ticket(self) -> bool:
        return self.status is RegistrationStatus.REGISTERED

    @property
    def answer_lines(self) -> list[tuple[str, str]]:
        return [
            (q.label, display(q, self.answers[q.id]))
            for q in self.questions
            if q.id in self.answers
        ]


def display(question: QuestionView, value: Any) -> str:
    """An answer as text for pages and exports."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


def verify_url(code: str) -> str:
    return f"{get_settings().base_url}/verify/{code}"


@dataclass(frozen=True)
class CertificateView:
    """A certificate as issued (the snapshot), with the registration it belongs to.

    A certificate *as speaker* names the contribution its holder gave (a talk's or a
    workshop's title); another app issues those (`hooks.certificate_by_code` finds
    them) and they need not belong to a registration."""

    id: int
    registration_id: int | None
    code: str
    name: str
    registerplein_number: str
    event_title: str
    event_starts_at: dt.datetime
    event_ends_at: dt.datetime
    net_hours: Decimal | None
    accreditation_points: Decimal | None
    accreditation_id: str
    organiser: str
    language: str
    issued_at: dt.datetime
    mailed_at: dt.datetime | None
    contribution: str = ""

    @property
    def as_speaker(self) -> bool:
        return bool(self.contribution)

    @property
    def code_groups(self) -> str:
        return code_groups(self.code)

    @property
    def verify_url(self) -> str:
        return verify_url(self.code)

    @property
    def date(self) -> str:
        """`dinsdag 13 april 2027`, or both days of an event over two or more days."""
        start, end = i18n.local(self.event_starts_at), i18n.local(self.event_ends_at)
        if start.date() == end.date():
            return i18n.format_day(start)
        return f"{i18n.format_day(start)} – {i18n.format_day(end)}"
