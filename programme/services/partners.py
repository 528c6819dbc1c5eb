"""The register of the network's partners: events' `Partner` with what the programme
knows beside it (municipality, region, contact persons, e-mail domains).

A partner is saved whole or not at all: the name, the domains and the contacts are
checked first, and a domain is checked again under the `partners` lock, so two
organisers giving the same domain to two partners at once cannot both succeed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from events.enums import PartnerKind
from events.services.catalogue.rules import EMAIL_PATTERN
from events.tables import Partner
from programme.partner_kinds import partner_kind_label
from programme.tables import PartnerContact, PartnerDomain, PartnerProfile
from werkplaats import audit
from werkplaats.db import atomic, lock
from werkplaats.errors import FieldErrors
from werkplaats.exports import ExportTable
from werkplaats.i18n import _
from werkplaats.text_rules import text_errors

PARTNER_FIELDS = ("name", "kind", "municipality", "region", "domains", "contacts")
DOMAIN_PATTERN = re.compile(r"^(?=.{4,200}$)([a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")


@dataclass(frozen=True)
class Contact:
    name: str
    email: str


@dataclass
class PartnerRecord:
    id: int
    name: str
    kind: str
    municipality: str = ""
    region: str = ""
    domains: list[str] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return partner_kind_label(self.kind)

    def form(self) -> dict[str, str]:
        """The record as the edit form shows it."""
        return {
            "name": self.name,
            "kind": self.kind,
            "municipality": self.municipality,
            "region": self.region,
            "domains": "\n".join(self.domains),
            "contacts": "\n".join(f"{c.name}, {c.email}" for c in self.contacts),
        }


def parse_domains(text: str) -> list[str]:
    """One domain a line (or comma-separated); `@` and `www.` dropped, lower-cased."""
    found = []
    for part in re.split(r"[\s,;]+", text.strip().lower()):
        domain = part.lstrip("@").removeprefix("www.")
        if domain and domain not in found:
            found.append(domain)
    return found


def parse_contacts(text: str) -> tuple[list[Contact], str | None]:
    """One contact a line: `name, e-mail`; the message for the first bad line."""
    contacts = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, _sep, email = line.rpartition(",")
        name, email = name.strip(), email.strip().lower()
        if not name or not EMAIL_PATTERN.match(email) or len(name) > 200 or len(email) > 254:
            return [], _("Line %(n)s: write a name, a comma and an e-mail address.") % {"n": number}
        contacts.append(Contact(name, email))
    return contacts, None


async def _domain_owners(domains: list[str], partner_id: int | None) -> dict[str, str]:
    if not domains:
        return {}
    rows = await PartnerDomain.select(
        PartnerDomain.domain, PartnerDomain.partner.name.as_alias("name")
    ).where(PartnerDomain.domain.is_in(domains) & (PartnerDomain.partner != (partner_id or 0)))
    return {row["domain"]: row["name"] for row in rows}


def _check(values: dict[str, str]) -> tuple[dict[str, str], list[str], list[Contact]]:
    errors = text_errors(values, lines=("name", "municipality", "region"), texts=("contacts",))
    if not values["name"]:
        errors["name"] = _("Enter a name.")
    for key, limit in (("name", 200), ("municipality", 100), ("region", 100)):
        if len(values[key]) > limit:
            errors[key] = _("At most {n} characters.").format(n=limit)
    if values["kind"] not in set(PartnerKind):
        errors["kind"] = _("Choose a type.")
    domains = parse_domains(values["domains"])
    bad = [domain for domain in domains if not DOMAIN_PATTERN.match(domain)]
    if bad:
        errors["domains"] = _("Not a domain: %(domains)s (write e.g. velsen.nl).") % {
            "domains": ", ".join(bad)
        }
    contacts, problem = parse_contacts(values["contacts"])
    if problem:
        errors["contacts"] = problem
    return errors, domains, contacts


async def save_partner(values: dict[str, Any], *, partner_id: int | None = None) -> int:
    """Create or change a partner with its profile, domains and contacts.

    A domain that belongs to another partner is refused on the `domains` field, with
    that partner named; nothing is saved then."""
    clean = {key: str(values.get(key, "")).strip() for key in PARTNER_FIELDS}
    errors, domains, contacts = _check(clean)
    async with atomic():
        await lock("partners")
        if await Partner.exists().where(
            (Partner.name == clean["name"]) & (Partner.id != (partner_id or 0))
        ):
            errors["name"] = _("There is already a partner with this name.")
        owners = await _domain_owners(domains, partner_id)
        if owners and "domains" not in errors:
            errors["domains"] = "; ".join(
                _("%(domain)s already belongs to %(partner)s") % {"domain": d, "partner": p}
                for d, p in owners.items()
            )
        if errors:
            raise FieldErrors(errors)
        partner_id = await _write(clean, partner_id, domains, contacts)
    await audit.record("partner.saved", f"partner:{partner_id}", name=clean["name"])
    return partner_id


async def _write(
    clean: dict[str, str], partner_id: int | None, domains: list[str], contacts: list[Contact]
) -> int:
    data = {Partner.name: clean["name"], Partner.kind: clean["kind"]}
    if partner_id is None:
        rows = await Partner.insert(Partner(_data=data)).returning(Partner.id)
        partner_id = rows[0]["id"]
    else:
        await Partner.update(data).where(Partner.id == partner_id)
    await PartnerProfile.delete().where(PartnerProfile.partner == partner_id)
    await PartnerProfile.insert(
        PartnerProfile(
            partner=partner_id, municipality=clean["municipality"], region=clean["region"]
        )
    )
    await PartnerDomain.delete().where(PartnerDomain.partner == partner_id)
    if domains:
        await PartnerDomain.insert(*[PartnerDomain(partner=partner_id, domain=d) for d in domains])
    await PartnerContact.delete().where(PartnerContact.partner == partner_id)
    if contacts:
        await PartnerContact.insert(
            *[PartnerContact(partner=partner_id, name=c.name, email=c.email) for c in contacts]
        )
    return partner_id


async def list_partners(*, search: str = "", partner_id: int | None = None) -> list[PartnerRecord]:
    """Partners by name, with profile, domains and contacts; `search` matches the
    name, the municipality, the region or a domain (case ignored)."""
    query = Partner.select(Partner.id, Partner.name, Partner.kind).order_by(Partner.name)
    if partner_id is not None:
        query = query.where(Partner.id == partner_id)
    records = {row["id"]: PartnerRecord(**row) for row in await query}
    ids = list(records) or [0]
    for row in await PartnerProfile.select().where(PartnerProfile.partner.is_in(ids)):
        records[row["partner"]].municipality = row["municipality"]
        records[row["partner"]].region = row["region"]
    domains = PartnerDomain.select().where(PartnerDomain.partner.is_in(ids))
    for row in await domains.order_by(PartnerDomain.domain):
        records[row["partner"]].domains.append(row["domain"])
    contacts = PartnerContact.select().where(PartnerContact.partner.is_in(ids))
    for row in await contacts.order_by(PartnerContact.id):
        records[row["partner"]].contacts.append(Contact(row["name"], row["email"]))
    needle = search.strip().casefold()
    return [
        record
        for record in records.values()
        if not needle
        or any(
            needle in text.casefold()
            for text in (record.name, record.municipality, record.region, *record.domains)
        )
    ]


async def get_partner(partner_id: int) -> PartnerRecord | None:
    found = await list_partners(partner_id=partner_id)
    return found[0] if found else None


def partners_table(partners: list[PartnerRecord]) -> ExportTable:
    return ExportTable(
        header=[
            _("Name"),
            _("Type"),
            _("Municipality"),
            _("Region"),
            _("E-mail domains"),
            _("Contact persons"),
        ],
        rows=[
            [
                p.name,
                p.kind_label,
                p.municipality,
                p.region,
                ", ".join(p.domains),
                "; ".join(f"{c.name} <{c.email}>" for c in p.contacts),
            ]
            for p in partners
        ],
    )
