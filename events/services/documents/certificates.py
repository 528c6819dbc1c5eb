"""Certificates of attendance (bewijs van deelname): who gets one, and issuing it.

A registration earns a certificate when its person was there — a live check-in
(not undone) at the entrance or in any of the event's sessions — and the event
has ended without being cancelled. Issuing is idempotent: the registration
column is unique and the insert does nothing on a conflict, so a download during
the send job, or two at once, end with the same one certificate.

What a certificate says is a snapshot taken when it is issued, in the registrant's
language: a later change of the name, the event's title or its points does not
change a paper already in someone's portfolio, and `/verify/{code}` confirms that
paper. The verification code is 16 characters of Crockford's base 32 (80 random
bits), printed in groups of four; a typed code is read as Crockford decoding
reads it (case, spaces and dashes do not matter; O is 0, I and L are 1).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from events import hooks
from events.codes import random_code, read_code
from events.enums import EventStatus
from events.tables import Certificate, Checkin, Event, Registration
from events.views import CertificateView
from werkplaats import audit, i18n
from werkplaats.db import atomic, contains
from werkplaats.i18n import N_

CODE_LENGTH = 26  # 130 bits, as DESIGN.md asks of every code in a link
OLD_CODE_LENGTH = 16  # 80 bits: issued before 2026-12-03, still verified
NETWORK = N_("Werkplaats Sociaal Domein")
SEARCH_LIMIT = 100


def new_code() -> str:
    return random_code(CODE_LENGTH)


def normalise_code(typed: str) -> str | None:
    """The code as stored, from what someone typed; None if it cannot be one."""
    return read_code(typed, CODE_LENGTH) or read_code(typed, OLD_CODE_LENGTH)


def _view(row: dict[str, Any]) -> CertificateView:
    return CertificateView(
        id=row["id"],
        registration_id=row["registration"],
        code=row["code"],
        name=row["name"],
        registerplein_number=row["registerplein_number"],
        event_title=row["event_title"],
        event_starts_at=row["event_starts_at"],
        event_ends_at=row["event_ends_at"],
        net_hours=row["net_hours"],
        accreditation_points=row["accreditation_points"],
        accreditation_id=row["accreditation_id"],
        organiser=row["organiser"],
        language=row["language"],
        issued_at=row["issued_at"],
        mailed_at=row["mailed_at"],
    )


def _live(event_id: int) -> Any:
    return (Checkin.event == event_id) & Checkin.undone_at.is_null()


def _attended(event_id: int) -> Any:
    """A subquery: the registrations with a live check-in anywhere in this event."""
    return Checkin.select(Checkin.registration).where(_live(event_id))


def _issued(event_id: int) -> Any:
    """A subquery: the registrations of this event that have a certificate."""
    return Certificate.select(Certificate.registration).where(
        Certificate.registration.event == event_id
    )


async def attended_count(event_id: int) -> int:
    rows = await Checkin.select(Checkin.registration).where(_live(event_id)).distinct()
    return len(rows)


def event_has_ended(event: dict[str, Any], *, now: dt.datetime | None = None) -> bool:
    """Certificates are for an event that took place: ended, and not cancelled."""
    now = now or dt.datetime.now(dt.UTC)
    return event["status"] != EventStatus.CANCELLED and event["ends_at"] < now


async def _eligible(registration_id: int) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(registration, event) if this registration earns a certificate now."""
    registration = await Registration.select().where(Registration.id == registration_id).first()
    if registration is None:
        return None
    event = await Event.select().where(Event.id == registration["event"]).first()
    if event is None or not event_has_ended(event):
        return None
    attended = await Checkin.exists().where(
        _live(event["id"]) & (Checkin.registration == registration_id)
    )
    return (registration, event) if attended else None


def organiser_line(event: dict[str, Any]) -> str:
    """Who issues a certificate of this event, in the current language."""
    contact = (event["contact_name"] or "").strip()
    return f"{i18n.gettext(NETWORK)}, {contact}" if contact else i18n.gettext(NETWORK)


def _snapshot(registration: dict[str, Any], event: dict[str, Any]) -> Certificate:
    language = i18n.normalise_language(registration["language"])
    with i18n.language(language):
        organiser = organiser_line(event)
    return Certificate(
        registration=registration["id"],
        code=new_code(),
        name=registration["name"],
        registerplein_number=registration["registerplein_number"],
        event_title=event["title"],
        event_starts_at=event["starts_at"],
        event_ends_at=event["ends_at"],
        net_hours=event["net_hours"],
        accreditation_points=event["accreditation_points"],
        accreditation_id=event["accreditation_id"],
        organiser=organiser,
        language=language,
    )


async def _insert(rows: list[Certificate]) -> None:
    if rows:
        await Certificate.insert(*rows).on_conflict(
            target=Certificate.registration, action="DO NOTHING"
        )


