"""The certificate as a file, for the personal page and the back office."""

from __future__ import annotations

from litestar import Response

from events.certificate_pdf import certificate_filename, certificate_pdf
from events.views import CertificateView
from werkplaats.pdf import in_pdf_thread
from werkplaats.responses import private_download


async def certificate_download(certificate: CertificateView, *, inline: bool = False) -> Response:
    """The certificate's PDF, rendered now on a warm PDF thread (~60 ms of CPU)."""
    pdf = await in_pdf_thread(certificate_pdf, certificate)
    return private_download(
        pdf, "application/pdf", certificate_filename(certificate), inline=inline
    )
