"""Labels of events' partner kinds, as the programme's pages and report show them."""

from __future__ import annotations

from events.enums import PartnerKind
from werkplaats.i18n import N_, _

PARTNER_KIND_LABELS = {
    PartnerKind.GEMEENTE: N_("Municipality"),
    PartnerKind.ZORG_WELZIJN: N_("Care or welfare organisation"),
    PartnerKind.ONDERWIJS: N_("Education"),
    PartnerKind.CLIENTENORGANISATIE: N_("Client or citizens' organisation"),
    PartnerKind.NETWERK: N_("Network"),
    PartnerKind.KENNISINSTITUUT: N_("Knowledge institute"),
    PartnerKind.OVERIG: N_("Other"),
}


def partner_kind_label(kind: str) -> str:
    try:
        return _(PARTNER_KIND_LABELS[PartnerKind(kind)])
    except ValueError:
        return _("Other")