async def certificate_of(registration_id: int) -> CertificateView | None:
    row = await Certificate.select().where(Certificate.registration == registration_id).first()
    return _view(row) if row else None


async def issue_certificate(registration_id: int) -> CertificateView | None:
    """The registration's certificate, issued now if it earns one and has none yet;
    None if it does not earn one."""
    existing = await certificate_of(registration_id)
    if existing is not None:
        return existing
    found = await _eligible(registration_id)
    if found is None:
        return None
    async with atomic():
        await _insert([_snapshot(*found)])
    return await certificate_of(registration_id)


async def issue_for_event(event_id: int) -> int:
    """Issue the missing certificates of everyone who attended; how many were new."""
    event = await Event.select().where(Event.id == event_id).first()
    if event is None or not event_has_ended(event):
        return 0
    registrations = await Registration.select().where(
        Registration.id.is_in(_attended(event_id)) & Registration.id.not_in(_issued(event_id))
    )
    if not registrations:
        return 0
    async with atomic():
        await _insert([_snapshot(r, event) for r in registrations])
        await audit.record(
            "certificates.issued", f"event:{event['slug']}", count=len(registrations)
        )
    return len(registrations)


async def certificate_by_code(code: str) -> CertificateView | None:
    """A certificate of attendance, or one another app issued (as speaker)."""
    row = await Certificate.select().where(Certificate.code == code).first()
    if row:
        return _view(row)
    return next((found for found in await hooks.certificate_by_code.call(code) if found), None)


async def certificate_in_event(event_id: int, certificate_id: int) -> CertificateView | None:
    """One certificate, only if it belongs to this event (an id in a path opens no other)."""
    row = (
        await Certificate.select()
        .where((Certificate.id == certificate_id) & (Certificate.registration.event == event_id))
        .first()
    )
    return _view(row) if row else None


async def certificates_for_event(event_id: int, *, search: str = "") -> list[CertificateView]:
    """The event's certificates by name; `search` looks in the name (any case)."""
    query = Certificate.select().where(Certificate.registration.event == event_id)
    text = search.strip()[:SEARCH_LIMIT]
    if text:
        query = query.where(contains(Certificate.name, text))
    rows = sorted(await query, key=lambda r: (r["name"].casefold(), r["id"]))
    return [_view(row) for row in rows]


@dataclass(frozen=True)
class CertificateOverview:
    """What the certificates page counts, and whom an organiser still has to chase."""

    ended: bool
    checked_in: int
    issued: int
    mailed: int
    to_mail: int  # what a send job would mail now: not issued yet, or issued, not mailed
    without_number: list[dict[str, Any]]  # attended, no Registerplein number: id, name, email


async def overview(event: dict[str, Any]) -> CertificateOverview:
    certificates = await Certificate.select(Certificate.mailed_at).where(
        Certificate.registration.event == event["id"]
    )
    not_issued = await Registration.count().where(
        Registration.id.is_in(_attended(event["id"])) & Registration.id.not_in(_issued(event["id"]))
    )
    missing = (
        await Registration.select(Registration.id, Registration.name, Registration.email)
        .where(
            Registration.id.is_in(_attended(event["id"]))
            & (Registration.registerplein_number == "")
        )
        .order_by(Registration.name)
    )
    return CertificateOverview(
        ended=event_has_ended(event),
        checked_in=await attended_count(event["id"]),
        issued=len(certificates),
        mailed=sum(1 for row in certificates if row["mailed_at"] is not None),
        to_mail=not_issued + sum(1 for row in certificates if row["mailed_at"] is None),
        without_number=missing,
    )


async def _registration_id(token: str) -> int | None:
    if not token or len(token) > 64:
        return None
    row = await Registration.select(Registration.id).where(Registration.token == token).first()
    return row["id"] if row else None


async def offers_certificate(token: str) -> bool:
    """Whether the personal page behind `token` offers a certificate to download.

    Most pages are of events still to come: one query answers those."""
    if not token or len(token) > 64:
        return False
    row = (
        await Registration.select(
            Registration.id,
            Registration.event.status.as_alias("status"),
            Registration.event.ends_at.as_alias("ends_at"),
        )
        .where(Registration.token == token)
        .first()
    )
    if row is None or not event_has_ended(row):
        return False
    if await Certificate.exists().where(Certificate.registration == row["id"]):
        return True
    return await Checkin.exists().where(
        (Checkin.registration == row["id"]) & Checkin.undone_at.is_null()
    )


async def certificate_for_token(token: str) -> CertificateView | None:
    """The certificate of the registration behind `token`, issued on first download."""
    registration_id = await _registration_id(token)
    return await issue_certificate(registration_id) if registration_id else None
