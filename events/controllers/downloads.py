"""File responses shared by the personal page and the back office."""

from __future__ import annotations

import asyncio

from litestar import Response

from events.certificate_pdf import certificate_filename, certificate_pdf
from events.services.certificates import CertificateView


def download(body: bytes, media_type: str, filename: str, *, inline: bool = False) -> Response:
    """A file that holds personal data: never kept by a cache on the way."""
    disposition = "inline" if inline else "attachment"
    return Response(
        body,
        media_type=media_type,
        headers={
            "Content-Disposition": f'{disposition}; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


async def certificate_download(certificate: CertificateView, *, inline: bool = False) -> Response:
    """The certificate's PDF, rendered now (in a thread: ~60 ms of CPU)."""
    pdf = await asyncio.to_thread(certificate_pdf, certificate)
    return download(pdf, "application/pdf", certificate_filename(certificate), inline=inline)
