"""Who of a partner's staff attended what, for the partner's own learning records:
for the organiser in the back office, and for a partner's contact through a
personal link (`/partner/{token}`).

A registration counts for the partner as everywhere in the programme (`matching`):
by e-mail domain, else by a linked organisation name. Only the SHA-256 of a link's
token is stored, as for check-in links: the organiser sees the link once, when
making it. A revoked link keeps its row, so it stays dead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from events.enums import EventKind
from events.tables import Checkin
from programme.services.matching import partner_matcher
from programme.tables import PartnerViewLink
from werkplaats import audit
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _

LABEL_LIMIT = 200


@dataclass(frozen=True)
class StaffAttendance:
    name: str
    email: str
    event_title: str
    event_kind: EventKind
    starts_at: dt.datetime


@dataclass(frozen=True)
class ViewLink:
    id: int
    label: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def staff_attendance(partner_id: int) -> list[StaffAttendance]:
    """Every check-in at an event's entrance by someone counting for the partner,
    newest event first. Anonymised registrations are left out (no name remains)."""
    matcher = await partner_matcher()
    rows = await (
        Checkin.select(
            Checkin.registration.name.as_alias("name"),
            Checkin.registration.email.as_alias("email"),
            Checkin.registration.organisation.as_alias("organisation"),
            Checkin.event.title.as_alias("title"),
            Checkin.event.kind.as_alias("kind"),
            Checkin.event.starts_at.as_alias("starts_at"),
        )
        .where(
            Checkin.session.is_null()
            & Checkin.undone_at.is_null()
            & Checkin.registration.anonymised_at.is_null()
        )
        .order_by(Checkin.event.starts_at, ascending=False)
    )
    found = []
    for row in rows:
        partner = matcher.partner(row["email"], row["organisation"])
        if partner is not None and partner.id == partner_id:
            found.append(
                StaffAttendance(
                    row["name"],
                    row["email"],
                    row["title"],
                    EventKind(row["kind"]),
                    row["starts_at"],
                )
            )
    return sorted(found, key=lambda a: (-a.starts_at.timestamp(), a.name.casefold()))


async def create_view_link(partner_id: int, *, label: str) -> str:
    """A new personal link to the partner's view; returns the token (not kept)."""
    label = label.strip()
    if not label:
        raise FieldErrors({"label": _("Say whom this link is for, e.g. the HR adviser.")})
    if len(label) > LABEL_LIMIT:
        raise FieldErrors({"label": _("At most {n} characters.").format(n=LABEL_LIMIT)})
    token = secrets.token_urlsafe(32)
    await PartnerViewLink.insert(
        PartnerViewLink(partner=partner_id, label=label, token_hash=_hash(token))
    )
    await audit.record("partner_view_link.created", f"partner:{partner_id}", label=label)
    return token


async def view_links(partner_id: int) -> list[ViewLink]:
    rows = await (
        PartnerViewLink.select(
            PartnerViewLink.id,
            PartnerViewLink.label,
            PartnerViewLink.created_at,
            PartnerViewLink.revoked_at,
        )
        .where(PartnerViewLink.partner == partner_id)
        .order_by(PartnerViewLink.created_at, ascending=False)
    )
    return [ViewLink(**row) for row in rows]


async def revoke_view_link(partner_id: int, link_id: int) -> bool:
    """False when the partner has no such open link."""
    rows = await (
        PartnerViewLink.update({PartnerViewLink.revoked_at: dt.datetime.now(dt.UTC)})
        .where(
            (PartnerViewLink.id == link_id)
            & (PartnerViewLink.partner == partner_id)
            & PartnerViewLink.revoked_at.is_null()
        )
        .returning(PartnerViewLink.id)
    )
    if rows:
        await audit.record("partner_view_link.revoked", f"partner:{partner_id}", link=link_id)
    return bool(rows)


async def partner_of_token(token: str) -> tuple[int, str] | None:
    """(partner id, name) behind an open link, else None (no reason given)."""
    if not token or len(token) > 100:
        return None
    row = await (
        PartnerViewLink.select(
            PartnerViewLink.partner.id.as_alias("id"),
            PartnerViewLink.partner.name.as_alias("name"),
        )
        .where((PartnerViewLink.token_hash == _hash(token)) & PartnerViewLink.revoked_at.is_null())
        .first()
    )
    return (row["id"], row["name"]) if row else None
