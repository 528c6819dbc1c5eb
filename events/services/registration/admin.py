"""What organisers see of an event's registrations: counts, the list, one in full.

Only reads: every change of status goes through `events.services.registration.core`,
which holds the seat rules. Places on the waiting list are numbered here in one
pass, in the order `promote_from_waiting_list` uses (`waitlisted_at`, then id),
instead of one query per row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from piccolo.query.functions.aggregate import Count

from events.enums import ConsentKind, RegistrationStatus
from events.services.registration.mine import answers_of
from events.services.registration.questions import decode_answer, questions_for
from events.tables import Answer, Consent, Event, Registration
from events.views import display
from werkplaats.db import contains
from werkplaats.i18n import N_

SEARCH_LIMIT = 100
CONSENT_LABELS = {
    ConsentKind.PRIVACY: N_("Privacy statement"),
    ConsentKind.NEWSLETTER: N_("Newsletter"),
}


@dataclass(frozen=True)
class Overview:
    counts: dict[RegistrationStatus, int]
    capacity: int | None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def seats_taken(self) -> int:
        return self.counts[RegistrationStatus.REGISTERED]

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.seats_taken, 0)


@dataclass(frozen=True)
class RegistrationLine:
    id: int
    name: str
    email: str
    organisation: str
    status: RegistrationStatus
    position: int | None
    created_at: dt.datetime


@dataclass(frozen=True)
class RegistrationDetail:
    row: dict[str, Any]  # the registration as stored, for the services that take a row
    status: RegistrationStatus
    position: int | None
    answers: list[tuple[str, str]] = field(default_factory=list)
    consents: list[dict[str, Any]] = field(default_factory=list)


async def event_by_slug(slug: str) -> dict[str, Any] | None:
    """The event row, drafts included: organisers prepare before publishing."""
    return await Event.select().where(Event.slug == slug).first()


async def overview(event: dict[str, Any]) -> Overview:
    rows = (
        await Registration.select(Registration.status, Count(alias="n"))
        .where(Registration.event == event["id"])
        .group_by(Registration.status)
    )
    counts = dict.fromkeys(RegistrationStatus, 0)
    for row in rows:
        counts[RegistrationStatus(row["status"])] = row["n"]
    return Overview(counts=counts, capacity=event["capacity"])


def number_waiting_list(rows: list[dict[str, Any]]) -> dict[int, int]:
    """Registration id → place on the waiting list, for the waitlisted among `rows`."""
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    waiting = sorted(
        (r for r in rows if r["status"] == RegistrationStatus.WAITLISTED),
        key=lambda r: (r["waitlisted_at"] or epoch, r["id"]),
    )
    return {row["id"]: place for place, row in enumerate(waiting, start=1)}


async def waiting_list_places(event_id: int) -> dict[int, int]:
    rows = await Registration.select(
        Registration.id, Registration.status, Registration.waitlisted_at
    ).where(
        (Registration.event == event_id) & (Registration.status == RegistrationStatus.WAITLISTED)
    )
    return number_waiting_list(rows)


def by_name(row: dict[str, Any]) -> tuple[str, int]:
    return (row["name"].casefold(), row["id"])


async def list_registrations(
    event_id: int, *, search: str = "", status: RegistrationStatus | None = None
) -> list[RegistrationLine]:
    """The event's registrations sorted by name; `search` looks in name, e-mail and
    organisation (case-insensitive)."""
    query = Registration.select(
        Registration.id,
        Registration.name,
        Registration.email,
        Registration.organisation,
        Registration.status,
        Registration.created_at,
    ).where(Registration.event == event_id)
    if status is not None:
        query = query.where(Registration.status == status)
    text = search.strip()[:SEARCH_LIMIT]
    if text:
        query = query.where(
            contains(Registration.name, text)
            | contains(Registration.email, text)
            | contains(Registration.organisation, text)
        )
    places = await waiting_list_places(event_id)
    return [
        RegistrationLine(
            id=row["id"],
            name=row["name"],
            email=row["email"],
            organisation=row["organisation"],
            status=RegistrationStatus(row["status"]),
            position=places.get(row["id"]),
            created_at=row["created_at"],
        )
        for row in sorted(await query, key=by_name)
    ]


async def registration_by_email(event_id: int, email: str) -> dict[str, Any] | None:
    return (
        await Registration.select(Registration.id)
        .where((Registration.event == event_id) & (Registration.email == email.strip().lower()))
        .first()
    )


async def answer_values(event_id: int) -> dict[int, dict[int, Any]]:
    """Registration id → {question id → typed answer}, for the whole event at once."""
    rows = await Answer.select(Answer.registration, Answer.question, Answer.value).where(
        Answer.registration.event == event_id
    )
    result: dict[int, dict[int, Any]] = {}
    for row in rows:
        result.setdefault(row["registration"], {})[row["question"]] = decode_answer(row["value"])
    return result


async def registration_detail(event_id: int, registration_id: int) -> RegistrationDetail | None:
    """One registration of this event in full, or None (also when it belongs to
    another event: the id in the path must not open someone else's data)."""
    row = (
        await Registration.select()
        .where((Registration.id == registration_id) & (Registration.event == event_id))
        .first()
    )
    if row is None:
        return None
    given = await answers_of(registration_id)
    consents = (
        await Consent.select()
        .where(Consent.registration == registration_id)
        .order_by(Consent.given_at)
        .order_by(Consent.id)
    )
    status = RegistrationStatus(row["status"])
    places = await waiting_list_places(event_id) if status is RegistrationStatus.WAITLISTED else {}
    questions = await questions_for(event_id)
    return RegistrationDetail(
        row=row,
        status=status,
        position=places.get(registration_id),
        answers=[(q.label, display(q, given[q.id])) for q in questions if q.id in given],
        consents=[
            {**consent, "label": CONSENT_LABELS.get(consent["kind"], consent["kind"])}
            for consent in consents
        ],
    )


async def registration_counts(event_ids: list[int]) -> dict[int, dict[str, int]]:
    """Event id → registrations per status (the statuses with none left out), in one
    statement: the numbers beside each event on the dashboard."""
    if not event_ids:
        return {}
    rows = (
        await Registration.select(Registration.event, Registration.status, Count())
        .where(Registration.event.is_in(event_ids))
        .group_by(Registration.event, Registration.status)
    )
    counts: dict[int, dict[str, int]] = {event_id: {} for event_id in event_ids}
    for row in rows:
        counts[row["event"]][row["status"]] = row["count"]
    return counts
