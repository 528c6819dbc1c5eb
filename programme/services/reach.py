"""Whom a year's events reached: people checked in, the organisations they came
from, by partner type and municipality, and who came for the first time.

A person is their e-mail address (lower-cased at registration). Their organisation
is the partner they count for (`matching`: by e-mail domain, else by a linked
organisation name), else the organisation name they typed (trimmed, case ignored);
their type is the partner's, else the one they chose."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from events.enums import OrganisationType
from events.tables import Checkin, Event, Registration
from programme.partner_kinds import partner_kind_label
from programme.services.counts import year_bounds
from programme.services.matching import PartnerMatch, partner_matcher
from werkplaats.i18n import _


@dataclass
class Reach:
    attendees: int = 0
    organisations: int = 0
    first_time: int = 0
    returning: int = 0
    by_type: list[tuple[str, int]] = field(default_factory=list)
    by_municipality: list[tuple[str, int]] = field(default_factory=list)
    by_partner: list[tuple[str, int]] = field(default_factory=list)


async def _attendees(year: int) -> list[dict]:
    start, end = year_bounds(year)
    return await Registration.select(
        Registration.email, Registration.organisation, Registration.organisation_type
    ).where(
        Registration.id.is_in(
            Checkin.select(Checkin.registration).where(
                Checkin.session.is_null()
                & Checkin.undone_at.is_null()
                & Checkin.event.is_in(
                    Event.select(Event.id).where(
                        (Event.starts_at >= start) & (Event.starts_at < end)
                    )
                )
            )
        )
    )


async def _came_before(year: int) -> set[str]:
    start, _end = year_bounds(year)
    rows = await Registration.select(Registration.email).where(
        Registration.id.is_in(
            Checkin.select(Checkin.registration).where(
                Checkin.session.is_null()
                & Checkin.undone_at.is_null()
                & Checkin.event.is_in(Event.select(Event.id).where(Event.starts_at < start))
            )
        )
    )
    return {row["email"] for row in rows}


def _type_label(row: dict, partner: PartnerMatch | None) -> str:
    if partner is not None:
        return partner_kind_label(partner.kind)
    if row["organisation_type"]:
        return _(OrganisationType(row["organisation_type"]).label)
    return _("Unknown")


async def reach_of_year(year: int) -> Reach:
    """Each person counts once, with their first organisation of the year."""
    matcher = await partner_matcher()
    people: dict[str, tuple[dict, PartnerMatch | None]] = {}
    for row in await _attendees(year):
        people.setdefault(row["email"], (row, matcher.partner(row["email"], row["organisation"])))
    before = await _came_before(year)
    organisations = set()
    by_type: Counter[str] = Counter()
    by_municipality: Counter[str] = Counter()
    by_partner: Counter[str] = Counter()
    for row, partner in people.values():
        if partner is not None:
            organisations.add(("partner", partner.id))
            by_partner[partner.name] += 1
        elif row["organisation"].strip():
            organisations.add(("name", row["organisation"].strip().casefold()))
        by_type[_type_label(row, partner)] += 1
        by_municipality[(partner.municipality if partner else "") or _("Unknown")] += 1
    returning = len(people.keys() & before)
    return Reach(
        attendees=len(people),
        organisations=len(organisations),
        first_time=len(people) - returning,
        returning=returning,
        by_type=by_type.most_common(),
        by_municipality=by_municipality.most_common(),
        by_partner=by_partner.most_common(),
    )
