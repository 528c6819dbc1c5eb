"""Which partner a registration counts for: the partner whose e-mail domain the
registrant uses, else the partner an organiser linked the organisation name they
typed to (the review queue), else none."""

from __future__ import annotations

import re
from dataclasses import dataclass

from piccolo.columns import Column

from programme.tables import OrganisationLink, PartnerDomain, PartnerProfile


@dataclass(frozen=True)
class PartnerMatch:
    id: int
    name: str
    kind: str
    municipality: str


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def organisation_key(name: str) -> str:
    """An organisation name with case, spaces and the usual punctuation ignored:
    'Gemeente  Velsen' and 'gemeente velsen.' are one organisation."""
    return re.sub(r"\s+", " ", re.sub(r"[.,;:'\"()]", " ", name)).strip().casefold()[:200]


@dataclass(frozen=True)
class Matcher:
    by_domain: dict[str, PartnerMatch]
    by_name: dict[str, PartnerMatch]

    def partner(self, email: str, organisation: str) -> PartnerMatch | None:
        return self.by_domain.get(email_domain(email)) or self.by_name.get(
            organisation_key(organisation)
        )


async def _profiles() -> dict[int, str]:
    rows = await PartnerProfile.select(PartnerProfile.partner, PartnerProfile.municipality)
    return {row["partner"]: row["municipality"] for row in rows}


async def _matches(table: type[PartnerDomain | OrganisationLink], key: Column) -> dict:
    """`key` → the partner, for every row of `table` (domains or linked names)."""
    municipality = await _profiles()
    rows = await table.select(
        key.as_alias("key"),
        table.partner.id.as_alias("partner_id"),
        table.partner.name.as_alias("name"),
        table.partner.kind.as_alias("kind"),
        table.partner.city.as_alias("city"),
    )
    return {
        row["key"]: PartnerMatch(
            row["partner_id"],
            row["name"],
            row["kind"],
            municipality.get(row["partner_id"]) or row["city"],
        )
        for row in rows
    }


async def partner_matcher() -> Matcher:
    """Both lookups read once: a year's reach matches thousands of registrations."""
    return Matcher(
        await _matches(PartnerDomain, PartnerDomain.domain),
        await _matches(OrganisationLink, OrganisationLink.name_key),
    )
