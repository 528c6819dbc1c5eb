"""Linking registrations to partners by hand, and merging two partners.

The review queue holds the organisation names typed on registrations that neither
a partner's e-mail domain nor an earlier link matched, most frequent first, each
with the partners whose names look most like it. Linking a name makes every
registration with that name (case and spaces ignored) count for the partner.

Merging moves everything of one partner to the other and removes the first; it is
refused, with what stands in the way named, when a link would be lost or change
meaning on the way.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from dataclasses import dataclass

from events.tables import CalendarFeed, Partner, Registration
from programme.services.matching import email_domain, organisation_key, partner_matcher
from programme.tables import (
    OrganisationLink,
    PartnerContact,
    PartnerDomain,
    PartnerProfile,
    PartnerViewLink,
)
from werkplaats import audit
from werkplaats.db import atomic, lock
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _

SUGGESTIONS = 3
LEAST_LIKE = 0.5  # difflib's ratio below which a partner's name is no suggestion


@dataclass(frozen=True)
class Suggestion:
    partner_id: int
    name: str
    score: int  # percent


@dataclass(frozen=True)
class UnmatchedName:
    key: str
    name: str  # the spelling typed most often
    registrations: int
    domains: list[str]
    suggestions: list[Suggestion]


def suggestions_for(key: str, partners: dict[int, str]) -> list[Suggestion]:
    """The partners whose names look most like `key`, best first."""
    scored = []
    for partner_id, name in partners.items():
        ratio = difflib.SequenceMatcher(None, key, organisation_key(name)).ratio()
        if ratio >= LEAST_LIKE:
            scored.append(Suggestion(partner_id, name, round(ratio * 100)))
    return sorted(scored, key=lambda s: (-s.score, s.name))[:SUGGESTIONS]


async def unmatched_names() -> list[UnmatchedName]:
    """Organisation names no domain or link matched, most registrations first."""
    matcher = await partner_matcher()
    rows = await Registration.select(Registration.email, Registration.organisation).where(
        (Registration.organisation != "") & Registration.anonymised_at.is_null()
    )
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    domains: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        key = organisation_key(row["organisation"])
        if key and matcher.partner(row["email"], row["organisation"]) is None:
            spellings[key][row["organisation"].strip()] += 1
            domains[key][email_domain(row["email"])] += 1
    partners = {row["id"]: row["name"] for row in await Partner.select(Partner.id, Partner.name)}
    queue = [
        UnmatchedName(
            key=key,
            name=names.most_common(1)[0][0],
            registrations=names.total(),
            domains=[domain for domain, _n in domains[key].most_common(3)],
            suggestions=suggestions_for(key, partners),
        )
        for key, names in spellings.items()
    ]
    return sorted(queue, key=lambda item: (-item.registrations, item.key))


async def link_organisation(name: str, partner_id: int) -> None:
    """Count registrations with organisation `name` for the partner from now on.

    A name already linked to another partner is refused, naming that partner."""
    key = organisation_key(name)
    if not key:
        raise FieldErrors({"name": _("Enter an organisation name.")})
    async with atomic():
        await lock("partners")
        partner = await Partner.select(Partner.name).where(Partner.id == partner_id).first()
        if partner is None:
            raise FieldErrors({"partner": _("Choose a partner.")})
        taken = (
            await OrganisationLink.select(OrganisationLink.partner.name.as_alias("partner"))
            .where(OrganisationLink.name_key == key)
            .first()
        )
        if taken is not None:
            raise FieldErrors(
                {"name": _("This name is already linked to %(p)s.") % {"p": taken["partner"]}}
            )
        await OrganisationLink.insert(
            OrganisationLink(name_key=key, name=name.strip()[:200], partner=partner_id)
        )
    await audit.record("partner.name_linked", f"partner:{partner_id}", name=name[:100])


async def _merge_problems(keep: int, gone: int, names: dict[int, str]) -> list[str]:
    problems = []
    links = await PartnerViewLink.select(PartnerViewLink.label).where(
        (PartnerViewLink.partner == gone) & PartnerViewLink.revoked_at.is_null()
    )
    if links:
        problems.append(
            _(
                "%(partner)s has personal links to its attendance (%(labels)s): after a merge "
                "they would show the staff of %(other)s too. Revoke them first."
            )
            % {
                "partner": names[gone],
                "labels": ", ".join(row["label"] for row in links),
                "other": names[keep],
            }
        )
    places = {
        row["partner"]: row["municipality"]
        for row in await PartnerProfile.select().where(PartnerProfile.partner.is_in([keep, gone]))
    }
    if places.get(keep) and places.get(gone) and places[keep] != places[gone]:
        problems.append(
            _(
                "%(a)s is in %(ma)s and %(b)s in %(mb)s: the attendees of one would move to "
                "the other municipality. Make the municipalities the same first."
            )
            % {"a": names[keep], "ma": places[keep], "b": names[gone], "mb": places[gone]}
        )
    return problems


async def merge_partners(keep: int, gone: int) -> None:
    """Move `gone`'s domains, linked names, contacts and calendar feeds to `keep`, add
    `gone`'s own name as a linked name of `keep`, and remove `gone`. All or nothing;
    refused (FieldErrors on `other`) with every problem named."""
    if keep == gone:
        raise FieldErrors({"other": _("Choose another partner to merge with.")})
    async with atomic():
        await lock("partners")
        rows = await Partner.select(Partner.id, Partner.name).where(Partner.id.is_in([keep, gone]))
        names = {row["id"]: row["name"] for row in rows}
        if len(names) != 2:
            raise FieldErrors({"other": _("Choose another partner to merge with.")})
        problems = await _merge_problems(keep, gone, names)
        if problems:
            raise FieldErrors({"other": " ".join(problems)})
        await _move(keep, gone, names[gone])
    await audit.record("partner.merged", f"partner:{keep}", merged=names[gone])


async def _move(keep: int, gone: int, gone_name: str) -> None:
    for table in (PartnerDomain, OrganisationLink, PartnerViewLink):
        await table.update({table.partner: keep}).where(table.partner == gone)
    await CalendarFeed.update({CalendarFeed.partner: keep}).where(CalendarFeed.partner == gone)
    known = {
        row["email"] for row in await PartnerContact.select().where(PartnerContact.partner == keep)
    }
    await PartnerContact.delete().where(
        (PartnerContact.partner == gone) & PartnerContact.email.is_in([*known, ""])
    )
    await PartnerContact.update({PartnerContact.partner: keep}).where(
        PartnerContact.partner == gone
    )
    kept = await PartnerProfile.select().where(PartnerProfile.partner == keep).first()
    other = await PartnerProfile.select().where(PartnerProfile.partner == gone).first()
    if other is not None and (kept is None or not kept["municipality"]):
        await PartnerProfile.delete().where(PartnerProfile.partner == keep)
        await PartnerProfile.update({PartnerProfile.partner: keep}).where(
            PartnerProfile.partner == gone
        )
    key = organisation_key(gone_name)
    if key and not await OrganisationLink.exists().where(OrganisationLink.name_key == key):
        await OrganisationLink.insert(OrganisationLink(name_key=key, name=gone_name, partner=keep))
    await Partner.delete().where(Partner.id == gone)
