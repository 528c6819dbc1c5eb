"""The programme's results: programmes over years, each year's targets, and what the
network knows of its partners beyond events' register (domains, municipality, region)."""

from __future__ import annotations

from piccolo.columns import ForeignKey, Integer, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from events.tables import Partner
from programme.enums import TargetKind


class FundedProgramme(Table):
    """A funded programme, e.g. Werkplaats Sociaal Domein Noord-Holland 2020–2022.

    Years do not overlap between programmes (the service refuses it): a year
    belongs to at most one programme, so /beheer/resultaten/{year} is unambiguous.
    """

    name = Varchar(length=200)
    first_year = Integer()
    last_year = Integer()


class ProgrammeTarget(Table):
    """The least number of events of a kind (or publications) a year promises.

    A year without a row for a kind uses the programme's default (`DEFAULT_TARGETS`).
    """

    programme = ForeignKey(references=FundedProgramme, null=False, on_delete=OnDelete.cascade)
    year = Integer(index=True)
    kind = Varchar(length=30, choices=TargetKind)
    minimum = Integer(default=0)


class PartnerProfile(Table):
    """Where a partner works: its municipality and the region (K4, IJmond, …)."""

    partner = ForeignKey(references=Partner, null=False, unique=True, on_delete=OnDelete.cascade)
    municipality = Varchar(length=100, default="")
    region = Varchar(length=100, default="")


class PartnerDomain(Table):
    """An e-mail domain of a partner's staff: a registration from it counts for the
    partner. A domain belongs to one partner only (unique)."""

    partner = ForeignKey(references=Partner, null=False, on_delete=OnDelete.cascade)
    domain = Varchar(length=200, unique=True, index=True, help_text="Lower-cased, no @")


class PartnerContact(Table):
    """A contact person at a partner: whom the organiser writes to, and who may hold
    a personal link to the partner's view."""

    partner = ForeignKey(references=Partner, null=False, on_delete=OnDelete.cascade)
    name = Varchar(length=200)
    email = Varchar(length=254, help_text="Lower-cased")


class OrganisationLink(Table):
    """An organisation name as registrants typed it, linked to a partner by an
    organiser (the review queue): a registration no domain matched counts for the
    partner when its organisation reads the same (case and spaces ignored)."""

    name_key = Varchar(length=200, unique=True, index=True, help_text="organisation_key()")
    name = Varchar(length=200, help_text="As it was first typed")
    partner = ForeignKey(references=Partner, null=False, on_delete=OnDelete.cascade)
    linked_at = Timestamptz(default=TimestamptzNow())


class PartnerViewLink(Table):
    """A personal link for a partner's contact to see who of its staff attended what.

    Only the SHA-256 of its token is kept (as for check-in links); a revoked link
    keeps its row so that the link stays dead.
    """

    partner = ForeignKey(references=Partner, null=False, on_delete=OnDelete.cascade)
    label = Varchar(length=200, help_text="Whom it is for")
    token_hash = Varchar(length=64, unique=True, index=True)
    created_at = Timestamptz(default=TimestamptzNow())
    revoked_at = Timestamptz(null=True, default=None)
