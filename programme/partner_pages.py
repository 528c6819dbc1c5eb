"""A partner contact's own page: who of the partner's staff attended what, behind a
personal link an organiser made (and can revoke)."""

from __future__ import annotations

from litestar import Controller, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from programme.services.partner_view import partner_of_token, staff_attendance

PRIVATE = {
    "Cache-Control": "private, no-store",
    "X-Robots-Tag": "noindex",
    "Referrer-Policy": "no-referrer",
}


class PartnerViewController(Controller):
    path = "/partner"
    include_in_schema = False

    @get("/{token:str}")
    async def view(self, token: FromPath[str]) -> Template:
        """A revoked or unknown link is a plain 404: it tells nothing about the partner."""
        found = await partner_of_token(token)
        if found is None:
            raise NotFoundException()
        partner_id, name = found
        return Template(
            "programme/partner_view.html",
            context={"partner_name": name, "rows": await staff_attendance(partner_id)},
            headers=PRIVATE,
        )
