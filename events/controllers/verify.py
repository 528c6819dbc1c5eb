"""`/verify`: anyone checks a certificate of attendance by its code.

The page confirms what the certificate says, or answers a plain 404 that tells
nothing more (not whether the code was ever issued, nor to whom). Lookups are
counted per address, so the page cannot be used to try codes in bulk — with 80
random bits guessing is hopeless anyway, but it would still cost us queries.
Search engines are asked not to index it: the page carries a person's name.
"""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from events.services.documents.certificates import (
    CertificateView,
    certificate_by_code,
    normalise_code,
)
from werkplaats.errors import too_many
from werkplaats.i18n import _
from werkplaats.store import count_hit, seconds_left

LOOKUPS_PER_ADDRESS = 60
LOOKUP_WINDOW_SECONDS = 600
NOINDEX = {"X-Robots-Tag": "noindex, nofollow", "Cache-Control": "private, no-store"}


async def check_lookup_rate(request: Request) -> None:
    address = request.client.host if request.client else "?"
    if await count_hit(f"verify:addr:{address}", LOOKUP_WINDOW_SECONDS) > LOOKUPS_PER_ADDRESS:
        raise too_many(
            _("Too many certificates checked in a short time. Try again later."),
            seconds_left(LOOKUP_WINDOW_SECONDS),
        )


def _form(typed: str = "", error: str = "", status_code: int = 200) -> Template:
    return Template(
        "events/verify.html",
        context={"certificate": None, "typed": typed, "error": error},
        status_code=status_code,
        headers=NOINDEX,
    )


def _found(certificate: CertificateView) -> Template:
    return Template(
        "events/verify.html",
        context={"certificate": certificate, "typed": "", "error": ""},
        headers=NOINDEX,
    )


def _not_found(typed: str) -> Template:
    return Template(
        "events/verify_not_found.html", context={"typed": typed}, status_code=404, headers=NOINDEX
    )


class VerifyController(Controller):
    path = "/verify"
    include_in_schema = False

    @get("/")
    async def form(self, request: Request, code: FromQuery[str] = "") -> Template | Redirect:
        """The form to type a code; sent, it goes to the code's own page."""
        if not code.strip():
            return _form()
        await check_lookup_rate(request)
        normalised = normalise_code(code)
        if normalised is None:
            message = _(
                "A verification code has 26 letters and digits (16 on certificates "
                "from before December 2026), as printed under the QR code."
            )
            return _form(code[:100], message, status_code=400)
        certificate = await certificate_by_code(normalised)
        if certificate is None:
            return _not_found(code[:100])
        return Redirect(f"/verify/{normalised}", status_code=303)

    @get("/{code:str}")
    async def show(self, request: Request, code: FromPath[str]) -> Template:
        await check_lookup_rate(request)
        normalised = normalise_code(code)
        certificate = await certificate_by_code(normalised) if normalised else None
        return _found(certificate) if certificate else _not_found(code[:100])
